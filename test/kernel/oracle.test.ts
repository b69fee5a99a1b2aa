// The oracle infrastructure itself (test/support/kernel-trees.ts) against the real 6.1 and 6.12 trees: what
// make gives conf, what conf writes, and that cached outputs are conf's.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import {
  confConfig,
  confEnvironment,
  configSymbols,
  createLimiter,
  ensureConf,
  ensureKernelTree,
  srcArches,
} from '../support/kernel-trees.js';
import { runCommand, withLock } from '../support/process.js';

describe('kernel trees', () => {
  test('every arch/ directory with a Kconfig is an arch; ia64 is gone after 6.1', async () => {
    const arches61 = srcArches(await ensureKernelTree('6.1')).map((a) => a.srcArch);
    const arches612 = srcArches(await ensureKernelTree('6.12')).map((a) => a.srcArch);
    expect(arches61).toContain('ia64');
    expect(arches612).not.toContain('ia64');
    expect(arches612).toEqual(expect.arrayContaining(['x86', 'um', 'arm64', 'sparc', 'parisc', 'powerpc', 's390']));
    expect(arches61.length).toBe(arches612.length + 1);
  });

  test('conf is built out of tree: the source tree gets no .config', async () => {
    const conf = await ensureConf('6.12');
    expect(existsSync(conf)).toBe(true);
    expect(existsSync(`${await ensureKernelTree('6.12')}/.config`)).toBe(false);
  });
});

describe('the environment make gives conf', () => {
  test('x86_64: srctree, SRCARCH, ARCH, CC, KERNELVERSION, CC_VERSION_TEXT', async () => {
    const src = await ensureKernelTree('6.12');
    const environment = await confEnvironment('6.12', 'x86_64');
    const gcc = await runCommand('sh', ['-c', 'LC_ALL=C gcc --version | head -n 1'], { env: process.env });
    expect(environment.argv).toEqual(['--allnoconfig', 'Kconfig']);
    expect(environment.env).toMatchObject({
      srctree: src,
      SRCARCH: 'x86',
      ARCH: 'x86_64',
      CC: 'gcc',
      LD: 'ld',
      KCONFIG_CONFIG: '.config',
      CC_VERSION_TEXT: gcc.stdout.trim(),
    });
    expect(environment.env.KERNELVERSION).toMatch(/^6\.12\.\d+/);
    expect(environment.exported.SRCARCH).toBe('x86');
    // conf's cwd is the O= dir: it exists and nothing in it shadows a file of the tree.
    expect(environment.env.PWD).toBe(environment.cwd);
    expect(readdirSync(environment.cwd).filter((f) => f === 'Kconfig' || f === 'arch' || f === 'scripts')).toEqual([]);
  });

  test('um gets its host architecture (SUBARCH, HEADER_ARCH) from arch/um/Makefile', async () => {
    for (const version of ['6.1', '6.12'] as const) {
      const environment = await confEnvironment(version, 'um');
      expect(environment.env).toMatchObject({ SRCARCH: 'um', ARCH: 'um', SUBARCH: 'x86', HEADER_ARCH: 'x86' });
    }
  });
});

describe('conf outputs', () => {
  test('allnoconfig: the .config, conf own stdout apart from make, then the same from the cache', async () => {
    const first = await confConfig('6.12', 'x86_64', 'allnoconfig');
    expect(first.exitCode).toBe(0);
    expect(first.config).toMatch(
      /^#\n# Automatically generated file; DO NOT EDIT\.\n# Linux\/x86_64 6\.12\.\d+ Kernel/,
    );
    expect(first.config).toContain('CONFIG_64BIT=y\n');
    expect(first.stdout).toBe('#\n# configuration written to .config\n#\n');
    expect(first.invocations.map((i) => i.argv)).toEqual([['--allnoconfig', 'Kconfig']]);
    const again = await confConfig('6.12', 'x86_64', 'allnoconfig');
    expect(again.cached).toBe(true);
    expect(again.config).toBe(first.config);
  });

  test('olddefconfig keeps its own output unchanged; savedefconfig writes a subset without header', async () => {
    const defconfig = await confConfig('6.12', 'x86_64', 'x86_64_defconfig');
    expect(defconfig.exitCode).toBe(0);
    const old = await confConfig('6.12', 'x86_64', 'olddefconfig', { input: defconfig.config });
    expect(old.exitCode).toBe(0);
    expect(old.config).toBe(defconfig.config);
    const saved = await confConfig('6.12', 'x86_64', 'savedefconfig', { input: defconfig.config });
    expect(saved.exitCode).toBe(0);
    expect(saved.defconfig).toMatch(/^CONFIG_/);
    const written = new Set(configSymbols(defconfig.config));
    expect(configSymbols(saved.defconfig ?? '').filter((name) => !written.has(name))).toEqual([]);
  });

  test('randconfig takes KCONFIG_SEED and echoes it in upper-case hex', async () => {
    const result = await confConfig('6.1', 'arm64', 'randconfig', { seed: '0x1f2e3d4c' });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^KCONFIG_SEED=0x1F2E3D4C\n/);
    expect(result.invocations[0]?.env.KCONFIG_SEED).toBe('0x1f2e3d4c');
  });

  test('odd arches of both versions produce allnoconfig', async () => {
    const limit = createLimiter();
    const arches = ['um', 'sparc', 'parisc', 'powerpc', 's390', 'riscv'];
    const results = await Promise.all(
      (['6.1', '6.12'] as const).flatMap((v) => arches.map((a) => limit(() => confConfig(v, a, 'allnoconfig')))),
    );
    for (const result of results) {
      expect(result.exitCode, `${result.version} ${result.arch}: ${result.stderr}`).toBe(0);
      expect(configSymbols(result.config).length).toBeGreaterThan(400);
    }
  });
});

describe('createLimiter', () => {
  test('runs at most N tasks at a time, in submission order', async () => {
    const limit = createLimiter(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (n: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      order.push(n);
      await sleep(5);
      running--;
      return n;
    };
    const results = await Promise.all([0, 1, 2, 3, 4, 5].map((n) => limit(task(n))));
    expect(results).toEqual([0, 1, 2, 3, 4, 5]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });
});

describe('withLock', () => {
  test('takes over a lock whose holder is gone, and releases it', async () => {
    const lock = join(mkdtempSync(join(tmpdir(), 'kconfig-lock-')), 'x.lock');
    const gone = await runCommand('sh', ['-c', 'echo $$'], { env: process.env });
    writeFileSync(lock, gone.stdout.trim());
    expect(await withLock(lock, async () => existsSync(lock))).toBe(true);
    expect(existsSync(lock)).toBe(false);
  });
});
