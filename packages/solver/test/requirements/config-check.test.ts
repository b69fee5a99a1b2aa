import { describe, expect, it } from 'vitest';
import { parseDotconfig } from '../../src/dotconfig/parse.js';
import { formatLinuxInfo, formatMoby, parseConfigCheck, runConfigChecks } from '../../src/requirements/config-check.js';

const config = parseDotconfig(
  [
    'CONFIG_YES=y',
    'CONFIG_MOD=m',
    '# CONFIG_OFF is not set',
    'CONFIG_STR="hello"',
    'CONFIG_NUM=17',
    'CONFIG_EXPLICIT_N=n',
    '',
  ].join('\n'),
  '.config',
);

type Row = readonly [word: string, status: 'ok' | 'missing' | 'unwanted', hard: number, soft: number, message?: string];

// One row per word: what linux-info's check_extra_config decides and prints for it.
const rows: readonly Row[] = [
  ['YES', 'ok', 0, 0],
  ['MOD', 'ok', 0, 0],
  ['OFF', 'missing', 1, 0, 'CONFIG_OFF:\t is not set when it should be.'],
  ['ABSENT', 'missing', 1, 0, 'CONFIG_ABSENT:\t is not set when it should be.'],
  ['STR', 'missing', 1, 0, 'CONFIG_STR:\t is not set when it should be.'],
  ['NUM', 'missing', 1, 0, 'CONFIG_NUM:\t is not set when it should be.'],
  ['EXPLICIT_N', 'missing', 1, 0, 'CONFIG_EXPLICIT_N:\t is not set when it should be.'],
  ['!YES', 'unwanted', 1, 0, 'CONFIG_YES:\t should not be set. But it is.'],
  ['!MOD', 'unwanted', 1, 0, 'CONFIG_MOD:\t should not be set. But it is.'],
  ['!OFF', 'ok', 0, 0],
  ['!ABSENT', 'ok', 0, 0],
  ['!STR', 'ok', 0, 0],
  ['~YES', 'ok', 0, 0],
  ['~OFF', 'missing', 0, 1, 'CONFIG_OFF:\t is not set when it should be.'],
  ['~ABSENT', 'missing', 0, 1, 'CONFIG_ABSENT:\t is not set when it should be.'],
  ['~!MOD', 'unwanted', 0, 1, 'CONFIG_MOD:\t should not be set. But it is.'],
  ['~!OFF', 'ok', 0, 0],
  ['@MOD:foo', 'ok', 0, 0],
  ['@OFF:foo', 'missing', 0, 1, 'CONFIG_OFF:\t is not set when it should be.'],
];

describe('runConfigChecks', () => {
  it.each(rows)('%s -> %s', (word, status, hard, soft, message) => {
    const { checks, problems } = parseConfigCheck(word);
    expect(problems).toEqual([]);
    const outcome = runConfigChecks(checks, config);
    expect(outcome.results[0]?.status).toBe(status);
    expect(outcome.hardErrors).toBe(hard);
    expect(outcome.softErrors).toBe(soft);
    expect(outcome.results[0]?.message).toBe(message);
  });

  it('takes ERROR_X first, then the old X_ERROR, then WARNING_X for ~ checks only', () => {
    const { checks } = parseConfigCheck('OFF ABSENT ~!YES ~MOD2 !MOD');
    const outcome = runConfigChecks(checks, config, {
      ERROR_OFF: 'OFF is needed for sockets',
      ABSENT_ERROR: 'old style message',
      WARNING_YES: 'YES makes it slow',
      WARNING_MOD: 'never used for a fatal check',
      WARNING_MOD2: '',
    });
    expect(outcome.results.map((r) => [r.report, r.message])).toEqual([
      ['eerror', 'OFF is needed for sockets'],
      ['eerror', 'old style message'],
      ['ewarn', 'YES makes it slow'],
      ['eerror', 'CONFIG_MOD2:\t is not set when it should be.'],
      ['eerror', 'CONFIG_MOD:\t should not be set. But it is.'],
    ]);
    expect(outcome.hardErrors).toBe(3);
    expect(outcome.softErrors).toBe(2);
  });

  it('rejects words that name no symbol', () => {
    const { checks, problems } = parseConfigCheck('  FOO\t~!BAR  CONFIG_BAZ !  ~ A-B ');
    expect(checks.map((c) => [c.symbol, c.negate, c.fatal])).toEqual([
      ['FOO', false, true],
      ['BAR', true, false],
    ]);
    expect(problems.map((p) => p.word)).toEqual(['CONFIG_BAZ', '!', '~', 'A-B']);
    expect(problems[0]?.message).toContain('without the CONFIG_ prefix');
  });
});

describe('formatting', () => {
  const outcome = runConfigChecks(parseConfigCheck('YES OFF ~!MOD ~ABSENT').checks, config);

  it("prints linux-info's lines and its closing advice", () => {
    expect(formatLinuxInfo(outcome)).toBe(
      [
        ' * Checking for suitable kernel configuration options...',
        ' *   CONFIG_OFF:\t is not set when it should be.',
        ' *   CONFIG_MOD:\t should not be set. But it is.',
        ' *   CONFIG_ABSENT:\t is not set when it should be.',
        ' * Please check to make sure these options are set correctly.',
        ' * Failure to do so may cause unexpected problems.',
        ' * Once you have satisfied these options, please try merging',
        ' * this package again.',
        ' * ERROR: Incorrect kernel configuration options',
        '',
      ].join('\n'),
    );
  });

  it('only warns when every failure is a ~ check', () => {
    const soft = runConfigChecks(parseConfigCheck('~OFF').checks, config);
    expect(formatLinuxInfo(soft)).toBe(
      [
        ' * Checking for suitable kernel configuration options...',
        ' *   CONFIG_OFF:\t is not set when it should be.',
        ' * Please check to make sure these options are set correctly.',
        ' * Failure to do so may cause unexpected problems.',
        '',
      ].join('\n'),
    );
  });

  it("prints check-config.sh's states", () => {
    expect(formatMoby(outcome)).toBe(
      [
        '- CONFIG_YES: enabled',
        '- CONFIG_OFF: missing',
        '- CONFIG_MOD: enabled (as module) (should not be)',
        '- CONFIG_ABSENT: missing (optional)',
        '',
      ].join('\n'),
    );
  });
});
