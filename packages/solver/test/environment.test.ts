import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kernelEnvironment, kernelVersion, srcArchOf } from '../src/environment.js';

function tree(makefile: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ks-env-'));
  writeFileSync(join(dir, 'Makefile'), makefile);
  return dir;
}

describe('kernelVersion', () => {
  it('reads VERSION.PATCHLEVEL.SUBLEVEL with an empty EXTRAVERSION', () => {
    const dir = tree(
      '# SPDX\nVERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 117\nEXTRAVERSION =\nNAME = Baby Opossum Posse\n',
    );
    expect(kernelVersion(dir)).toBe('6.12.117');
  });

  it('appends EXTRAVERSION', () => {
    expect(kernelVersion(tree('VERSION = 7\nPATCHLEVEL = 0\nSUBLEVEL = 0\nEXTRAVERSION = -rc3\n'))).toBe('7.0.0-rc3');
  });

  it('is undefined without a Makefile', () => {
    expect(kernelVersion(mkdtempSync(join(tmpdir(), 'ks-env-')))).toBeUndefined();
  });
});

describe('kernelEnvironment', () => {
  it('maps ARCH to SRCARCH like the top Makefile', () => {
    expect(['x86_64', 'i386', 'sparc64', 'parisc64', 'arm64'].map(srcArchOf)).toEqual([
      'x86',
      'x86',
      'sparc',
      'parisc',
      'arm64',
    ]);
  });

  it('fills in what make exports without overriding the caller', () => {
    const dir = tree('VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 2\nEXTRAVERSION =\n');
    const env = kernelEnvironment({ srctree: dir, arch: 'x86_64', base: { CC: 'clang', CC_VERSION_TEXT: 'x' } });
    expect(env).toMatchObject({
      srctree: dir,
      ARCH: 'x86_64',
      SRCARCH: 'x86',
      CC: 'clang',
      LD: 'ld',
      KERNELVERSION: '6.1.2',
    });
  });

  it('names the tools as the Makefile does: CROSS_COMPILE for GNU, LLVM=1 or a prefix/ or -suffix for LLVM', () => {
    const dir = tree('VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n');
    const quiet = { CC_VERSION_TEXT: '', RUSTC_VERSION_TEXT: '' };
    const gnu = kernelEnvironment({
      srctree: dir,
      arch: 'arm64',
      base: { ...quiet, CROSS_COMPILE: 'aarch64-linux-gnu-' },
    });
    expect(gnu).toMatchObject({
      CC: 'aarch64-linux-gnu-gcc',
      LD: 'aarch64-linux-gnu-ld',
      OBJCOPY: 'aarch64-linux-gnu-objcopy',
      HOSTCC: 'gcc',
    });
    expect(kernelEnvironment({ srctree: dir, base: { ...quiet, LLVM: '1' } })).toMatchObject({
      CC: 'clang',
      LD: 'ld.lld',
      AR: 'llvm-ar',
      HOSTCC: 'clang',
    });
    expect(kernelEnvironment({ srctree: dir, base: { ...quiet, LLVM: '/opt/llvm/bin/' } })).toMatchObject({
      CC: '/opt/llvm/bin/clang',
      NM: '/opt/llvm/bin/llvm-nm',
    });
    expect(kernelEnvironment({ srctree: dir, base: { ...quiet, LLVM: '-19' } })).toMatchObject({
      CC: 'clang-19',
      HOSTCXX: 'clang++-19',
    });
    expect(gnu).toMatchObject({ RUSTC: 'rustc', BINDGEN: 'bindgen', PAHOLE: 'pahole', PYTHON3: 'python3' });
  });

  it('computes CC_VERSION_TEXT and RUSTC_VERSION_TEXT from the tools, without `#`', () => {
    const bin = mkdtempSync(join(tmpdir(), 'ks-env-bin-'));
    writeFileSync(join(bin, 'fakecc'), '#!/bin/sh\necho "fakecc #1 (x) 9.9"\necho second line\n', { mode: 0o755 });
    writeFileSync(join(bin, 'fakerustc'), '#!/bin/sh\necho "rustc 1.2.3"\n', { mode: 0o755 });
    const env = kernelEnvironment({
      srctree: tree('VERSION = 6\n'),
      base: { PATH: `${bin}:${process.env.PATH}`, CC: 'fakecc', RUSTC: 'fakerustc' },
    });
    expect(env.CC_VERSION_TEXT).toBe('fakecc 1 (x) 9.9');
    expect(env.RUSTC_VERSION_TEXT).toBe('rustc 1.2.3');
  });
});
