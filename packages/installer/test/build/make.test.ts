import { describe, expect, it } from 'vitest';
import { kbuildTimestamp, makeArgs, makeVariables } from '../../src/build/make.js';

const base = { sourceDir: '/src', buildDir: '/out' };

describe('makeVariables', () => {
  it('passes the toolchain explicitly', () => {
    expect(
      makeVariables({
        ...base,
        arch: 'arm64',
        localVersion: '-dist',
        toolchain: { crossCompile: 'aarch64-linux-gnu-', llvm: true, ld: 'ld.lld', hostcc: 'clang' },
      }),
    ).toEqual([
      'O=/out',
      'ARCH=arm64',
      'CROSS_COMPILE=aarch64-linux-gnu-',
      'LLVM=1',
      'LD=ld.lld',
      'HOSTCC=clang',
      'LOCALVERSION=-dist',
    ]);
  });

  it('puts distcc or icecc in front of the target compiler only', () => {
    expect(makeVariables({ ...base, toolchain: { compilerWrapper: 'distcc' } })).toEqual(['O=/out', 'CC=distcc gcc']);
    expect(makeVariables({ ...base, toolchain: { compilerWrapper: 'icecc', llvm: true } })).toEqual([
      'O=/out',
      'LLVM=1',
      'CC=icecc clang',
    ]);
    expect(makeVariables({ ...base, toolchain: { compilerWrapper: 'distcc', crossCompile: 'x-' } })).toContain(
      'CC=distcc x-gcc',
    );
    expect(makeVariables({ ...base, toolchain: { compilerWrapper: 'distcc', cc: 'gcc-12' } })).toContain(
      'CC=distcc gcc-12',
    );
  });
});

describe('makeArgs', () => {
  it('builds out of tree with the jobs before the targets', () => {
    expect(makeArgs(base, ['all'], { jobs: 4 })).toEqual(['-C', '/src', 'O=/out', '-j4', 'all']);
    expect(makeArgs(base, ['kernelrelease'], { silent: true })).toEqual([
      '-s',
      '-C',
      '/src',
      'O=/out',
      'kernelrelease',
    ]);
  });
});

describe('kbuildTimestamp', () => {
  it('formats like date(1) in UTC', () => {
    expect(kbuildTimestamp(0)).toBe('Thu Jan 01 00:00:00 UTC 1970');
    expect(kbuildTimestamp(1700000000)).toBe('Tue Nov 14 22:13:20 UTC 2023');
  });
});
