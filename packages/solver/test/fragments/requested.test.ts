import { describe, expect, it } from 'vitest';
import type { NotTakenReason } from '../../src/eval/reason.js';
import {
  configValues,
  fragmentLines,
  lineAssignment,
  requestedValues,
  scriptCheck,
} from '../../src/fragments/requested.js';
import { readTextFile } from '../../src/fragments/shell-text.js';

describe("lineAssignment (conf's line syntax)", () => {
  it.each([
    ['CONFIG_A=y', { symbol: 'A', value: 'y' }],
    ['CONFIG_S="a b"', { symbol: 'S', value: '"a b"' }],
    ['# CONFIG_A is not set', { symbol: 'A', value: 'n' }],
    ['# CONFIG_A is not set\r', { symbol: 'A', value: 'n' }],
    ['CONFIG_A=m\r', { symbol: 'A', value: 'm' }],
    ['# CONFIG_A is not set (really)', undefined],
    ['# a comment', undefined],
    ['CONFIG_A', undefined],
    ['FOO_A=y', undefined],
  ])('%j', (line, expected) => {
    expect(lineAssignment(line)).toEqual(expected);
  });

  it('takes another prefix', () => {
    expect(lineAssignment('FOO_A=y', 'FOO_')).toEqual({ symbol: 'A', value: 'y' });
  });
});

describe('requestedValues', () => {
  const lines = fragmentLines([
    { name: 'a.config', text: 'CONFIG_A=y\nCONFIG_B=m\n# CONFIG_C is not set\n' },
    { name: 'b.config', text: 'CONFIG_D=y\nCONFIG_A=m\n' },
  ]);
  const final = configValues('CONFIG_A=m\nCONFIG_B=y\nCONFIG_D=y\n');

  it('gives each symbol once, in first-assignment order, with the line that counts (the last)', () => {
    expect(
      requestedValues(lines, final).map((r) => `${r.symbol}=${r.requested}->${r.actual} ${r.fragment}:${r.line}`),
    ).toEqual(['A=m->m b.config:2', 'B=m->y a.config:2', 'C=n->n a.config:3', 'D=y->y b.config:1']);
  });

  it('asks for a reason only for values that did not take ("is not set" and absent are both n)', () => {
    const asked: string[] = [];
    const reason = (symbol: string, requested: string): NotTakenReason => {
      asked.push(`${symbol}=${requested}`);
      return { kind: 'selected', message: 'it is selected by X [=y]', terms: [], by: ['X'] };
    };
    const values = requestedValues(lines, final, { reason });
    expect(asked).toEqual(['B=m']);
    expect(values.find((r) => r.symbol === 'B')?.reason?.message).toBe('it is selected by X [=y]');
    expect(values.filter((r) => r.reason !== undefined)).toHaveLength(1);
  });

  it('leaves out lines the script added (no file)', () => {
    const added = [{ text: 'CONFIG_X=y', file: undefined, line: 0 }];
    expect(requestedValues(added, final)).toEqual([]);
  });
});

describe("scriptCheck (merge_config.sh's closing check)", () => {
  it('compares the grep -w lines, so =n against "is not set" is reported, as 6.12 does', () => {
    const merged = readTextFile('CONFIG_A=n\n# CONFIG_B is not set\nCONFIG_C=y\nCONFIG_D=y\n', 'm');
    expect(scriptCheck(merged, '# CONFIG_A is not set\n# CONFIG_B is not set\nCONFIG_C=y\n')).toEqual([
      { symbol: 'CONFIG_A', requested: 'CONFIG_A=n', actual: '# CONFIG_A is not set' },
      { symbol: 'CONFIG_D', requested: 'CONFIG_D=y', actual: '' },
    ]);
  });

  it('reports a repeated symbol once per line, with every line of it', () => {
    const merged = readTextFile('CONFIG_A=m\nCONFIG_A=y\n', 'm');
    expect(scriptCheck(merged, 'CONFIG_A=y\n')).toEqual([
      { symbol: 'CONFIG_A', requested: 'CONFIG_A=m\nCONFIG_A=y', actual: 'CONFIG_A=y' },
      { symbol: 'CONFIG_A', requested: 'CONFIG_A=m\nCONFIG_A=y', actual: 'CONFIG_A=y' },
    ]);
  });
});
