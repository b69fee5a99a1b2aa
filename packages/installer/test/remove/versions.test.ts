import { describe, expect, it } from 'vitest';
import { compareVersions } from '../../src/remove/versions.js';

describe('compareVersions', () => {
  it('orders kernel releases like sort -V', () => {
    const sorted = ['6.12.10', '6.1.0', '6.12.9', '6.12.9-rc2', '6.12.9-rc1', '5.15.0'].sort(compareVersions);
    expect(sorted).toEqual(['5.15.0', '6.1.0', '6.12.9', '6.12.9-rc1', '6.12.9-rc2', '6.12.10']);
  });

  it('treats equal strings as equal', () => {
    expect(compareVersions('6.12.0-test', '6.12.0-test')).toBe(0);
  });
});
