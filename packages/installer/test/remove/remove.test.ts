import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installKernel } from '../../src/install/install.js';
import { listInstalledKernels, removeKernels } from '../../src/remove/remove.js';
import { fakeEnv } from '../support/fakes.js';
import { makeFakeInterim } from '../support/interim.js';
import { snapshotTree, tempDir } from '../support/tree.js';

async function rootWith(versions: readonly string[], layout = 'traditional') {
  const work = await tempDir();
  const root = join(work, 'root');
  await mkdir(join(root, 'etc'), { recursive: true });
  await writeFile(join(root, 'etc/machine-id'), '0123456789abcdef0123456789abcdef\n');
  for (const version of versions) {
    const interim = await makeFakeInterim(join(work, version), { version, initramfs: true });
    const result = await installKernel({
      from: interim,
      root,
      layout,
      cmdline: 'root=/dev/vda',
      env: fakeEnv(join(work, 'log')),
    });
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  }
  return root;
}

describe('listInstalledKernels', () => {
  it('finds kernels of every layout, newest first (sort -V order)', async () => {
    const root = await rootWith(['6.1.9', '6.1.10', '6.12.1'], 'traditional');
    const bls = await rootWith(['6.2.0'], 'bls');
    expect((await listInstalledKernels(root)).map((k) => k.version)).toEqual(['6.12.1', '6.1.10', '6.1.9']);
    const [entry] = await listInstalledKernels(bls);
    expect(entry).toMatchObject({ version: '6.2.0', bootable: true, layouts: ['bls', 'modules'] });
    expect(entry?.paths).toEqual([
      '/boot/loader/entries/0123456789abcdef0123456789abcdef-6.2.0.conf',
      '/boot/0123456789abcdef0123456789abcdef/6.2.0',
      '/lib/modules/6.2.0',
      '/usr/src/linux-6.2.0',
    ]);
  });
});

describe('removeKernels', () => {
  it('removes every file of a version', async () => {
    const root = await rootWith(['6.1.0', '6.2.0']);
    const result = await removeKernels({ root, versions: ['6.1.0'], runningRelease: '6.2.0' });
    expect(result.ok).toBe(true);
    const left = Object.keys(await snapshotTree(root));
    expect(left.filter((p) => p.includes('6.1.0'))).toEqual([]);
    expect(left.filter((p) => p.includes('6.2.0')).length).toBeGreaterThan(5);
  });

  it('never removes the running kernel', async () => {
    const root = await rootWith(['6.1.0', '6.2.0']);
    const before = await snapshotTree(root);
    const result = await removeKernels({ root, versions: ['6.1.0'], runningRelease: '6.1.0' });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({
      code: 'remove-running',
      message: 'refusing to remove 6.1.0: it is the running kernel (uname -r)',
    });
    expect(await snapshotTree(root)).toEqual(before);
  });

  it('never removes the last bootable kernel', async () => {
    const root = await rootWith(['6.1.0', '6.2.0']);
    const before = await snapshotTree(root);
    const result = await removeKernels({ root, versions: ['6.1.0', '6.2.0'], runningRelease: '5.10.0-other' });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['remove-last']);
    expect(await snapshotTree(root)).toEqual(before);
  });

  it('prunes to the newest N, keeping the running kernel on top of them', async () => {
    const root = await rootWith(['6.1.0', '6.1.10', '6.1.9', '6.2.0']);
    const result = await removeKernels({ root, keep: 1, runningRelease: '6.1.9' });
    expect(result.ok && result.value.removed).toEqual(['6.1.10', '6.1.0']);
    expect(result.ok && result.value.kept).toEqual(['6.2.0', '6.1.9']);
    expect((await listInstalledKernels(root)).map((k) => k.version)).toEqual(['6.2.0', '6.1.9']);
  });

  it('prunes nothing when only the running kernel is installed', async () => {
    const root = await rootWith(['6.1.0']);
    const result = await removeKernels({ root, keep: 1, runningRelease: '6.1.0' });
    expect(result.ok && result.value.removed).toEqual([]);
  });

  it('lists what it would remove with --dry-run', async () => {
    const root = await rootWith(['6.1.0', '6.2.0']);
    const before = await snapshotTree(root);
    const result = await removeKernels({ root, versions: ['6.1.0'], runningRelease: '6.2.0', dryRun: true });
    expect(result.ok && result.value.changes.map((c) => `${c.action} ${c.path}`)).toEqual([
      'remove /boot/vmlinuz-6.1.0',
      'remove /boot/System.map-6.1.0',
      'remove /boot/config-6.1.0',
      'remove /boot/initramfs-6.1.0.img',
      'remove /lib/modules/6.1.0',
      'remove /usr/src/linux-6.1.0',
    ]);
    expect(await snapshotTree(root)).toEqual(before);
  });

  it("leaves what else lives in /usr/src alone, and takes Debian's initrd.img along", async () => {
    const root = await rootWith(['6.1.0', '6.2.0']);
    await mkdir(join(root, 'usr/src/linux-config-6.12'), { recursive: true });
    await writeFile(join(root, 'usr/src/linux-source-6.12.tar.xz'), 'tarball');
    await writeFile(join(root, 'boot/initrd.img-6.1.0'), 'debian initrd');
    const result = await removeKernels({ root, keep: 1, runningRelease: '6.2.0' });
    expect(result.ok && result.value.removed).toEqual(['6.1.0']);
    const left = Object.keys(await snapshotTree(root));
    expect(left).toContain('usr/src/linux-config-6.12');
    expect(left).toContain('usr/src/linux-source-6.12.tar.xz');
    expect(left).not.toContain('boot/initrd.img-6.1.0');
  });

  it('says which versions exist when asked for an absent one', async () => {
    const root = await rootWith(['6.1.0', '6.2.0']);
    const result = await removeKernels({ root, versions: ['9.9.9'], runningRelease: '6.2.0' });
    expect(result.diagnostics[0]).toMatchObject({ code: 'not-installed', fix: 'installed: 6.2.0, 6.1.0' });
  });
});
