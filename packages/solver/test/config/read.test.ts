import { describe, expect, test } from 'vitest';
import { formatConfigWarning, readConfig } from '../../src/config/read.js';
import { Evaluation } from '../../src/eval/evaluation.js';
import { modelOf } from '../eval/support.js';

const tree = `
config A
	bool "a"
config T
	tristate "t"
config S
	string "s"
config H
	hex "h"
`;

describe('readConfig (conf_read_simple)', () => {
  test('assigns values and drops the previous user values', () => {
    const ev = new Evaluation(modelOf(tree), { rules: '6.12' });
    ev.setUserValue('H', '10');
    const result = readConfig('CONFIG_A=y\n# CONFIG_T is not set\nCONFIG_S="a\\"b"\n', '.config', ev);
    expect(result.warnings).toEqual([]);
    expect(ev.userValue('A')).toBe('y');
    expect(ev.userValue('T')).toBe('n');
    expect(ev.userValue('S')).toBe('a"b');
    expect(ev.hasUserValue('H')).toBe(false);
  });

  test('warnings name the file and line as conf does', () => {
    const ev = new Evaluation(modelOf(tree), { rules: '6.12' });
    const input = 'CONFIG_A=y\nCONFIG_A=n\nstray\nCONFIG_T=x\nCONFIG_H=0xg\nCONFIG_S="open\nCONFIG_NONE=y\n';
    const result = readConfig(input, 'in.config', ev, { warnUnknownSymbols: true });
    expect(result.warnings.map(formatConfigWarning)).toEqual([
      'in.config:2:warning: override: reassigning to symbol A',
      'in.config:3:warning: unexpected data: stray',
      "in.config:4:warning: symbol value 'x' invalid for T",
      "in.config:5:warning: symbol value '0xg' invalid for H",
      'in.config:6:warning: invalid string found',
      'in.config:7:warning: unknown symbol: NONE',
    ]);
    expect(result.unknownSymbols).toBe(true);
    expect(ev.userValue('A')).toBe('n');
  });

  test('m is invalid for a bool', () => {
    const ev = new Evaluation(modelOf(tree), { rules: '6.12' });
    const result = readConfig('CONFIG_A=m\n', '.config', ev);
    expect(result.warnings.map((w) => w.code)).toEqual(['config-invalid-value']);
  });
});
