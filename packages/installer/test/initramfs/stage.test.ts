import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateInitramfs } from '../../src/initramfs/stage.js';
import { readInterim } from '../../src/interim/manifest.js';
import { fakeCalls, fakeEnv } from '../support/fakes.js';
import { makeFakeInterim } from '../support/interim.js';
import { snapshotTree, tempDir } from '../support/tree.js';

describe('generateInitramfs', () => {
  it('adds a dracut image to the interim tree and its manifest', async () => {
    const work = await tempDir();
    const interim = await makeFakeInterim(join(work, 'interim'));
    const log = join(work, 'calls.log');
    const result = await generateInitramfs({
      interimDir: interim,
      env: fakeEnv(log),
      extraArgs: ['--omit', 'systemd'],
    });
    expect(result.ok).toBe(true);
    expect(await readFile(join(interim, 'boot/initramfs.img'), 'utf8')).toBe('fake initramfs for 6.12.0-test\n');
    const reread = await readInterim(interim, { verify: true });
    expect(reread.ok && reread.value.manifest.initramfs).toBe('boot/initramfs.img');
    expect((await fakeCalls(log))[0]).toMatch(/ --force --omit systemd \S+\/boot\/initramfs\.img\.new-\d+$/);
  });

  it('leaves the interim tree as it was when dracut fails', async () => {
    const work = await tempDir();
    const interim = await makeFakeInterim(join(work, 'interim'));
    const before = await snapshotTree(interim);
    const result = await generateInitramfs({
      interimDir: interim,
      env: fakeEnv(join(work, 'log'), { FAKE_DRACUT_FAIL: '1' }),
    });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.code).toBe('initramfs-failed');
    expect(await snapshotTree(interim)).toEqual(before);
  });

  it('refuses "none" when the root filesystem driver is a module', async () => {
    const work = await tempDir();
    const interim = await makeFakeInterim(join(work, 'interim'), { initramfs: true });
    const result = await generateInitramfs({
      interimDir: interim,
      generator: 'none',
      root: { fsType: 'ext4', device: 'virtio_blk' },
    });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['modular-root-fs']);
  });
});
