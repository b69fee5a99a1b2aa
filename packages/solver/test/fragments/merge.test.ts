import { describe, expect, it } from 'vitest';
import { type FragmentText, mergeFragments } from '../../src/fragments/merge.js';
import { formatMergeLog, formatMergeOnly, STRICT_REDEFINED } from '../../src/fragments/messages.js';

const base = (text: string): FragmentText => ({ name: '.config', text });
const frags = (...texts: string[]): FragmentText[] => texts.map((text, i) => ({ name: `f${i}.config`, text }));

describe('mergeFragments (merge_config.sh -m rules)', () => {
  it('drops the earlier assignments of every symbol the fragment assigns, then appends the fragment', () => {
    const merged = mergeFragments(
      base('CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=m\n'),
      frags('# CONFIG_A is not set\nCONFIG_B=y\n# a comment\n'),
    );
    expect(merged.text).toBe('CONFIG_C=m\n\n# CONFIG_A is not set\nCONFIG_B=y\n# a comment\n');
    expect(merged.file.lines.map((l) => (l.file === undefined ? '-' : `${l.file}:${l.line}`))).toEqual([
      '.config:3',
      '-',
      'f0.config:1',
      'f0.config:2',
      'f0.config:3',
    ]);
  });

  it('matches symbols as whole words: CONFIG_A does not touch CONFIG_AB', () => {
    expect(mergeFragments(base('CONFIG_AB=y\n'), frags('CONFIG_A=y\n')).text).toBe('CONFIG_AB=y\n\nCONFIG_A=y\n');
  });

  it("deletes with sed's unanchored pattern once the symbol occurs as a word", () => {
    const merged = mergeFragments(
      base('# see CONFIG_A here\nCONFIG_A=m\nCONFIG_AB=y\nCONFIG_XCONFIG_A=y\n'),
      frags('CONFIG_A=y\n'),
    );
    // `# see CONFIG_A here` holds `CONFIG_A ` and goes too; `CONFIG_XCONFIG_A=` holds `CONFIG_A=`.
    expect(merged.text).toBe('CONFIG_AB=y\n\nCONFIG_A=y\n');
  });

  it('only reads assignments and exact "is not set" lines of the fragment', () => {
    expect(mergeFragments(base('CONFIG_A=y\n'), frags('# CONFIG_A is not set (really)\n')).text).toBe(
      'CONFIG_A=y\n\n# CONFIG_A is not set (really)\n',
    );
  });

  it('applies fragments in order, so a later one wins', () => {
    const merged = mergeFragments(base('CONFIG_A=m\n'), frags('CONFIG_A=y\n', '# CONFIG_A is not set\n'));
    expect(merged.text.split('\n').filter((l) => l.includes('CONFIG_A'))).toEqual(['# CONFIG_A is not set']);
  });

  it('honours another symbol prefix (the CONFIG_ variable)', () => {
    expect(mergeFragments(base('FOO_A=y\n'), frags('FOO_A=n\n'), { prefix: 'FOO_' }).text).toBe('\nFOO_A=n\n');
  });

  it('ends an unterminated last line instead of adding an empty line, as `echo >>` does', () => {
    expect(mergeFragments(base('CONFIG_A=y'), frags('CONFIG_B=y\n')).text).toBe('CONFIG_A=y\nCONFIG_B=y\n');
    // Deleting the unterminated CONFIG_B=n leaves the file terminated, so echo adds an empty line.
    expect(mergeFragments(base('CONFIG_A=y\nCONFIG_B=y'), frags('CONFIG_B=n', 'CONFIG_C=y\nCONFIG_B=m')).text).toBe(
      'CONFIG_A=y\n\n\nCONFIG_C=y\nCONFIG_B=m',
    );
  });

  it('keeps a repeated line of one fragment (conf then reads the last one)', () => {
    expect(mergeFragments(base('CONFIG_A=y\n'), frags('CONFIG_A=m\nCONFIG_A=n\n')).text).toBe(
      '\nCONFIG_A=m\nCONFIG_A=n\n',
    );
  });
});

describe("merge events and the script's messages", () => {
  it('reports a redefinition with the previous and new lines, blanks squeezed', () => {
    const merged = mergeFragments(base('CONFIG_S="a  b"\nCONFIG_B=y\n'), frags('CONFIG_S="x\\ty  z"\nCONFIG_B=y\n'));
    expect(merged.steps[0]?.events).toEqual([
      {
        kind: 'redefined',
        symbol: 'CONFIG_S',
        fragment: 'f0.config',
        previous: 'CONFIG_S="a  b"',
        value: 'CONFIG_S="x\\ty  z"',
      },
      { kind: 'redundant', symbol: 'CONFIG_B', fragment: 'f0.config' },
    ]);
    expect(formatMergeLog(merged)).toBe(
      [
        'Using .config as base',
        'Merging f0.config',
        'Value of CONFIG_S is redefined by fragment f0.config:',
        'Previous value: CONFIG_S="a b"',
        'New value: CONFIG_S="x\ty z"',
        '',
        '',
      ].join('\n'),
    );
  });

  it('-r lists redundant entries; -Q silences every such message', () => {
    const merged = mergeFragments(base('CONFIG_A=y\nCONFIG_B=y\n'), frags('CONFIG_A=y\nCONFIG_B=n\n'));
    expect(formatMergeLog(merged, { redundant: true })).toBe(
      'Using .config as base\nMerging f0.config\nValue of CONFIG_A is redundant by fragment f0.config:\n' +
        'Value of CONFIG_B is redefined by fragment f0.config:\nPrevious value: CONFIG_B=y\nNew value: CONFIG_B=n\n\n',
    );
    expect(formatMergeLog(merged, { redundant: true, quiet: true })).toBe('Using .config as base\nMerging f0.config\n');
  });

  it('-y keeps a y that a fragment would demote to m, and says so', () => {
    const merged = mergeFragments(base('CONFIG_A=y\nCONFIG_B=m\n'), frags('CONFIG_A=m\nCONFIG_B=y\n'), {
      builtin: true,
    });
    expect(merged.text).toBe('CONFIG_A=y\n\nCONFIG_B=y\n');
    expect(merged.steps[0]?.events.map((e) => e.kind)).toEqual(['builtin-kept', 'redefined']);
    expect(formatMergeLog(merged)).toContain(
      'Merging f0.config\nPrevious value: CONFIG_A=y\nNew value: CONFIG_A=m\n-y passed, will not demote y to m\n\n',
    );
  });

  it('-y stops where the script stops under set -e: a symbol whose lines the -y deletion took', () => {
    // Dropping `CONFIG_A[ =]` from the fragment also drops CONFIG_XCONFIG_A=n, so its grep finds nothing.
    const merged = mergeFragments(
      base('CONFIG_A=y\nCONFIG_XCONFIG_A=y\n'),
      frags('CONFIG_A=m\nCONFIG_XCONFIG_A=n\n', 'CONFIG_B=y\n'),
      { builtin: true },
    );
    expect(merged.stopped).toEqual({ symbol: 'CONFIG_XCONFIG_A', fragment: 'f0.config' });
    expect(merged.steps).toHaveLength(1);
    expect(merged.text).toBe('CONFIG_A=y\nCONFIG_XCONFIG_A=y\n');
  });

  it('-y compares whole grep results: a repeated m line is a redefinition', () => {
    const merged = mergeFragments(base('CONFIG_A=y\n'), frags('CONFIG_A=m\nCONFIG_A=m\n'), { builtin: true });
    expect(merged.steps[0]?.events.map((e) => e.kind)).toEqual(['redefined']);
    expect(merged.text).toBe('\nCONFIG_A=m\nCONFIG_A=m\n');
  });

  it('prints the -m, strict and usage-free messages word for word', () => {
    expect(formatMergeOnly('.config')).toBe('#\n# merged configuration written to .config (needs make)\n#\n');
    expect(STRICT_REDEFINED).toBe('The fragment redefined a value and strict mode had been passed.\n');
  });
});
