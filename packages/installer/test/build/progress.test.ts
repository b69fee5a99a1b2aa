import { describe, expect, it } from 'vitest';
import { failedTarget } from '../../src/build/failure.js';
import { estimatePercent, formatProgress, isObjectLine, progressPrinter } from '../../src/build/progress.js';

describe('isObjectLine', () => {
  it('counts kbuild compile and link lines only', () => {
    expect(['  CC      kernel/fork.o', '  LD [M]  fs/ext4/ext4.ko', '  AR      lib/lib.a'].every(isObjectLine)).toBe(
      true,
    );
    expect(['  INSTALL foo', 'make[1]: Entering directory', 'CC kernel/fork.o'].some(isObjectLine)).toBe(false);
  });
});

describe('estimatePercent', () => {
  it('never claims completion before the end', () => {
    expect(estimatePercent(50, 100)).toBe(50);
    expect(estimatePercent(150, 100)).toBe(99);
    expect(estimatePercent(10, undefined)).toBeUndefined();
  });
});

describe('formatProgress', () => {
  it('shows stage, share, objects and time', () => {
    expect(
      formatProgress({ stage: 'build', objects: 612, expected: 1432, percent: 42, elapsedMs: 83_000, done: false }),
    ).toBe('distkernel: build: ~42%, 612/1432 objects, 1m23s');
    expect(formatProgress({ stage: 'depmod', objects: 0, elapsedMs: 2_000, done: true, percent: 100 })).toBe(
      'distkernel: depmod done: 100%, 2s',
    );
  });
});

describe('progressPrinter', () => {
  it('prints a line per 10% step when not on a terminal', () => {
    const lines: string[] = [];
    const print = progressPrinter({ write: (s: string) => lines.push(s) > 0 } as unknown as NodeJS.WritableStream);
    for (let objects = 1; objects <= 100; objects++) {
      print({
        stage: 'build',
        objects,
        expected: 100,
        percent: estimatePercent(objects, 100) ?? 0,
        elapsedMs: 0,
        done: false,
      });
    }
    expect(lines.length).toBe(10);
  });
});

describe('failedTarget', () => {
  it('names the innermost target make broke on', () => {
    expect(
      failedTarget([
        'make[4]: *** [scripts/Makefile.build:229: fs/ext4/inode.o] Error 1',
        'make[3]: *** [scripts/Makefile.build:478: fs/ext4] Error 2',
      ]),
    ).toEqual({ target: 'fs/ext4/inode.o', rule: 'scripts/Makefile.build:229' });
    expect(failedTarget(["make: *** No rule to make target 'bzImagex'.  Stop."])).toEqual({ target: 'bzImagex' });
    expect(failedTarget(['nothing here'])).toBeUndefined();
  });
});
