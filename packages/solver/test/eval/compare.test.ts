import { describe, expect, test } from 'vitest';
import { compareValues, parseCNumber, strtoll } from '../../src/eval/compare.js';
import { no, yes } from '../../src/eval/tristate.js';

describe('compareValues (expr_calc_value)', () => {
  test('int symbols compare numerically', () => {
    expect(compareValues('<', { type: 'int', text: '9' }, { type: 'unknown', text: '10' })).toBe(yes);
    expect(compareValues('=', { type: 'int', text: '-5' }, { type: 'unknown', text: '-5' })).toBe(yes);
  });

  test('hex compares unsigned, constants parse with base 0', () => {
    expect(compareValues('>=', { type: 'hex', text: '0x800' }, { type: 'unknown', text: '0x7ff' })).toBe(yes);
    expect(compareValues('=', { type: 'hex', text: '10' }, { type: 'unknown', text: '0x10' })).toBe(yes);
    expect(compareValues('>', { type: 'hex', text: '0xffffffffffffffff' }, { type: 'unknown', text: '1' })).toBe(yes);
  });

  test('two strings, or anything that is not a number, compare as strings', () => {
    expect(compareValues('=', { type: 'string', text: '10' }, { type: 'string', text: '010' })).toBe(no);
    expect(compareValues('<', { type: 'int', text: '5' }, { type: 'unknown', text: 'abc' })).toBe(yes);
    expect(compareValues('!=', { type: 'string', text: 'x' }, { type: 'unknown', text: 'x' })).toBe(no);
  });

  test('tristates are n=0, m=1, y=2', () => {
    expect(compareValues('<', { type: 'tristate', text: 'm' }, { type: 'tristate', text: 'y' })).toBe(yes);
    expect(compareValues('>', { type: 'bool', text: 'n' }, { type: 'tristate', text: 'm' })).toBe(no);
  });

  test('numbers that end in a non-hex digit or overflow are strings', () => {
    expect(
      compareValues(
        '=',
        { type: 'int', text: '99999999999999999999' },
        { type: 'unknown', text: '99999999999999999999' },
      ),
    ).toBe(yes);
    expect(compareValues('<', { type: 'int', text: '2' }, { type: 'unknown', text: '10 ' })).toBe(no);
  });
});

describe('C number parsing', () => {
  test('strtoll stops at the first invalid character', () => {
    expect(strtoll('12abc', 10)).toBe(12n);
    expect(strtoll('0x1f', 16)).toBe(31n);
    expect(strtoll('', 10)).toBe(0n);
    expect(parseCNumber('010', 0)?.value).toBe(8n);
    expect(parseCNumber('0x', 16)).toEqual({ value: 0n, magnitude: 0n, end: 1 });
  });
});
