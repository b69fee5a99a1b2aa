import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInterim } from '../../src/interim/manifest.js';
import { makeFakeInterim } from '../support/interim.js';
import { tempDir } from '../support/tree.js';

describe('readInterim', () => {
  it('reads the manifest and resolves the artifacts', async () => {
    const dir = await makeFakeInterim(join(await tempDir(), 'interim'), { initramfs: true });
    const interim = await readInterim(dir, { verify: true });
    expect(interim.ok).toBe(true);
    if (!interim.ok) return;
    expect(interim.value.artifacts).toEqual({
      version: '6.12.0-test',
      image: join(dir, 'boot/vmlinuz'),
      systemMap: join(dir, 'boot/System.map'),
      config: join(dir, 'boot/config'),
      initramfs: join(dir, 'boot/initramfs.img'),
    });
    expect(interim.value.manifest.links).toEqual({
      'lib/modules/6.12.0-test/build': '../../../usr/src/linux-6.12.0-test',
    });
    expect(Object.keys(interim.value.manifest.files)).not.toContain('manifest.json');
  });

  it('names missing files when verifying', async () => {
    const dir = await makeFakeInterim(join(await tempDir(), 'interim'));
    await rm(join(dir, 'lib/modules/6.12.0-test/modules.dep'));
    const interim = await readInterim(dir, { verify: true });
    expect(interim.diagnostics).toMatchObject([
      { code: 'checksum-mismatch', notes: ['lib/modules/6.12.0-test/modules.dep: missing'] },
    ]);
  });

  it('says what an interim tree is when given another directory', async () => {
    const interim = await readInterim(await tempDir());
    expect(interim.diagnostics[0]).toMatchObject({ code: 'interim-invalid' });
    expect(interim.diagnostics[0]?.fix).toContain('distkernel build');
  });

  it('refuses a manifest pointing outside its tree', async () => {
    const dir = await makeFakeInterim(join(await tempDir(), 'interim'));
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, image: '../../etc/shadow' }));
    const interim = await readInterim(dir);
    expect(interim.diagnostics[0]).toMatchObject({ code: 'interim-invalid' });
  });
});
