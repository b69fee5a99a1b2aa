import { describe, expect, test } from 'vitest';
import { symbolHash, symbolTableOrder } from '../../src/eval/symbol-table.js';
import { modelOf } from './support.js';

describe('symbol table order (for_all_symbols)', () => {
  test('names hash with 32-bit FNV-1a', () => {
    expect(symbolHash('')).toBe(2166136261);
    expect(symbolHash('a')).toBe(0xe40c292c);
    expect(symbolHash('foobar')).toBe(0xbf9cf968);
  });

  test('buckets in ascending order, each newest first; references create symbols before definitions', () => {
    const model = modelOf('config A\n\tbool "a"\n\tdepends on LATER\nconfig B\n\tbool "b"\nconfig LATER\n\tbool\n');
    const order = symbolTableOrder(model, '6.12');
    const buckets = order.map((n) => symbolHash(n) % (1 << 14));
    expect([...buckets].sort((x, y) => x - y)).toEqual(buckets);
    expect(new Set(order)).toEqual(new Set(['A', 'B', 'LATER']));
  });
});
