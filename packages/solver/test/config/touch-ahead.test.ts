// Touch files created ahead must end up exactly as writing them at the end makes them, and a run that stops
// first must leave nothing behind.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { runConfMode, startTouchAheadFor } from '../../src/conf/modes.js';
import { startTouchAhead, touchDirectory } from '../../src/config/touch-ahead.js';
import { modelOf } from '../eval/support.js';

const tree = `
mainmenu "Test"
config A
	bool "a"
	default y
config B
	bool "b"
config C
	bool "c"
	depends on B
config S
	string "s"
config N
	int "n"
	default 3
`;

// C is set but its dependency is not (it ends up n); GONE is not in the tree; N is new (not in the .config).
const CONFIG = 'CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=y\nCONFIG_S=""\nCONFIG_GONE=y\nCONFIG_B2=n\n';

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function buildDir(config = CONFIG): string {
  const dir = mkdtempSync(join(tmpdir(), 'touch-ahead-'));
  scratch.push(dir);
  writeFileSync(join(dir, '.config'), config);
  return dir;
}

function olddefconfig(cwd: string, ahead: boolean) {
  const env = {};
  const touchAhead = ahead ? startTouchAheadFor('olddefconfig', { env, cwd }) : undefined;
  try {
    return runConfMode('olddefconfig', {
      model: modelOf(tree),
      rules: '6.12',
      env,
      cwd,
      silent: true,
      ...(touchAhead ? { touchAhead } : {}),
    });
  } finally {
    touchAhead?.abandon();
  }
}

describe('touch files created ahead', () => {
  test('end up the files conf writes: missing ones made, those of symbols not set removed', () => {
    const ahead = buildDir();
    const atEnd = buildDir();
    expect(olddefconfig(ahead, true).exitCode).toBe(0);
    expect(olddefconfig(atEnd, false).exitCode).toBe(0);
    const list = (dir: string) => readdirSync(join(dir, 'include/config')).sort();
    expect(list(ahead)).toEqual(['A', 'N', 'S', 'auto.conf', 'auto.conf.cmd']);
    expect(list(ahead)).toEqual(list(atEnd));
    for (const name of ['A', 'N', 'S']) expect(statSync(join(ahead, 'include/config', name)).size).toBe(0);
  });

  test('settled after the worker made them all: the extra ones removed, the missing one made', () => {
    const cwd = buildDir();
    const dir = join(cwd, 'include/config');
    const touchAhead = startTouchAhead(dir, join(cwd, '.config'), 'CONFIG_');
    // The worker makes them in .config order: GONE last.
    const sleeper = new Int32Array(new SharedArrayBuffer(4));
    for (let waited = 0; !existsSync(join(dir, 'GONE')) && waited < 10_000; waited += 5) {
      Atomics.wait(sleeper, 0, 0, 5);
    }
    expect(readdirSync(dir).sort()).toEqual(['A', 'C', 'GONE', 'S']);
    touchAhead?.settle(['A', 'N', 'S']);
    expect(readdirSync(dir).sort()).toEqual(['A', 'N', 'S']);
  });

  test('abandoned, leave nothing: not the files, not the directories made for them', () => {
    const cwd = buildDir();
    const touchAhead = startTouchAhead(join(cwd, 'include/config'), join(cwd, '.config'), 'CONFIG_');
    expect(touchAhead).toBeDefined();
    touchAhead?.abandon();
    expect(readdirSync(cwd)).toEqual(['.config']);
    // Settling after abandoning does nothing (the CLI abandons in a finally block after a run settled).
    touchAhead?.settle(['A']);
    expect(readdirSync(cwd)).toEqual(['.config']);
  });

  test('a directory made beside them by the stopped run stays', () => {
    const cwd = buildDir();
    const touchAhead = startTouchAhead(join(cwd, 'include/config'), join(cwd, '.config'), 'CONFIG_');
    mkdirSync(join(cwd, 'include/generated'));
    touchAhead?.abandon();
    expect(readdirSync(join(cwd, 'include'))).toEqual(['generated']);
  });

  test('only for a directory that does not exist, a readable config that sets something, a mode that writes', () => {
    const cwd = buildDir();
    mkdirSync(join(cwd, 'include/config'), { recursive: true });
    expect(startTouchAhead(join(cwd, 'include/config'), join(cwd, '.config'), 'CONFIG_')).toBeUndefined();
    const fresh = buildDir('# CONFIG_A is not set\n');
    expect(startTouchAhead(join(fresh, 'include/config'), join(fresh, '.config'), 'CONFIG_')).toBeUndefined();
    expect(startTouchAhead(join(fresh, 'include/config'), join(fresh, 'missing'), 'CONFIG_')).toBeUndefined();
    // A pipe (KCONFIG_CONFIG=<(...)) is left for the run to read: reading it here would also hang, no writer.
    execFileSync('mkfifo', [join(fresh, 'pipe')]);
    expect(startTouchAhead(join(fresh, 'include/config'), join(fresh, 'pipe'), 'CONFIG_')).toBeUndefined();
    expect(startTouchAheadFor('savedefconfig', { cwd: fresh, env: {} })).toBeUndefined();
    expect(startTouchAheadFor('olddefconfig', { cwd: fresh, env: {}, autoconf: false })).toBeUndefined();
    expect(readdirSync(fresh).sort()).toEqual(['.config', 'pipe']);
  });

  test("the directory is auto.conf's, as KCONFIG_AUTOCONFIG names it", () => {
    expect(touchDirectory('/b', 'include/config/auto.conf')).toBe('/b/include/config');
    expect(touchDirectory('/b', 'auto.conf')).toBe('/b');
    expect(touchDirectory('/b', '/abs/dir/x.conf')).toBe('/abs/dir');
    expect(existsSync('/b')).toBe(false);
  });
});
