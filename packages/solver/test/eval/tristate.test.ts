import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  mod,
  no,
  parseTristate,
  type Tristate,
  tristateAnd,
  tristateName,
  tristateNot,
  tristateOr,
  yes,
} from '../../src/eval/tristate.js';

const tri = fc.constantFrom<Tristate>(no, mod, yes);

describe('tristate algebra', () => {
  test('&& is min, || is max, ! is 2-x', () => {
    expect(tristateAnd(yes, mod)).toBe(mod);
    expect(tristateOr(no, mod)).toBe(mod);
    expect(tristateNot(mod)).toBe(mod);
    expect(tristateNot(yes)).toBe(no);
  });

  test('De Morgan holds and ! is an involution', () => {
    fc.assert(
      fc.property(tri, tri, (a, b) => {
        expect(tristateNot(tristateAnd(a, b))).toBe(tristateOr(tristateNot(a), tristateNot(b)));
        expect(tristateNot(tristateNot(a))).toBe(a);
      }),
    );
  });

  test('names round-trip and parsing takes the first letter in either case', () => {
    fc.assert(
      fc.property(tri, (a) => {
        expect(parseTristate(tristateName(a))).toBe(a);
      }),
    );
    expect(parseTristate('Yes')).toBe(yes);
    expect(parseTristate('mod')).toBe(mod);
    expect(parseTristate('x')).toBeUndefined();
  });
});
