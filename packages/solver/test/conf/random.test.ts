import { describe, expect, test } from 'vitest';
import { GlibcRandom } from '../../src/conf/random.js';

describe('GlibcRandom', () => {
  test('reproduces glibc rand() after srand(1)', () => {
    const r = new GlibcRandom(1);
    expect([r.next(), r.next(), r.next(), r.next()]).toEqual([1804289383, 846930886, 1681692777, 1714636915]);
  });

  test('seed 0 behaves as seed 1, as in glibc', () => {
    expect(new GlibcRandom(0).next()).toBe(new GlibcRandom(1).next());
  });
});
