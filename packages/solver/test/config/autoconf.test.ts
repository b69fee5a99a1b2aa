// conf_write_autoconf's file names, overwrite rule and touch files; the byte-exact contents are checked
// against the real conf by the syncconfig golden cases (test/conf/fixtures/sync*).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { autoconfNames, changedSymbols, formatAutoconf, writeAutoconf } from '../../src/config/autoconf.js';
import { runConfMode } from '../../src/conf/modes.js';
import { Evaluation } from '../../src/eval/evaluation.js';
import { modelOf } from '../eval/support.js';

const tree = `
mainmenu "Test"
config A
	bool "a"
	default y
config B
	bool "b"
config S
	string "s"
	default "x"
`;

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'autoconf-'));
  scratch.push(dir);
  return dir;
}

describe('autoconfNames', () => {
  test('defaults and KCONFIG_AUTOCONFIG / KCONFIG_AUTOHEADER / KCONFIG_RUSTCCFG overrides', () => {
    expect(autoconfNames({})).toEqual({
      autoconf: 'include/config/auto.conf',
      autoheader: 'include/generated/autoconf.h',
      rustccfg: 'include/generated/rustc_cfg',
    });
    expect(autoconfNames({ KCONFIG_AUTOCONFIG: 'a/b.conf', KCONFIG_AUTOHEADER: 'h.h', KCONFIG_RUSTCCFG: 'r' })).toEqual(
      { autoconf: 'a/b.conf', autoheader: 'h.h', rustccfg: 'r' },
    );
  });
});

describe('writeAutoconf', () => {
  test('writes every file under the overridden names, touch files next to auto.conf', () => {
    const cwd = tempDir();
    const ev = new Evaluation(modelOf(tree), { rules: '6.12' });
    const env = { KCONFIG_AUTOCONFIG: 'out/my.conf', KCONFIG_AUTOHEADER: 'gen/h.h', KCONFIG_RUSTCCFG: 'gen/rust' };
    expect(writeAutoconf(ev, { cwd, env, overwrite: true })).toEqual({ ok: true });
    expect(readFileSync(join(cwd, 'out/my.conf'), 'latin1')).toBe(formatAutoconf(ev));
    expect(readFileSync(join(cwd, 'out/my.conf.cmd'), 'latin1')).toMatch(/^autoconfig := out\/my\.conf\n/);
    expect(readFileSync(join(cwd, 'gen/h.h'), 'latin1')).toContain('#define CONFIG_S "x"\n');
    expect(readFileSync(join(cwd, 'gen/rust'), 'latin1')).toBe(
      '--cfg=CONFIG_S="x"\n--cfg=CONFIG_A\n--cfg=CONFIG_A="y"\n',
    );
    expect(readdirSync(join(cwd, 'out')).sort()).toEqual(['A', 'S', 'my.conf', 'my.conf.cmd']);
    expect(existsSync(join(cwd, 'include'))).toBe(false);
  });

  test('without overwrite, an existing auto.conf is left alone', () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'include/config'), { recursive: true });
    writeFileSync(join(cwd, 'include/config/auto.conf'), 'old\n');
    const ev = new Evaluation(modelOf(tree), { rules: '6.12' });
    writeAutoconf(ev, { cwd, env: {}, overwrite: false });
    expect(readFileSync(join(cwd, 'include/config/auto.conf'), 'latin1')).toBe('old\n');
    expect(existsSync(join(cwd, 'include/generated'))).toBe(false);
  });
});

describe('changedSymbols (conf_touch_deps)', () => {
  test('changed, dropped and vanished symbols; a new n needs no touch', () => {
    const ev = new Evaluation(modelOf(tree), { rules: '6.12' });
    expect(changedSymbols(ev, undefined).sort()).toEqual(['A', 'S']);
    expect(changedSymbols(ev, '#\nCONFIG_A=y\nCONFIG_S=x\n')).toEqual([]);
    expect(changedSymbols(ev, 'CONFIG_A=y\nCONFIG_S=y\nCONFIG_B=y\nCONFIG_GONE=y\n').sort()).toEqual([
      'B',
      'GONE',
      'S',
    ]);
  });
});

describe('runConfMode syncconfig', () => {
  test('KCONFIG_NOSILENTUPDATE refuses a configuration that needs updating', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, '.config'), 'CONFIG_A=y\n');
    const result = runConfMode('syncconfig', { model: modelOf(tree), env: { KCONFIG_NOSILENTUPDATE: '1' }, cwd });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('\n*** The configuration requires explicit update.\n\n');
    expect(readFileSync(join(cwd, '.config'), 'latin1')).toBe('CONFIG_A=y\n');
  });

  test('KCONFIG_NOSILENTUPDATE with an up-to-date .config leaves it alone and writes auto.conf', () => {
    const cwd = tempDir();
    const model = modelOf(tree);
    runConfMode('olddefconfig', { model, cwd, autoconf: false });
    expect(existsSync(join(cwd, 'include'))).toBe(false);
    const before = readFileSync(join(cwd, '.config'), 'latin1');
    const result = runConfMode('syncconfig', { model, env: { KCONFIG_NOSILENTUPDATE: '1' }, cwd });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('');
    expect(readFileSync(join(cwd, '.config'), 'latin1')).toBe(before);
    expect(existsSync(join(cwd, '.config.old'))).toBe(false);
    expect(readFileSync(join(cwd, 'include/config/auto.conf'), 'latin1')).toContain('CONFIG_A=y\n');
  });
});
