import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOsRelease, readBootIdentity } from '../../src/layout/identity.js';
import { tempDir } from '../support/tree.js';

describe('readBootIdentity', () => {
  it('takes the entry token from machine-id, else from os-release', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'etc'));
    await writeFile(join(root, 'etc/os-release'), 'ID=debian\nIMAGE_ID=kiosk\n');
    expect((await readBootIdentity(root)).entryToken).toBe('kiosk');
    await writeFile(join(root, 'etc/machine-id'), 'uninitialized\n');
    expect((await readBootIdentity(root)).entryToken).toBe('kiosk');
    await writeFile(join(root, 'etc/machine-id'), '0123456789abcdef0123456789abcdef\n');
    expect(await readBootIdentity(root)).toMatchObject({ entryToken: '0123456789abcdef0123456789abcdef', cmdline: '' });
    expect((await readBootIdentity(root, { entryToken: 'given' })).entryToken).toBe('given');
  });
});

describe('parseOsRelease', () => {
  it('unquotes values', () => {
    expect(
      parseOsRelease('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nNAME=\'A \\"b\\"\'\n# c\n'),
    ).toEqual({
      PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)',
      ID: 'debian',
      NAME: 'A "b"',
    });
  });
});
