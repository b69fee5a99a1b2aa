import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { escapeString, formatConfig, formatDefconfig, saveConfigFile } from '../../src/config/write.js';
import { Evaluation } from '../../src/eval/evaluation.js';
import { modelOf } from '../eval/support.js';

const tree = `mainmenu "Demo"
config A
	bool "a"
	default y
menu "Sub"
config S
	string "s"
	default "say \\"hi\\" \\\\o/"
comment "note"
config A
	bool
endmenu
config B
	bool "b"
`;

describe('formatConfig (conf_write)', () => {
  test('header, menus, comments, end markers and the blank line after them', () => {
    const ev = new Evaluation(modelOf(tree));
    expect(formatConfig(ev)).toBe(
      '#\n# Automatically generated file; DO NOT EDIT.\n# Demo\n#\nCONFIG_A=y\n\n#\n# Sub\n#\nCONFIG_S="say \\"hi\\" \\\\o/"\n\n#\n# note\n#\n# end of Sub\n\n# CONFIG_B is not set\n',
    );
  });

  test('the prefix comes from the options', () => {
    const ev = new Evaluation(modelOf(tree));
    expect(formatConfig(ev, { prefix: 'X_' })).toContain('# X_B is not set\n');
  });

  test('savedefconfig keeps only what differs from the defaults', () => {
    const ev = new Evaluation(modelOf(tree));
    ev.setUserValue('B', 'y');
    ev.setUserValue('A', 'n');
    expect(formatDefconfig(ev)).toBe('# CONFIG_A is not set\nCONFIG_B=y\n');
  });

  test('escapeString escapes quotes and backslashes only', () => {
    expect(escapeString('a"b\\c\'d')).toBe('"a\\"b\\\\c\'d"');
  });
});

describe('saveConfigFile', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  test('keeps the previous file as .old and leaves an identical file alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'save-'));
    dirs.push(dir);
    const path = join(dir, '.config');
    writeFileSync(path, 'old\n');
    expect(saveConfigFile(path, 'new\n')).toEqual({
      ok: true,
      message: `configuration written to ${path}`,
      changed: true,
    });
    expect(readFileSync(`${path}.old`, 'utf8')).toBe('old\n');
    expect(saveConfigFile(path, 'new\n')).toEqual({ ok: true, message: `No change to ${path}`, changed: false });
    expect(readFileSync(`${path}.old`, 'utf8')).toBe('old\n');
  });

  test('creates the directory, and reports a failure instead of throwing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'save-'));
    dirs.push(dir);
    expect(saveConfigFile(join(dir, 'sub', '.config'), 'x\n').ok).toBe(true);
    writeFileSync(join(dir, 'file'), '');
    expect(saveConfigFile(join(dir, 'file', '.config'), 'x\n').ok).toBe(false);
  });
});
