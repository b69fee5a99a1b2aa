// scripts/config's command line and line edits. The expected texts are what the kernel's scripts/config
// (6.12) produces from the same file and commands; test/kernel/set.test.ts runs the real script side by side.
import { describe, expect, test } from 'vitest';
import { ConfigText, operationLine, parseSetArguments, type SetOperation } from '../../src/edit/scripts-config.js';

const BASE = [
  '#',
  '# Automatically generated file; DO NOT EDIT.',
  '#',
  'CONFIG_A=y',
  '# CONFIG_B is not set',
  'CONFIG_C=m',
  'CONFIG_S="old"',
  '# CONFIG_B is not set trailing',
  'CONFIG_N=5',
  '',
].join('\n');
const HEADER = BASE.split('\n').slice(0, 3);

/** The operations applied in order, as setConfig applies them (without the checks). */
function apply(text: string, argv: string[]): { text: string; states: string[] } {
  const parsed = parseSetArguments(argv);
  expect(parsed.problems).toEqual([]);
  const edited = new ConfigText(text);
  const states: string[] = [];
  for (const op of parsed.operations) {
    if (op.op === 'state') states.push(edited.state(`CONFIG_${op.symbol}`));
    else if (op.op === 'undefine') edited.undefine(`CONFIG_${op.symbol}`);
    else if (op.op !== 'refresh')
      edited.set(
        `CONFIG_${op.symbol}`,
        operationLine(op),
        'after' in op && op.after !== undefined ? `CONFIG_${op.after}` : undefined,
      );
  }
  return { text: edited.text, states };
}

const lines = (...body: string[]) => [...HEADER, ...body, ''].join('\n');

describe('edits, as scripts/config makes them', () => {
  test('--enable rewrites every line of the symbol in place, a "not set" line up to its prefix', () => {
    expect(apply(BASE, ['-e', 'B']).text).toBe(
      lines('CONFIG_A=y', 'CONFIG_B=y', 'CONFIG_C=m', 'CONFIG_S="old"', 'CONFIG_B=y trailing', 'CONFIG_N=5'),
    );
  });

  test('--disable then --module; symbols are upper-cased', () => {
    expect(apply(BASE, ['-d', 'a', '-m', 'A']).text).toBe(
      lines(
        'CONFIG_A=m',
        '# CONFIG_B is not set',
        'CONFIG_C=m',
        'CONFIG_S="old"',
        '# CONFIG_B is not set trailing',
        'CONFIG_N=5',
      ),
    );
    expect(apply(BASE, ['--disable', 'CONFIG_C']).text).toContain('\n# CONFIG_C is not set\n');
  });

  test('--enable-after inserts after every line of the anchor; a missing anchor appends', () => {
    expect(apply(BASE, ['-E', 'A', 'Z']).text).toBe(
      lines(
        'CONFIG_A=y',
        'CONFIG_Z=y',
        '# CONFIG_B is not set',
        'CONFIG_C=m',
        'CONFIG_S="old"',
        '# CONFIG_B is not set trailing',
        'CONFIG_N=5',
      ),
    );
    expect(apply(BASE, ['-D', 'B', 'Z']).text).toBe(
      lines(
        'CONFIG_A=y',
        '# CONFIG_B is not set',
        '# CONFIG_Z is not set',
        'CONFIG_C=m',
        'CONFIG_S="old"',
        '# CONFIG_B is not set trailing',
        '# CONFIG_Z is not set',
        'CONFIG_N=5',
      ),
    );
    // The symbol's own older lines stay where they are.
    expect(apply(BASE, ['-M', 'C', 'B']).text).toBe(
      lines(
        'CONFIG_A=y',
        '# CONFIG_B is not set',
        'CONFIG_C=m',
        'CONFIG_B=m',
        'CONFIG_S="old"',
        '# CONFIG_B is not set trailing',
        'CONFIG_N=5',
      ),
    );
    expect(apply(BASE, ['--enable-after', 'MISSING', 'Z']).text).toBe(`${BASE}CONFIG_Z=y\n`);
  });

  test('--set-str escapes quotes; --set-val writes the value as given; --undefine deletes', () => {
    expect(apply(BASE, ['--set-str', 'S', 'a"b']).text).toContain('\nCONFIG_S="a\\"b"\n');
    // scripts/config appends `"a\\"b"` here (echo keeps the escaping meant for sed); conf's form is written.
    expect(apply(BASE, ['--set-str', 'NEW', 'a"b']).text).toBe(`${BASE}CONFIG_NEW="a\\"b"\n`);
    expect(apply(BASE, ['--set-val', 'N', '0x10', '-u', 'C']).text).toBe(
      lines('CONFIG_A=y', '# CONFIG_B is not set', 'CONFIG_S="old"', '# CONFIG_B is not set trailing', 'CONFIG_N=0x10'),
    );
  });

  test('--state: n, the value without quotes, or undef; at its place among the edits', () => {
    expect(apply(BASE, ['-s', 'A', '-s', 'b', '-s', 'S', '-s', 'N', '-s', 'none']).states).toEqual([
      'y',
      'n',
      'old',
      '5',
      'undef',
    ]);
    expect(apply(BASE, ['-s', 'Q', '-e', 'Q', '-s', 'Q', '--set-str', 'Q', 'say "hi"', '-s', 'Q']).states).toEqual([
      'undef',
      'y',
      'say "hi"',
    ]);
  });

  test('--keep-case keeps the case of the symbols after it', () => {
    expect(apply(BASE, ['--keep-case', '-e', 'CONFIG_foo', '-e', 'bar']).text).toBe(
      `${BASE}CONFIG_foo=y\nCONFIG_bar=y\n`,
    );
    expect(apply(BASE, ['-e', 'foo', '-k', '-e', 'bar']).text).toBe(`${BASE}CONFIG_FOO=y\nCONFIG_bar=y\n`);
  });

  test('an empty or missing file gets the line; a file without a final newline gets one', () => {
    expect(apply('', ['-e', 'A']).text).toBe('CONFIG_A=y\n');
    expect(apply('CONFIG_A=y', ['-e', 'B']).text).toBe('CONFIG_A=y\nCONFIG_B=y\n');
  });

  test('lastAssignment: the line conf reads last', () => {
    const edited = new ConfigText('CONFIG_A=y\n# CONFIG_A is not set\nCONFIG_AB=y\n');
    expect(edited.lastAssignment('CONFIG_A')).toBe(2);
    expect(edited.lastAssignment('CONFIG_Q')).toBeUndefined();
  });
});

describe('parseSetArguments', () => {
  test('every spelling of every command, --file anywhere', () => {
    const parsed = parseSetArguments([
      '-e', 'a', '--enable', 'b', '-d', 'c', '--disable', 'd', '-m', 'e', '--module', 'f',
      '--set-str', 'g', 'text', '--set-val', 'h', '12', '-u', 'i', '--undefine', 'j', '-s', 'k', '--state', 'l',
      '-E', 'm', 'n', '--enable-after', 'o', 'p', '-D', 'q', 'r', '--disable-after', 's', 't',
      '-M', 'u', 'v', '--module-after', 'w', 'x', '--refresh', '--file', 'my.config',
    ]); // prettier-ignore
    expect(parsed.problems).toEqual([]);
    expect(parsed.file).toBe('my.config');
    const expected: SetOperation[] = [
      { op: 'enable', symbol: 'A' },
      { op: 'enable', symbol: 'B' },
      { op: 'disable', symbol: 'C' },
      { op: 'disable', symbol: 'D' },
      { op: 'module', symbol: 'E' },
      { op: 'module', symbol: 'F' },
      { op: 'set-str', symbol: 'G', value: 'text' },
      { op: 'set-val', symbol: 'H', value: '12' },
      { op: 'undefine', symbol: 'I' },
      { op: 'undefine', symbol: 'J' },
      { op: 'state', symbol: 'K' },
      { op: 'state', symbol: 'L' },
      { op: 'enable', symbol: 'N', after: 'M' },
      { op: 'enable', symbol: 'P', after: 'O' },
      { op: 'disable', symbol: 'R', after: 'Q' },
      { op: 'disable', symbol: 'T', after: 'S' },
      { op: 'module', symbol: 'V', after: 'U' },
      { op: 'module', symbol: 'X', after: 'W' },
      { op: 'refresh' },
    ];
    expect(parsed.operations).toEqual(expected);
  });

  test("scripts/config's usage errors", () => {
    expect(parseSetArguments([]).problems).toEqual(['no command given']);
    expect(parseSetArguments(['-e']).problems).toEqual(['-e needs a symbol']);
    expect(parseSetArguments(['config_e']).problems).toEqual(['bad command: config_e']);
    expect(parseSetArguments(['--set-val', 'X']).problems).toEqual(['--set-val needs a symbol and a value']);
    expect(parseSetArguments(['-e', 'X', '--file']).problems).toEqual(['--file needs a file name']);
    expect(parseSetArguments(['-E', 'A']).problems).toEqual(['-E needs a symbol']);
  });

  test('another prefix ($CONFIG_)', () => {
    expect(parseSetArguments(['-e', 'FOO_BAR'], 'FOO_').operations).toEqual([{ op: 'enable', symbol: 'BAR' }]);
    expect(operationLine({ op: 'disable', symbol: 'BAR' }, 'FOO_')).toBe('# FOO_BAR is not set');
  });
});
