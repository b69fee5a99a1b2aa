import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kernelVersion as makefileKernelVersion } from '@kconfig-solve/solver';
import { kbuildEnvironment } from '../../src/config/kbuild-environment.js';
import { fixture } from '../support/fakes.js';
import { tempDir } from '../support/tree.js';

const SOURCE = fixture('kconfig-linux');

describe('kbuildEnvironment', () => {
  it("gives conf what the kernel's make would: ARCH, SRCARCH, srctree, the toolchain and KERNELVERSION", () => {
    const env = kbuildEnvironment({ sourceDir: SOURCE, buildDir: '/nonexistent', arch: 'x86_64' }, {});
    expect(env.ok && env.value).toMatchObject({
      ARCH: 'x86_64',
      SRCARCH: 'x86',
      srctree: SOURCE,
      CC: 'gcc',
      LD: 'ld',
      HOSTCC: 'gcc',
      KERNELVERSION: '6.12.3',
      KCONFIG_CONFIG: '.config',
    });
  });

  it('ignores an inherited CC, as the top Makefile does, and prefixes the cross toolchain', () => {
    const env = kbuildEnvironment(
      {
        sourceDir: SOURCE,
        buildDir: '/nonexistent',
        arch: 'arm64',
        localVersion: '-dist',
        toolchain: { crossCompile: 'aarch64-linux-gnu-', compilerWrapper: 'distcc' },
      },
      { CC: 'clang', CC_VERSION_TEXT: 'stale' },
    );
    expect(env.ok && env.value).toMatchObject({
      SRCARCH: 'arm64',
      CC: 'distcc aarch64-linux-gnu-gcc',
      LD: 'aarch64-linux-gnu-ld',
      OBJCOPY: 'aarch64-linux-gnu-objcopy',
      LOCALVERSION: '-dist',
    });
    expect(env.ok && env.value.CC_VERSION_TEXT).not.toBe('stale');
  });

  it('refuses LLVM builds, whose CLANG_FLAGS it does not compute', () => {
    const env = kbuildEnvironment({ sourceDir: SOURCE, buildDir: '/x', toolchain: { llvm: true } }, {});
    expect(env.ok).toBe(false);
    expect(env.diagnostics[0]).toMatchObject({
      code: 'config-failed',
      fix: 'use --resolver kernel-tools for LLVM builds',
    });
  });
});

describe('makefileKernelVersion', () => {
  it('reads VERSION.PATCHLEVEL.SUBLEVEL and an empty EXTRAVERSION without taking the next line', () => {
    expect(makefileKernelVersion(SOURCE)).toBe('6.12.3');
  });

  it('appends EXTRAVERSION and leaves out missing fields', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'Makefile'), 'VERSION = 6\nPATCHLEVEL = 13\nSUBLEVEL =\nEXTRAVERSION = -rc1\n');
    expect(makefileKernelVersion(dir)).toBe('6.13-rc1');
    expect(makefileKernelVersion(join(dir, 'nonexistent'))).toBeUndefined();
  });
});
