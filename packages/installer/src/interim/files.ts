/**
 * File-tree helpers shared by the interim location and packages: a deterministic walk (sorted, symlinks not
 * followed) and sha256 checksums, so a manifest can tell whether a tree arrived intact.
 */
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';

export interface TreeEntry {
  /** Posix path relative to the walked directory. */
  readonly path: string;
  readonly type: 'file' | 'dir' | 'symlink' | 'other';
  readonly mode: number;
  /** Symlink target, for symlinks. */
  readonly target?: string;
}

/** Every entry under `dir`, depth first in name order. */
export async function walkTree(dir: string, relative = ''): Promise<readonly TreeEntry[]> {
  const names = (await readdir(join(dir, relative))).sort();
  const entries: TreeEntry[] = [];
  for (const name of names) {
    const path = relative === '' ? name : posix.join(relative, name);
    const info = await lstat(join(dir, path));
    const mode = info.mode & 0o7777;
    if (info.isSymbolicLink()) {
      entries.push({ path, type: 'symlink', mode, target: await readlink(join(dir, path)) });
    } else if (info.isDirectory()) {
      entries.push({ path, type: 'dir', mode }, ...(await walkTree(dir, path)));
    } else {
      entries.push({ path, type: info.isFile() ? 'file' : 'other', mode });
    }
  }
  return entries;
}

/** Whole-file reads: kernel trees are thousands of small files, for which streams cost more than hashing. */
export async function sha256File(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

export function sha256Text(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
