// conf's question loop through runConfMode with scripted answers, and conf's automatic submenus (indentation).
// Byte-exact prompts, echo and help are checked against the real conf by the golden cases
// (fixtures/questions, fixtures/eof-error).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { scriptedAnswers, textAnswers } from '../../src/conf/answers.js';
import { buildConfMenu, type ConfMenu, parentMenu } from '../../src/conf/menu-tree.js';
import { runConfMode } from '../../src/conf/modes.js';
import { Evaluation } from '../../src/eval/evaluation.js';
import { modelOf } from '../eval/support.js';

const tree = `
mainmenu "Q"
config A
	bool "a"
config B
	bool "b under a"
	depends on A
config N
	int "n"
	range 1 10
	default 5
menu "M"
config S
	string "s"
endmenu
choice
	prompt "pick"
config P1
	bool "one"
config P2
	bool "two"
endchoice
`;

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'questions-'));
  scratch.push(dir);
  return dir;
}

describe('oldconfig', () => {
  test('scripted answers set the new symbols; refused ones fall back to the default', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, '.config'), '');
    const answers = scriptedAnswers({ A: 'y', B: 'y', N: '50', S: 'hello', P2: 'y' });
    const result = runConfMode('oldconfig', { model: modelOf(tree), env: {}, cwd, answers, autoconf: false });
    expect(result.exitCode).toBe(0);
    const config = readFileSync(join(cwd, '.config'), 'latin1');
    expect(config).toContain('CONFIG_A=y\nCONFIG_B=y\nCONFIG_N=5\n');
    expect(config).toContain('CONFIG_S="hello"\n');
    expect(config).toContain('# CONFIG_P1 is not set\nCONFIG_P2=y\n');
    // N=50 is out of range: asked again, the default taken.
    expect(result.stdout).toContain('n (N) [5] (NEW) 50\nn (N) [5] (NEW) \n');
    expect(result.stdout).toContain('  b under a (B) [N/y/?] (NEW) y\n');
  });

  test('without input every new symbol keeps its default and conf says input ended', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, '.config'), 'CONFIG_A=y\n');
    const result = runConfMode('oldconfig', { model: modelOf(tree), env: {}, cwd, answers: textAnswers('') });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.startsWith('*\n* Restart config...\n*\n*\n* Q\n*\na (A) [Y/n/?] y\n')).toBe(true);
    expect(result.stderr.split('Error in reading or end of file.').length - 1).toBe(4);
  });

  test('helpnewconfig prints each new symbol with its help, writing nothing', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, '.config'), 'CONFIG_A=y\nCONFIG_B=y\nCONFIG_N=3\nCONFIG_P1=y\n');
    const result = runConfMode('helpnewconfig', { model: modelOf(tree), env: {}, cwd, autoconf: false });
    expect(result.config).toBeUndefined();
    // What conf 6.12 prints for this tree and .config.
    const block = (body: string) => `-----\n\nThere is no help available for this option.\n${body}\n\n\n\n-----\n`;
    expect(result.stdout).toBe(
      block(
        'Symbol: S [=]\nType  : string\nDefined at Kconfig:13\n  Prompt: s\n  Location:\n    -> M\n      -> s (S [=])',
      ) +
        block(
          'Symbol: P2 [=n]\nType  : bool\nDefined at Kconfig:20\n  Prompt: two\n  Location:\n' +
            '    -> pick (<choice> [=n])\n      -> two (P2 [=n])',
        ),
    );
  });
});

describe('buildConfMenu', () => {
  test('a symbol takes the following entries that depend on it; parentMenu finds the enclosing menu', () => {
    const ev = new Evaluation(modelOf(tree), { rules: '6.12' });
    const root = buildConfMenu(ev.deps);
    const names = (m: ConfMenu): string[] =>
      m.children.map((c) => (c.node.kind === 'config' ? c.node.symbol : c.node.kind));
    expect(names(root)).toEqual(['A', 'N', 'menu', 'choice']);
    const a = root.children[0] as ConfMenu;
    expect(names(a)).toEqual(['B']);
    const s = (root.children[2] as ConfMenu).children[0] as ConfMenu;
    expect(parentMenu(s)).toBe(root.children[2]);
    expect(parentMenu(a.children[0] as ConfMenu)).toBe(root);
  });
});
