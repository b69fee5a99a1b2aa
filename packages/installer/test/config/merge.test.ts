import { describe, expect, it } from 'vitest';
import { mergeFragment, mergeFragments } from '../../src/config/merge.js';

describe('mergeFragment (merge_config.sh -m rules)', () => {
  it('drops the earlier assignments of every symbol the fragment assigns, then appends the fragment', () => {
    const base = 'CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=m\n';
    const fragment = '# CONFIG_A is not set\nCONFIG_B=y\n# a comment\n';
    expect(mergeFragment(base, fragment)).toBe('CONFIG_C=m\n\n# CONFIG_A is not set\nCONFIG_B=y\n# a comment\n');
  });

  it('matches symbols as whole words: CONFIG_A does not touch CONFIG_AB', () => {
    expect(mergeFragment('CONFIG_AB=y\n', 'CONFIG_A=y\n')).toBe('CONFIG_AB=y\n\nCONFIG_A=y\n');
  });

  it("deletes with sed's unanchored pattern once the symbol occurs as a word", () => {
    // `sed "/CONFIG_A[ =]/d"` also drops a comment that mentions `CONFIG_A ` as merge_config.sh does.
    expect(mergeFragment('# see CONFIG_A here\nCONFIG_A=m\nCONFIG_B=y\n', 'CONFIG_A=y\n')).toBe(
      'CONFIG_B=y\n\nCONFIG_A=y\n',
    );
  });

  it('only reads assignments and exact "is not set" lines of the fragment', () => {
    expect(mergeFragment('CONFIG_A=y\n', '# CONFIG_A is not set (really)\n')).toBe(
      'CONFIG_A=y\n\n# CONFIG_A is not set (really)\n',
    );
  });

  it('applies fragments in order, so a later one wins', () => {
    const merged = mergeFragments('CONFIG_A=m\n', ['CONFIG_A=y\n', '# CONFIG_A is not set\n']);
    expect(merged.split('\n').filter((l) => l.includes('CONFIG_A'))).toEqual(['# CONFIG_A is not set']);
  });

  it('honours another symbol prefix (the CONFIG_ variable)', () => {
    expect(mergeFragment('FOO_A=y\n', 'FOO_A=n\n', 'FOO_')).toBe('\nFOO_A=n\n');
  });
});
