/**
 * A result cache for Kconfig's `$(shell,...)` probes (cc-option, ld-version.sh, rustc-version.sh...): a kernel
 * tree runs about a hundred of them on every load, most spawning the compiler, so repeated loads of the same
 * tree spend most of their time there. The cache wraps a ShellRunner and answers a command it has seen with
 * the recorded stdout and exit status.
 *
 * Key: the command text, a hash of the environment the runner passes to the shell (less the variables that
 * change from one run to the next and that no probe reads: see VOLATILE), and the working directory.
 * Invalidation: each word of the command that names an executable (found on the environment's PATH, or an
 * absolute path, e.g. `gcc`, `ld`, `$(srctree)/scripts/cc-version.sh` after expansion) is recorded with
 * its resolved path, mtime and size; a hit requires each to resolve to the same file, unchanged. A word that
 * named nothing must still name nothing, so installing a tool later invalidates the probes that looked for it.
 *
 * Prefetching (see ShellRunner.prefetch) passes through: the commands a load starts ahead that the cache
 * cannot answer are started on the wrapped runner, and what they give is cached when they are taken. The
 * cache also keeps the list of commands the last load asked for; when it can answer all of them, the load
 * does without the prefetching walk.
 *
 * One cache instance serves one load, a snapshot of the machine: each tool is looked up and stat'ed once.
 *
 * Storage: one JSON file per tree under `$XDG_CACHE_HOME/kconfig-solve/` (else `~/.cache/kconfig-solve/`),
 * read once, written atomically (temporary file + rename) by `save()`; a missing or unreadable file is an
 * empty cache, and a failed write leaves the cache unsaved (it is only a speed-up).
 *
 * Expiry: the key holds the directory, so every scratch build directory adds a set of entries that may never
 * be asked for again. When the file is next written, an entry or a load's command list is dropped if its
 * directory no longer exists or if it was unused for EXPIRE_AFTER_MS. A use is recorded at most once a day
 * (USE_RESOLUTION_MS), so a warm load that adds nothing still writes nothing on most days.
 *
 * Known limitation: a probe whose output depends on anything outside the key and the recorded tools is
 * answered stale, e.g. one that reads a file (`cat $(srctree)/some/file`), the time, or a tool that the
 * command reaches indirectly (a script that runs `gcc` only inside it: the script is recorded, not the gcc
 * its PATH lookup finds, unless `gcc` also appears in the command). Commands with side effects (a probe that
 * writes a temporary file in the cwd) are not re-run on a hit; only their stdout and status are reproduced.
 */
import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  mkdirSync,
  readFileSync,
  renameSync,
  type Stats,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { Prefetch, ShellResult, ShellRunner } from '@kconfig-solve/kconfig-parser';

type Env = Readonly<Record<string, string | undefined>>;

/** One executable a command names: where it resolved (null: nowhere) and its identity then. */
interface ToolStamp {
  readonly word: string;
  readonly path: string | null;
  readonly mtimeMs: number;
  readonly size: number;
}

interface CacheEntry {
  readonly command: string;
  readonly result: ShellResult;
  readonly tools: readonly ToolStamp[];
  /** When a load last asked for it (ms since the epoch, to a day); files written before expiry lack it. */
  usedAt?: number;
  /** The directory it ran in (part of the key); files written before expiry lack it. */
  readonly cwd?: string;
}

/** When a load's command list was last used, and the directory of that load. */
interface LoadUse {
  readonly usedAt: number;
  readonly cwd: string;
}

interface CacheFile {
  readonly version: 1;
  readonly entries: Record<string, CacheEntry>;
  /** The commands the last load asked for, in order, by environment and directory (the key of ''). */
  readonly loads?: Record<string, readonly string[]>;
  /** When and where each of `loads` was last used. */
  readonly loadUses?: Record<string, LoadUse>;
}

/** Entries and load lists unused this long are dropped on the next write. */
const EXPIRE_AFTER_MS = 30 * 24 * 3600 * 1000;
/** A use is recorded when the last recorded one is older than this. */
const USE_RESOLUTION_MS = 24 * 3600 * 1000;

export interface ShellCacheOptions {
  /** The runner that really runs commands (e.g. the parser's systemShell). */
  readonly runner: ShellRunner;
  /** The environment the runner gives the shell: part of the key, and its PATH resolves tools. */
  readonly env: Env;
  /** The directory commands run in: part of the key. */
  readonly cwd: string;
  /** The cache file (see shellCacheFile). */
  readonly file: string;
  /** The clock expiry reads (tests set it); Date.now by default. */
  readonly now?: () => number;
}

export interface ShellCache {
  /** The caching runner, to pass as `shell` to loadKconfig. */
  readonly shell: ShellRunner;
  /** Writes the cache file if anything was added; false when it could not be written. */
  save(): boolean;
  readonly stats: { readonly hits: number; readonly misses: number };
}

/** The cache file of a tree: `$XDG_CACHE_HOME/kconfig-solve/<hash of the tree's path>.json`. */
export function shellCacheFile(tree: string, env: Env = process.env): string {
  const base = env.XDG_CACHE_HOME ? env.XDG_CACHE_HOME : join(env.HOME ?? homedir(), '.cache');
  const id = createHash('sha256').update(resolve(tree)).digest('hex').slice(0, 24);
  return join(base, 'kconfig-solve', `shell-${id}.json`);
}

export function createShellCache(options: ShellCacheOptions): ShellCache {
  const cache = load(options.file);
  const now = (options.now ?? Date.now)();
  const envHash = hashEnv(options.env);
  const stats = { hits: 0, misses: 0 };
  let dirty = false;
  /** Tools stamped during this load: a load is one snapshot of the machine, each tool is looked up once. */
  const stamps = new Map<string, ToolStamp>();
  const stampOf = (word: string): ToolStamp => {
    let s = stamps.get(word);
    if (s === undefined) {
      s = stamp(word, options);
      stamps.set(word, s);
    }
    return s;
  };

  const keyOf = (command: string): string =>
    createHash('sha256')
      .update(JSON.stringify([command, envHash, options.cwd]))
      .digest('hex');
  const hit = (command: string, key: string): CacheEntry | undefined => {
    const entry = cache.entries[key];
    const valid = entry?.command === command && entry.tools.every((t) => sameStamp(t, stampOf(t.word)));
    if (!valid) return undefined;
    if (!(now - (entry.usedAt ?? 0) < USE_RESOLUTION_MS)) {
      entry.usedAt = now;
      dirty = true;
    }
    return entry;
  };
  /** The commands this load asks for, in order: the next load's prediction (see `predicted`). */
  const asked: string[] = [];
  const loadKey = keyOf('');
  /** The caching runner over `runner` (the real one, or one answering from prefetched runs). */
  const caching =
    (runner: ShellRunner): ShellRunner =>
    (command) => {
      asked.push(command);
      const key = keyOf(command);
      const entry = hit(command, key);
      if (entry) {
        stats.hits++;
        return entry.result;
      }
      stats.misses++;
      const result = runner(command);
      // A shell that could not start is not an answer worth keeping.
      if (result.error === undefined) {
        const tools = toolWords(command).map(stampOf);
        cache.entries[key] = { command, result, tools, usedAt: now, cwd: options.cwd };
        dirty = true;
      }
      return result;
    };
  const runner = options.runner;
  const prefetch = runner.prefetch;
  // Only the commands the cache cannot answer are worth running ahead. When it can answer every command the
  // last load of this tree (same environment and directory) asked for, this load will almost surely ask the
  // same, and the walk that lists commands ahead (a second pass over the tree) would only cost time; a command
  // it did not predict simply runs when asked.
  const last = cache.loads[loadKey];
  const predicted = last !== undefined && last.every((command) => hit(command, keyOf(command)) !== undefined);
  const shell: ShellRunner =
    prefetch && !predicted
      ? Object.assign(caching(runner), {
          prefetch: (): Prefetch => {
            const ahead = prefetch();
            return {
              start: (command) => {
                const entry = hit(command, keyOf(command));
                return entry ? { ready: () => true, result: () => entry.result } : ahead.start(command);
              },
              shell: caching(ahead.shell),
              close: () => ahead.close(),
            };
          },
        })
      : caching(runner);

  return {
    shell,
    stats,
    save() {
      const same = last !== undefined && last.length === asked.length && last.every((c, i) => c === asked[i]);
      const loadUseDue = !(now - (cache.loadUses[loadKey]?.usedAt ?? 0) < USE_RESOLUTION_MS);
      if (!dirty && same && !loadUseDue) return true;
      try {
        mkdirSync(join(options.file, '..'), { recursive: true });
        const tmp = `${options.file}.${process.pid}.tmp`;
        const data = unexpired(
          { entries: cache.entries, loads: { ...cache.loads, [loadKey]: asked } },
          { ...cache.loadUses, [loadKey]: { usedAt: now, cwd: options.cwd } },
          now,
        );
        writeFileSync(tmp, JSON.stringify(data));
        renameSync(tmp, options.file);
        dirty = false;
        return true;
      } catch {
        return false;
      }
    },
  };
}

interface LoadedCache {
  readonly entries: Record<string, CacheEntry>;
  readonly loads: Record<string, readonly string[]>;
  readonly loadUses: Record<string, LoadUse>;
}

function load(file: string): LoadedCache {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile>;
    if (parsed.version === 1 && parsed.entries && typeof parsed.entries === 'object') {
      const loads = parsed.loads && typeof parsed.loads === 'object' ? parsed.loads : {};
      const loadUses = parsed.loadUses && typeof parsed.loadUses === 'object' ? parsed.loadUses : {};
      return { entries: parsed.entries, loads, loadUses };
    }
  } catch {
    // No cache yet, or an unreadable one: start empty.
  }
  return { entries: {}, loads: {}, loadUses: {} };
}

/**
 * The file to write: without the entries and load lists whose directory is gone or that were unused for
 * EXPIRE_AFTER_MS. One written before expiry existed has neither dates nor directories; its entries count as
 * used when it is first rewritten, and expire from then.
 */
function unexpired(
  data: { readonly entries: Record<string, CacheEntry>; readonly loads: Record<string, readonly string[]> },
  loadUses: Record<string, LoadUse>,
  now: number,
): CacheFile {
  const directories = new Map<string, boolean>();
  const exists = (dir: string) => {
    let known = directories.get(dir);
    if (known === undefined) {
      known = pathStat(dir)?.isDirectory() ?? false;
      directories.set(dir, known);
    }
    return known;
  };
  const live = (use: { readonly usedAt?: number; readonly cwd?: string } | undefined) =>
    (use?.usedAt === undefined || now - use.usedAt < EXPIRE_AFTER_MS) && (use?.cwd === undefined || exists(use.cwd));
  const entries: Record<string, CacheEntry> = {};
  for (const [key, entry] of Object.entries(data.entries)) {
    if (!live(entry)) continue;
    entry.usedAt ??= now;
    entries[key] = entry;
  }
  const loads: Record<string, readonly string[]> = {};
  const uses: Record<string, LoadUse> = {};
  for (const [key, commands] of Object.entries(data.loads)) {
    const use = loadUses[key];
    if (!live(use)) continue;
    loads[key] = commands;
    if (use !== undefined) uses[key] = use;
  }
  return { version: 1, entries, loads, loadUses: uses };
}

/**
 * Variables that differ between two runs of the same command line and that no probe reads: bash's `_` (the
 * last command's path) and OLDPWD/SHLVL, and what make exports to its children: MAKEFLAGS and MFLAGS carry the
 * jobserver's file descriptors (new ones on every `make -j`), MAKELEVEL the nesting, MAKE_TERMOUT/MAKE_TERMERR
 * whether output goes to a terminal. Keyed on, they would make every run under make a miss. The variables a
 * make command line sets (ARCH=, CC=, LLVM=...) reach conf as variables of their own, which stay in the key.
 */
const VOLATILE: ReadonlySet<string> = new Set([
  '_',
  'OLDPWD',
  'SHLVL',
  'MAKEFLAGS',
  'MFLAGS',
  'MAKELEVEL',
  'MAKE_TERMOUT',
  'MAKE_TERMERR',
]);

/** The environment's entries, sorted, hashed: the key changes with any variable a command could read. */
function hashEnv(env: Env): string {
  const entries = Object.entries(env)
    .filter((e): e is [string, string] => e[1] !== undefined && !VOLATILE.has(e[0]))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex');
}

/**
 * The words of a command that may name executables: split at blanks and shell operators, quotes removed;
 * options (`-x`, `--x=y`), assignments and words with expansions or globs are not tools.
 */
export function toolWords(command: string): string[] {
  const words = command
    .split(/[\s;&|()<>`]+/)
    .map((w) => w.replace(/^['"]+|['"]+$/g, ''))
    .filter((w) => w !== '' && !w.startsWith('-') && /^[A-Za-z0-9_./+-]+$/.test(w) && !w.includes('='));
  return [...new Set(words)];
}

/** Where a word resolves: an absolute path as is, a relative path with a slash under cwd, a name on PATH. */
function resolveTool(word: string, options: { readonly env: Env; readonly cwd: string }): string | null {
  if (word.includes('/')) {
    const path = isAbsolute(word) ? word : resolve(options.cwd, word);
    return fileStat(path) !== undefined ? path : null;
  }
  for (const dir of (options.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const path = join(dir, word);
    if (isExecutable(path)) return path;
  }
  return null;
}

function stamp(word: string, options: { readonly env: Env; readonly cwd: string }): ToolStamp {
  const path = resolveTool(word, options);
  const st = path === null ? undefined : fileStat(path);
  if (path === null || st === undefined) return { word, path: null, mtimeMs: 0, size: 0 };
  return { word, path, mtimeMs: st.mtimeMs, size: st.size };
}

function sameStamp(a: ToolStamp, b: ToolStamp): boolean {
  return a.path === b.path && a.mtimeMs === b.mtimeMs && a.size === b.size;
}

/**
 * The file's stat, undefined when it is missing or not a regular file. Every hit resolves its tools again
 * along PATH, so most lookups miss: they must not cost a thrown error each.
 */
/** The path's stat, or undefined when it is missing or cannot be looked at. */
function pathStat(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function fileStat(path: string): Stats | undefined {
  const st = pathStat(path);
  return st?.isFile() ? st : undefined;
}

function isExecutable(path: string): boolean {
  if (fileStat(path) === undefined) return false;
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
