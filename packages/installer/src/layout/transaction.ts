/**
 * All-or-nothing file changes under a root directory.
 *
 * Every new file is first written next to its target (same directory, so the same filesystem even when /boot
 * or the ESP is a separate mount), under a hidden `.distkernel-` name. Only when everything is staged are the
 * targets swapped in with rename(2), which is atomic per file; each rename is recorded with its inverse, so
 * a failure at any point (staging, commit, or a step run after the commit such as a boot loader config or a
 * postinst plugin) puts the root back exactly as it was: same files, same bytes, same directories.
 * Replaced and removed files are kept under hidden names until finalize() deletes them.
 */
import { randomBytes } from 'node:crypto';
import { chmod, copyFile, cp, lstat, mkdir, rename, rm, rmdir, stat, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import { error, fail, type InstallerDiagnostic, type Outcome, succeed } from '../diagnostics.js';

/** Where a new file's bytes come from. `generate` writes the staged path itself (e.g. ukify --output). */
export type FileSource =
  | { readonly file: string }
  | { readonly text: string }
  | { readonly by: string; readonly generate: (stagedPath: string) => Promise<Outcome<void>> };

/** One change. `path` is absolute inside the root, e.g. `/boot/vmlinuz-6.12.1`. */
export type Change =
  | {
      readonly kind: 'file';
      readonly path: string;
      readonly source: FileSource;
      readonly mode?: number;
      /** A same-version reinstall moves the current file here first (the `.old` convention). */
      readonly keepOld?: string;
    }
  | { readonly kind: 'tree'; readonly path: string; readonly source: string }
  | { readonly kind: 'symlink'; readonly path: string; readonly target: string }
  /** Removes `path`; with `keepOld`, renames it there instead (a stale same-version initramfs, say). */
  | { readonly kind: 'remove'; readonly path: string; readonly keepOld?: string };

/** What a change will do to the root, for `--dry-run` and reports. */
export interface PlannedChange {
  readonly path: string;
  readonly action: 'create' | 'replace' | 'remove';
  /** Set when the current file is kept under this name. */
  readonly keepOld?: string;
  readonly kind: Change['kind'];
}

export interface AppliedChanges {
  readonly planned: readonly PlannedChange[];
  /** Applies further changes inside the same transaction (rolled back together). */
  extend(changes: readonly Change[]): Promise<Outcome<readonly PlannedChange[]>>;
  /** Puts the root back as it was before the first change. */
  rollback(): Promise<readonly InstallerDiagnostic[]>;
  /** Deletes the replaced files kept for rollback; the changes become permanent. */
  finalize(): Promise<readonly InstallerDiagnostic[]>;
}

/** Paths inside the root are posix and absolute; `..` would escape the root. */
export function hostPath(root: string, path: string): string {
  return join(root, posix.normalize(`/${path}`));
}

export async function planChanges(root: string, changes: readonly Change[]): Promise<readonly PlannedChange[]> {
  const planned: PlannedChange[] = [];
  for (const change of changes) {
    const exists = (await lstatOrUndefined(hostPath(root, change.path))) !== undefined;
    const keepOld = (change.kind === 'file' || change.kind === 'remove') && exists ? change.keepOld : undefined;
    if (change.kind === 'remove') {
      if (exists)
        planned.push({
          path: change.path,
          action: 'remove',
          kind: change.kind,
          ...(keepOld === undefined ? {} : { keepOld }),
        });
      continue;
    }
    planned.push({
      path: change.path,
      action: exists ? 'replace' : 'create',
      kind: change.kind,
      ...(keepOld === undefined ? {} : { keepOld }),
    });
  }
  return planned;
}

/** Stages then commits `changes`; on failure nothing under `root` has changed. */
export async function applyChanges(root: string, changes: readonly Change[]): Promise<Outcome<AppliedChanges>> {
  const transaction = new Transaction(root);
  const applied = await transaction.apply(changes);
  if (!applied.ok) return applied;
  return succeed(transaction.handle());
}

type Undo = () => Promise<void>;

class Transaction {
  private readonly tag = randomBytes(4).toString('hex');
  private readonly createdDirs: string[] = [];
  private readonly undo: Undo[] = [];
  private readonly backups: string[] = [];
  private readonly planned: PlannedChange[] = [];
  private settled = false;

  constructor(private readonly root: string) {}

  /** The caller's view of a committed transaction; `planned` grows as extensions are applied. */
  handle(): AppliedChanges {
    return {
      planned: this.planned,
      extend: (changes) => this.apply(changes),
      rollback: () => this.rollback(),
      finalize: () => this.finalize(),
    };
  }

  async apply(changes: readonly Change[]): Promise<Outcome<readonly PlannedChange[]>> {
    const planned = await planChanges(this.root, changes);
    const staged: { change: Change; staged: string | undefined }[] = [];
    const discardStaged = () =>
      Promise.all(staged.map((s) => (s.staged ? rm(s.staged, { force: true, recursive: true }) : undefined)));
    for (const change of changes) {
      const result = await this.stage(change);
      if (!result.ok) {
        await discardStaged();
        const undone = await this.rollback();
        return fail(...result.diagnostics, ...undone);
      }
      staged.push({ change, staged: result.value });
    }
    for (const [index, entry] of staged.entries()) {
      const result = await this.commit(entry.change, entry.staged);
      if (!result.ok) {
        await Promise.all(
          staged.slice(index).map((s) => (s.staged ? rm(s.staged, { force: true, recursive: true }) : undefined)),
        );
        const undone = await this.rollback();
        return fail(...result.diagnostics, ...undone);
      }
    }
    this.planned.push(...planned);
    return succeed(planned);
  }

  /** Writes the new content under a hidden name beside the target; returns that name. */
  private async stage(change: Change): Promise<Outcome<string | undefined>> {
    const target = hostPath(this.root, change.path);
    const dir = dirname(target);
    const present = await lstatOrUndefined(target);
    if (change.kind === 'remove') return succeed(undefined);
    if (change.kind === 'tree' ? present !== undefined && !present.isDirectory() : present?.isDirectory()) {
      return fail(
        error(
          'write-failed',
          `cannot install ${change.path}: a ${present?.isDirectory() ? 'directory' : 'file'} is in the way`,
          {
            fix: `move ${target} aside, then retry`,
          },
        ),
      );
    }
    const made = await this.ensureDir(dir, posix.dirname(change.path));
    if (!made.ok) return made;
    const staged = join(dir, `.distkernel-new-${this.tag}-${basename(target)}`);
    try {
      if (change.kind === 'symlink') {
        await symlink(change.target, staged);
      } else if (change.kind === 'tree') {
        await cp(change.source, staged, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
      } else if ('file' in change.source) {
        await copyFile(change.source.file, staged);
        if (change.mode !== undefined) await chmod(staged, change.mode);
      } else if ('text' in change.source) {
        await writeFile(staged, change.source.text, { mode: change.mode ?? 0o644 });
      } else {
        const generated = await change.source.generate(staged);
        if (!generated.ok) {
          await rm(staged, { force: true });
          return generated;
        }
        if (change.mode !== undefined) await chmod(staged, change.mode);
      }
    } catch (e) {
      await rm(staged, { force: true, recursive: true });
      return fail(writeFailure(change.path, e));
    }
    return succeed(staged);
  }

  private async commit(change: Change, staged: string | undefined): Promise<Outcome<void>> {
    const target = hostPath(this.root, change.path);
    try {
      const present = (await lstatOrUndefined(target)) !== undefined;
      if (present && (change.kind === 'file' || change.kind === 'remove') && change.keepOld !== undefined) {
        const old = hostPath(this.root, change.keepOld);
        if ((await lstatOrUndefined(old)) !== undefined) await this.moveAside(old);
        await rename(target, old);
        this.undo.push(() => rename(old, target));
      } else if (present) {
        await this.moveAside(target);
      }
      if (staged !== undefined) {
        await rename(staged, target);
        this.undo.push(() => rm(target, { recursive: true, force: true }));
      }
      return succeed(undefined);
    } catch (e) {
      return fail(writeFailure(change.path, e));
    }
  }

  /** Keeps a file that is being replaced or removed under a hidden name, for rollback. */
  private async moveAside(path: string): Promise<void> {
    const backup = join(dirname(path), `.distkernel-old-${this.tag}-${this.backups.length}-${basename(path)}`);
    await rename(path, backup);
    this.backups.push(backup);
    this.undo.push(() => rename(backup, path));
  }

  /** mkdir -p that remembers what it created, and names the component that is in the way. */
  private async ensureDir(dir: string, shown: string): Promise<Outcome<void>> {
    const missing: string[] = [];
    let current = dir;
    for (;;) {
      const info = await statOrUndefined(current);
      if (info?.isDirectory()) break;
      if (info !== undefined) {
        return fail(
          error('write-failed', `cannot create directory ${shown}: ${current} is not a directory`, {
            fix: `remove or rename ${current}, then retry`,
          }),
        );
      }
      missing.unshift(current);
      const parent = dirname(current);
      if (parent === current) break;
      current = parent;
    }
    for (const path of missing) {
      try {
        await mkdir(path);
        this.createdDirs.push(path);
      } catch (e) {
        return fail(writeFailure(shown, e));
      }
    }
    return succeed(undefined);
  }

  private async rollback(): Promise<readonly InstallerDiagnostic[]> {
    if (this.settled) return [];
    this.settled = true;
    const problems: InstallerDiagnostic[] = [];
    for (const step of this.undo.reverse()) {
      try {
        await step();
      } catch (e) {
        problems.push(error('write-failed', `rollback incomplete: ${describe(e)}`));
      }
    }
    for (const dir of this.createdDirs.reverse()) {
      await rmdir(dir).catch(() => undefined);
    }
    return problems;
  }

  private async finalize(): Promise<readonly InstallerDiagnostic[]> {
    if (this.settled) return [];
    this.settled = true;
    const problems: InstallerDiagnostic[] = [];
    for (const backup of this.backups) {
      await rm(backup, { recursive: true, force: true }).catch((e: unknown) =>
        problems.push({
          severity: 'warning',
          code: 'write-failed',
          message: `could not delete ${backup}: ${describe(e)}`,
        }),
      );
    }
    return problems;
  }
}

function writeFailure(path: string, e: unknown): InstallerDiagnostic {
  const code = (e as NodeJS.ErrnoException).code;
  const fix =
    code === 'ENOSPC'
      ? 'free space on the target filesystem (remove old kernels with `distkernel remove --prune`), then retry'
      : code === 'EROFS'
        ? 'remount the target filesystem read-write, then retry'
        : 'check the target directory, then retry';
  return error('write-failed', `cannot write ${path}: ${describe(e)}`, { fix });
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function lstatOrUndefined(path: string) {
  return lstat(path).catch(() => undefined);
}

async function statOrUndefined(path: string) {
  return stat(path).catch(() => undefined);
}
