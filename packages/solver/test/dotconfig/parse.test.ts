import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeConfigBytes, formatDotconfigProblem, parseDotconfig } from '../../src/dotconfig/parse.js';

describe('parseDotconfig', () => {
  it('reads assignments, "is not set" lines and skips comments', () => {
    const c = parseDotconfig(
      '#\n# Automatically generated file; DO NOT EDIT.\n#\nCONFIG_A=y\r\n# CONFIG_B is not set\nCONFIG_S="a \\"q\\" b"\n\nCONFIG_A=m\n',
      'x',
    );
    expect(c.problems).toEqual([]);
    expect([...c.entries]).toEqual([
      ['A', { value: 'm', line: 8 }],
      ['B', { value: 'n', line: 5 }],
      ['S', { value: '"a \\"q\\" b"', line: 6 }],
    ]);
  });

  it('locates malformed lines', () => {
    const c = parseDotconfig('CONFIG_A=y\nFOO=y\nCONFIG_B\nCONFIG_C="open\nCONFIG_=y\nCONFIG_D=y\n', 'cfg');
    expect(c.problems.map(formatDotconfigProblem)).toEqual([
      'cfg:2: error: unexpected data: FOO=y',
      'cfg:3: error: unexpected data: CONFIG_B',
      'cfg:4: error: unterminated string in the value of CONFIG_C: "open',
      'cfg:5: error: unexpected data: CONFIG_=y',
    ]);
    expect([...c.entries.keys()]).toEqual(['A', 'D']);
  });
});

describe('decodeConfigBytes', () => {
  it('gunzips by magic bytes and reports a broken gzip', () => {
    const text = 'CONFIG_A=y\n';
    expect(decodeConfigBytes(gzipSync(text), 'config.gz')).toEqual({ text, gzip: true });
    expect(decodeConfigBytes(Buffer.from(text), 'config.gz')).toEqual({ text, gzip: false });
    const broken = decodeConfigBytes(Uint8Array.from([0x1f, 0x8b, 1, 2, 3]), 'bad.gz');
    expect(broken.text).toBeUndefined();
    expect(broken.problem?.message).toMatch(/^not a valid gzip file/);
  });
});
