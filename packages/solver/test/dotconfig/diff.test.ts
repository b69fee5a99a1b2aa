import { describe, expect, it } from 'vitest';
import { diffConfigs, formatDiffconfig } from '../../src/dotconfig/diff.js';
import { parseDotconfig } from '../../src/dotconfig/parse.js';

const OLD = `#
# Automatically generated file; DO NOT EDIT.
#
CONFIG_EXT2_FS_XATTR=n
# CONFIG_CRAMFS is not set
CONFIG_EXT2_FS=y
CONFIG_LOG_BUF_SHIFT=14
CONFIG_LOCALVERSION=""
CONFIG_SAME=m
CONFIG_b_lower=y
`;
const NEW = `CONFIG_SAME=m
CONFIG_PRINTK_TIME=y
CONFIG_CRAMFS=y
# CONFIG_EXT2_FS is not set
CONFIG_LOG_BUF_SHIFT=16
CONFIG_LOCALVERSION="-gentoo"
CONFIG_A_NEW=m
CONFIG_Z_NEW=n
`;

describe('diffConfigs', () => {
  const diff = diffConfigs(parseDotconfig(OLD, 'a'), parseDotconfig(NEW, 'b'));

  it("prints diffconfig's three sorted groups", () => {
    expect(formatDiffconfig(diff)).toBe(
      [
        '-EXT2_FS_XATTR n',
        '-b_lower y',
        ' CRAMFS n -> y',
        ' EXT2_FS y -> n',
        ' LOCALVERSION "" -> "-gentoo"',
        ' LOG_BUF_SHIFT 14 -> 16',
        '+A_NEW m',
        '+PRINTK_TIME y',
        '+Z_NEW n',
        '',
      ].join('\n'),
    );
  });

  it('prints changed and added values as .config lines in merge style, nothing for removed ones', () => {
    expect(formatDiffconfig(diff, { merge: true })).toBe(
      [
        'CONFIG_CRAMFS=y',
        '# CONFIG_EXT2_FS is not set',
        'CONFIG_LOCALVERSION="-gentoo"',
        'CONFIG_LOG_BUF_SHIFT=16',
        'CONFIG_A_NEW=m',
        'CONFIG_PRINTK_TIME=y',
        '# CONFIG_Z_NEW is not set',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing for identical files, whatever the order of their lines', () => {
    const a = parseDotconfig('CONFIG_A=y\n# CONFIG_B is not set\n', 'a');
    const b = parseDotconfig('CONFIG_B=n\nCONFIG_A=y\n', 'b');
    expect(formatDiffconfig(diffConfigs(a, b))).toBe('');
  });

  it('compares the last assignment of a repeated symbol', () => {
    const a = parseDotconfig('CONFIG_A=y\nCONFIG_A=m\n', 'a');
    const b = parseDotconfig('CONFIG_A=m\n', 'b');
    expect(diffConfigs(a, b)).toEqual({ removed: [], changed: [], added: [] });
  });
});
