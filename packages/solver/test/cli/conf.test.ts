/**
 * The conf commands of the CLI on the examples tree, against outputs of the kernel's own conf (6.12) on the
 * same tree (fixtures/examples-*, made with srctree=examples SRCARCH=x86 ARCH=x86_64 KERNELVERSION=6.12.0).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/output.js';

const examples = fileURLToPath(new URL('../../../../examples', import.meta.url));
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ks-conf-'));
});

describe('kconfig-solve MODE', () => {
  const base = () => ['--srctree', examples, '--arch', 'x86_64'];
  const savedEnv = process.env.KERNELVERSION;
  beforeEach(() => {
    process.env.KERNELVERSION = '6.12.0';
  });
  afterEach(() => {
    process.env.KERNELVERSION = savedEnv;
  });

  it.each(['alldefconfig', 'allnoconfig', 'allyesconfig'])('%s writes what conf writes', async (mode) => {
    const config = join(dir, '.config');
    const { code, stdout } = await run([mode, ...base(), '--config', config]);
    expect(code).toBe(0);
    expect(stdout).toBe(`#\n# configuration written to ${config}\n#\n`);
    expect(readFileSync(config, 'utf8')).toBe(fixture(`examples-${mode}.config`));
  });

  it('savedefconfig writes the minimal defconfig conf writes', async () => {
    const config = join(dir, '.config');
    writeFileSync(config, fixture('examples-allyesconfig.config'));
    const out = join(dir, 'defconfig');
    const { code } = await run(['savedefconfig', ...base(), '--config', config, '--file', out]);
    expect(code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(fixture('examples-allyes-defconfig'));
  });

  it('olddefconfig on an unchanged config says so, keeps the file and makes no backup', async () => {
    const config = join(dir, '.config');
    writeFileSync(config, fixture('examples-alldefconfig.config'));
    const { code, stdout } = await run(['olddefconfig', ...base(), '--config', config]);
    expect(code).toBe(0);
    expect(stdout).toContain(`No change to ${config}`);
    expect(existsSync(`${config}.old`)).toBe(false);
  });

  it('keeps the previous .config as .config.old when it changes', async () => {
    const config = join(dir, '.config');
    writeFileSync(config, 'CONFIG_MODULES=y\n');
    const { code } = await run(['olddefconfig', ...base(), '--config', config, '-s']);
    expect(code).toBe(0);
    expect(readFileSync(`${config}.old`, 'utf8')).toBe('CONFIG_MODULES=y\n');
    expect(readFileSync(config, 'utf8')).toContain('CONFIG_MODULES=y\n');
  });

  it('refuses to evaluate a tree with errors', async () => {
    writeFileSync(join(dir, 'Kconfig'), 'menu "unterminated"\n');
    const { code, stderr } = await run(['allnoconfig', '--srctree', dir, '--config', join(dir, '.config')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/Kconfig:\d+:\d+: error: /);
    expect(existsSync(join(dir, '.config'))).toBe(false);
  });

  it('asks for --file where the mode needs one', async () => {
    expect((await run(['defconfig', ...base()])).code).toBe(2);
  });
});

describe('kconfig-solve conf (the drop-in)', () => {
  const savedEnv = { ...process.env };
  afterEach(() => {
    process.env = { ...savedEnv };
  });

  it("takes conf's command line and environment", async () => {
    Object.assign(process.env, {
      srctree: examples,
      SRCARCH: 'x86',
      ARCH: 'x86_64',
      CC: 'gcc',
      LD: 'ld',
      KERNELVERSION: '6.12.0',
      KCONFIG_CONFIG: join(dir, '.config'),
      // conf also creates a missing include/config/auto.conf & co. in its cwd: keep them in the scratch dir.
      KCONFIG_AUTOCONFIG: join(dir, 'auto.conf'),
      KCONFIG_AUTOHEADER: join(dir, 'autoconf.h'),
      KCONFIG_RUSTCCFG: join(dir, 'rustc_cfg'),
    });
    const { code, stdout } = await run(['conf', '-s', '--allnoconfig', join(examples, 'Kconfig')]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(readFileSync(join(dir, '.config'), 'utf8')).toBe(fixture('examples-allnoconfig.config'));
    expect(readFileSync(join(dir, 'auto.conf'), 'utf8')).toMatch(/^#\n# Automatically generated file; DO NOT EDIT\./);
  });

  it('leaves a fresh build directory as it was when the tree does not load (touch files made ahead removed)', async () => {
    writeFileSync(join(dir, 'Kconfig'), 'config A\n\tbool "a"\nmenu "unterminated"\n');
    writeFileSync(join(dir, '.config'), 'CONFIG_A=y\nCONFIG_B=y\n');
    Object.assign(process.env, {
      srctree: dir,
      KCONFIG_CONFIG: join(dir, '.config'),
      KCONFIG_AUTOCONFIG: join(dir, 'include/config/auto.conf'),
      KCONFIG_AUTOHEADER: join(dir, 'include/generated/autoconf.h'),
      KCONFIG_RUSTCCFG: join(dir, 'include/generated/rustc_cfg'),
    });
    const { code } = await run(['conf', '-s', '--olddefconfig', join(dir, 'Kconfig')]);
    expect(code).toBe(1);
    expect(existsSync(join(dir, 'include'))).toBe(false);
    // Fixed, the same run writes the touch file of A only (B is not in the tree).
    writeFileSync(join(dir, 'Kconfig'), 'config A\n\tbool "a"\n');
    expect((await run(['conf', '-s', '--olddefconfig', join(dir, 'Kconfig')])).code).toBe(0);
    expect(readdirSync(join(dir, 'include/config')).sort()).toEqual(['A', 'auto.conf', 'auto.conf.cmd']);
  });

  it('rejects bad usage', async () => {
    expect((await run(['conf', '--frob', 'Kconfig'])).code).toBe(2);
    expect((await run(['conf'])).code).toBe(2);
    expect((await run(['conf', '--defconfig', 'Kconfig'])).code).toBe(2);
  });
});
