import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fail, succeed } from '../../src/diagnostics.js';
import { applyChanges, planChanges } from '../../src/layout/transaction.js';
import { snapshotTree, tempDir } from '../support/tree.js';

async function rootWithBoot() {
  const root = await tempDir();
  await mkdir(join(root, 'boot'));
  await writeFile(join(root, 'boot/vmlinuz-1'), 'current');
  await writeFile(join(root, 'boot/vmlinuz-1.old'), 'older');
  return root;
}

describe('applyChanges', () => {
  it('writes, keeps .old, and leaves no staging files once finalized', async () => {
    const root = await rootWithBoot();
    const applied = await applyChanges(root, [
      { kind: 'file', path: '/boot/vmlinuz-1', source: { text: 'new' }, keepOld: '/boot/vmlinuz-1.old' },
      { kind: 'file', path: '/boot/sub/dir/file', source: { text: 'x' }, mode: 0o600 },
      { kind: 'symlink', path: '/boot/link', target: 'vmlinuz-1' },
    ]);
    expect(applied.ok).toBe(true);
    if (!applied.ok) return;
    expect(await applied.value.finalize()).toEqual([]);
    const tree = await snapshotTree(root);
    expect(Object.keys(tree).sort()).toEqual([
      'boot',
      'boot/link',
      'boot/sub',
      'boot/sub/dir',
      'boot/sub/dir/file',
      'boot/vmlinuz-1',
      'boot/vmlinuz-1.old',
    ]);
    expect(await readFile(join(root, 'boot/vmlinuz-1'), 'utf8')).toBe('new');
    expect(await readFile(join(root, 'boot/vmlinuz-1.old'), 'utf8')).toBe('current');
    expect(tree['boot/sub/dir/file']).toMatch(/^file 600 /);
    expect(tree['boot/link']).toBe('symlink -> vmlinuz-1');
  });

  it('rolls back every committed change, .old included', async () => {
    const root = await rootWithBoot();
    const before = await snapshotTree(root);
    const applied = await applyChanges(root, [
      { kind: 'file', path: '/boot/vmlinuz-1', source: { text: 'new' }, keepOld: '/boot/vmlinuz-1.old' },
      { kind: 'file', path: '/boot/a/b', source: { text: 'x' } },
      { kind: 'remove', path: '/boot/vmlinuz-1.old' },
    ]);
    expect(applied.ok).toBe(true);
    if (!applied.ok) return;
    expect(await applied.value.rollback()).toEqual([]);
    expect(await snapshotTree(root)).toEqual(before);
  });

  it('changes nothing when a directory cannot be created because a file is in the way', async () => {
    const root = await rootWithBoot();
    await writeFile(join(root, 'boot/loader'), 'not a directory');
    const before = await snapshotTree(root);
    const applied = await applyChanges(root, [
      { kind: 'file', path: '/boot/new/dir/linux', source: { text: 'k' } },
      { kind: 'file', path: '/boot/vmlinuz-1', source: { text: 'new' }, keepOld: '/boot/vmlinuz-1.old' },
      { kind: 'file', path: '/boot/loader/entries/x.conf', source: { text: 'entry' } },
    ]);
    expect(applied.ok).toBe(false);
    expect(applied.diagnostics[0]).toMatchObject({ code: 'write-failed' });
    expect(applied.diagnostics[0]?.message).toContain('/boot/loader/entries');
    expect(await snapshotTree(root)).toEqual(before);
  });

  it('rolls back the whole transaction when an extension fails', async () => {
    const root = await rootWithBoot();
    const before = await snapshotTree(root);
    const applied = await applyChanges(root, [{ kind: 'file', path: '/boot/vmlinuz-2', source: { text: 'two' } }]);
    if (!applied.ok) throw new Error('first step failed');
    const extended = await applied.value.extend([
      {
        kind: 'file',
        path: '/boot/grub/grub.cfg',
        source: { by: 'test', generate: async () => fail({ severity: 'error', code: 'tool-failed', message: 'no' }) },
      },
    ]);
    expect(extended.ok).toBe(false);
    expect(await snapshotTree(root)).toEqual(before);
  });

  it('refuses to replace a directory with a file', async () => {
    const root = await rootWithBoot();
    await mkdir(join(root, 'boot/config-1'));
    const applied = await applyChanges(root, [{ kind: 'file', path: '/boot/config-1', source: { text: 'x' } }]);
    expect(applied.ok).toBe(false);
    expect(applied.diagnostics[0]?.message).toBe('cannot install /boot/config-1: a directory is in the way');
  });

  it('stages generated files next to their target', async () => {
    const root = await rootWithBoot();
    let stagedAt = '';
    const applied = await applyChanges(root, [
      {
        kind: 'file',
        path: '/boot/EFI/Linux/x.efi',
        source: {
          by: 'test',
          generate: async (staged) => {
            stagedAt = staged;
            await writeFile(staged, 'uki');
            return succeed(undefined);
          },
        },
      },
    ]);
    expect(applied.ok).toBe(true);
    expect(stagedAt.startsWith(join(root, 'boot/EFI/Linux/.distkernel-new-'))).toBe(true);
    expect(await readFile(join(root, 'boot/EFI/Linux/x.efi'), 'utf8')).toBe('uki');
  });
});

describe('planChanges', () => {
  it('tells creations from replacements and .old moves', async () => {
    const root = await rootWithBoot();
    const planned = await planChanges(root, [
      { kind: 'file', path: '/boot/vmlinuz-1', source: { text: 'new' }, keepOld: '/boot/vmlinuz-1.old' },
      { kind: 'file', path: '/boot/vmlinuz-2', source: { text: 'two' }, keepOld: '/boot/vmlinuz-2.old' },
      { kind: 'remove', path: '/boot/absent' },
    ]);
    expect(planned).toEqual([
      { path: '/boot/vmlinuz-1', action: 'replace', kind: 'file', keepOld: '/boot/vmlinuz-1.old' },
      { path: '/boot/vmlinuz-2', action: 'create', kind: 'file' },
    ]);
  });
});
