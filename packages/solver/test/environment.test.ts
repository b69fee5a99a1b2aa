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
});
