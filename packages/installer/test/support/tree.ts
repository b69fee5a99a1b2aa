// Test helpers: a full snapshot of a directory tree (type, mode, content, link target of every entry), so a
// test can assert that a failed install left a root byte-for-byte as it was.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { walkTree } from '../../src/interim/files.js';

export async function snapshotTree(dir: string): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  for (const entry of await walkTree(dir)) {
    const mode = entry.mode.toString(8);
    snapshot[entry.path] =
      entry.type === 'file'
        ? `file ${mode} ${(await readFile(join(dir, entry.path))).toString('base64')}`
        : entry.type === 'symlink'
          ? `symlink -> ${entry.target}`
          : `${entry.type} ${mode}`;
  }
  return snapshot;
}

/** Regular files only, path -> text: for asserting what an install wrote. */
export async function filesOf(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await walkTree(dir)) {
    if (entry.type === 'file') files[entry.path] = await readFile(join(dir, entry.path), 'utf8');
  }
  return files;
}

export function tempDir(prefix = 'distkernel-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}
