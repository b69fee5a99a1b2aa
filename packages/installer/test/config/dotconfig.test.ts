import { describe, expect, it } from 'vitest';
import { configValue, readDotConfig } from '../../src/config/dotconfig.js';

describe('readDotConfig', () => {
  it('reads assignments and "is not set" lines, the later line winning', () => {
    const config = readDotConfig('#\n# header\nCONFIG_A=y\n# CONFIG_B is not set\nCONFIG_S="x y"\nCONFIG_A=m\nnoise\n');
    expect([...config.values()]).toEqual([
      { symbol: 'A', value: 'm', line: 6 },
      { symbol: 'B', value: 'n', line: 4 },
      { symbol: 'S', value: '"x y"', line: 5 },
    ]);
    expect(configValue(config, 'B')).toBe('n');
    expect(configValue(config, 'ABSENT')).toBe('n');
  });
});
