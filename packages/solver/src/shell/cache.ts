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
 * Storage: one file per environment and directory (the key less the command: a load reads only the entries it
 * can use, some hundred, however many build directories share the machine's cache) under
 * `$XDG_CACHE_HOME/kconfig-solve/shell/` (else `~/.cache/...`): a header line naming the directory, then the
 * entries and the last load's command list. Read once, written atomically (temporary file + rename) by
 * `save()`; a missing or unreadable file is an empty cache, and a failed write leaves the cache unsaved (it is
 * only a speed-up).
 *
 * Expiry: every scratch build directory adds a file that may never be read again. When a file is written, the
 * other files of the directory go if the build directory they name no longer exists, if they were not written
 * for EXPIRE_AFTER_MS, or beyond the MAX_FILES most recently written; an entry goes from its own file when it
 * was unused for EXPIRE_AFTER_MS. A use is recorded at most once a day (USE_RESOLUTION_MS), so a warm load
 * that adds nothing still writes nothing on most days, and a file in use is rewritten at least that often.
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
  closeSync,
  constants,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  utimesSync,
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
  readonly result: ShellResult;
  readonly tools: readonly ToolStamp[];
  /** When a load last asked for it (ms since the epoch, to a day). */
  usedAt: number;
}

/** The first line of a cache file: what the rest is for, readable without parsing the rest. */
interface CacheHeader {
  readonly version: 2;
  /** The directory the commands ran in. */
  readonly cwd: string;
  /** The hash of their environment (see hashEnv). */
  readonly env: string;
}

interface CacheBody {
  /** By command. */
  readonly entries: Record<string, CacheEntry>;
  /** The commands the last load asked for, in order. */
  readonly load: readonly string[];
}

/** Files not written for this long, and entries unused for this long, are dropped on the next write. */
const EXPIRE_AFTER_MS = 30 * 24 * 3600 * 1000;
/** A use is recorded when the last recorded one is older than this. */
const USE_RESOLUTION_MS = 24 * 3600 * 1000;
/** The most files the cache directory keeps (one per environment and directory, some 100 kB each). */
const MAX_FILES = 256;
/** How much of a file holds its header, at most: a directory's path. */
const HEADER_BYTES = 8192;

export interface ShellCacheOptions {
  /** The runner that really runs commands (e.g. the parser's systemShell). */
  readonly runner: ShellRunner;
  /** The environment the runner gives the shell: part of the key, and its PATH resolves tools. */
  readonly env: Env;
  /** The directory commands run in: part of the key. */
  readonly cwd: string;
  /** The cache directory (see shellCacheDirectory). */
  readonly directory: string;
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

/** The cache directory: `$XDG_CACHE_HOME/kconfig-solve/shell`, else `~/.cache/kconfig-solve/shell`. */
export function shellCacheDirectory(env: Env = process.env): string {
  const base = env.XDG_CACHE_HOME ? env.XDG_CACHE_HOME : join(env.HOME ?? homedir(), '.cache');
  return join(base, 'kconfig-solve', 'shell');
}

export function createShellCache(options: ShellCacheOptions): ShellCache {
  const header: CacheHeader = { version: 2, cwd: options.cwd, env: hashEnv(options.env) };
  const file = join(options.directory, `${hashOf([header.env, header.cwd]).slice(0, 32)}.json`);
  const cache = load(file, header);
  const now = (options.now ?? Date.now)();
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

  const hit = (command: string): CacheEntry | undefined => {
    const entry = Object.hasOwn(cache.entries, command) ? cache.entries[command] : undefined;
    if (!isEntry(entry) || !entry.tools.every((t) => sameStamp(t, stampOf(t.word)))) return undefined;
    if (!(now - entry.usedAt < USE_RESOLUTION_MS)) {
      entry.usedAt = now;
      dirty = true;
    }
    return entry;
  };
  /** The commands this load asks for, in order: the next load's prediction (see `predicted`). */
  const asked: string[] = [];
  /** The caching runner over `runner` (the real one, or one answering from prefetched runs). */
  const caching =
    (runner: ShellRunner): ShellRunner =>
    (command) => {
      asked.push(command);
      const entry = hit(command);
      if (entry) {
        stats.hits++;
        return entry.result;
      }
      stats.misses++;
      const result = runner(command);
      // A shell that could not start is not an answer worth keeping.
      if (result.error === undefined) {
        const tools = toolWords(command).map(stampOf);
        cache.entries[command] = { result, tools, usedAt: now };
        dirty = true;
      }
      return result;
    };
  const runner = options.runner;
  const prefetch = runner.prefetch;
  // Only the commands the cache cannot answer are worth running ahead. When it can answer every command the
  // last load (same environment and directory) asked for, this load will almost surely ask the same, and the
  // walk that lists commands ahead (a second pass over the tree) would only cost time; a command it did not
  // predict simply runs when asked.
  const last = cache.load;
  const predicted = last.length > 0 && last.every((command) => hit(command) !== undefined);
  const shell: ShellRunner =
    prefetch && !predicted
      ? Object.assign(caching(runner), {
          prefetch: (): Prefetch => {
            const ahead = prefetch();
            return {
              start: (command) => {
                const entry = hit(command);
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
      const same = last.length === asked.length && last.every((c, i) => c === asked[i]);
      if (!dirty && same) return true;
      try {
        mkdirSync(options.directory, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        const body: CacheBody = { entries: unexpired(cache.entries, now), load: asked };
        writeFileSync(tmp, `${JSON.stringify(header)}\n${JSON.stringify(body)}`);
        // Its mtime is its last recorded use, on the clock the entries' dates are on, for the sweep.
        utimesSync(tmp, now / 1000, now / 1000);
        renameSync(tmp, file);
        dirty = false;
      } catch {
        return false;
      }
      sweep(options.directory, file, now);
      return true;
    },
  };
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** The file's entries and last command list, when its header is `header`; else none. */
function load(file: string, header: CacheHeader): CacheBody {
  try {
    const text = readFileSync(file, 'utf8');
    const newline = text.indexOf('\n');
    const head = JSON.parse(text.slice(0, newline)) as Partial<CacheHeader>;
    if (head.version === header.version && head.cwd === header.cwd && head.env === header.env) {
      const body = JSON.parse(text.slice(newline + 1)) as Partial<CacheBody>;
      const entries = body.entries && typeof body.entries === 'object' ? body.entries : {};
      return { entries, load: Array.isArray(body.load) ? body.load : [] };
    }
  } catch {
    // No cache yet, or an unreadable one: start empty.
  }
  return { entries: {}, load: [] };
}

/** Whether a value read from a cache file has an entry's shape (a file edited by hand must not crash a load). */
function isEntry(value: unknown): value is CacheEntry {
  if (value === null || typeof value !== 'object') return false;
  const { result, tools, usedAt } = value as Partial<CacheEntry>;
  return (
    typeof result?.stdout === 'string' &&
    typeof result.exitCode === 'number' &&
    typeof usedAt === 'number' &&
    Array.isArray(tools) &&
    tools.every((t: Partial<ToolStamp> | null) => typeof t?.word === 'string')
  );
}

/** The entries used within EXPIRE_AFTER_MS (and whole). */
function unexpired(entries: Record<string, CacheEntry>, now: number): Record<string, CacheEntry> {
  const live: Record<string, CacheEntry> = {};
  for (const [command, entry] of Object.entries(entries))
    if (isEntry(entry) && now - entry.usedAt < EXPIRE_AFTER_MS) live[command] = entry;
  return live;
}

/**
 * Drops the other files of the cache directory that are of no more use: those whose build directory is gone,
 * those not written for EXPIRE_AFTER_MS, then the oldest beyond MAX_FILES; and the files of the earlier
 * layout (one file per tree beside the directory). Best effort: a file another run removes first, or one that
 * cannot be read, is left alone.
 */
function sweep(directory: string, kept: string, now: number): void {
  const live: { path: string; mtimeMs: number }[] = [];
  const remove = (path: string) => rmSync(path, { force: true });
  try {
    for (const name of readdirSync(directory)) {
      const path = join(directory, name);
      if (path === kept) continue;
      const st = fileStat(path);
      if (st === undefined) continue;
      // A temporary file of a write that did not finish (a run killed between write and rename).
      const orphan = name.endsWith('.tmp') && now - st.mtimeMs > USE_RESOLUTION_MS;
      const cwd = name.endsWith('.json') ? headerOf(path)?.cwd : undefined;
      if (orphan || now - st.mtimeMs >= EXPIRE_AFTER_MS || (cwd !== undefined && !pathStat(cwd)?.isDirectory())) {
        remove(path);
      } else if (name.endsWith('.json')) {
        live.push({ path, mtimeMs: st.mtimeMs });
      }
    }
    live.sort((a, b) => b.mtimeMs - a.mtimeMs);
    for (const { path } of live.slice(MAX_FILES - 1)) remove(path);
    const parent = join(directory, '..');
    for (const name of readdirSync(parent)) if (/^shell-[0-9a-f]{24}\.json$/.test(name)) remove(join(parent, name));
  } catch {
    // Unreadable directory: nothing swept, nothing lost.
  }
}

/** The header of a cache file, read from its first bytes only. */
function headerOf(path: string): CacheHeader | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(HEADER_BYTES);
    const n = readSync(fd, buffer, 0, HEADER_BYTES, 0);
    const text = buffer.toString('utf8', 0, n);
    const newline = text.indexOf('\n');
    if (newline < 0) return undefined;
    const head = JSON.parse(text.slice(0, newline)) as Partial<CacheHeader>;
    return head.version === 2 && typeof head.cwd === 'string' ? (head as CacheHeader) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
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
  return hashOf(entries);
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
 * The path's stat, undefined when it is missing or cannot be looked at. Every hit resolves its tools again
 * along PATH, so most lookups miss: they must not cost a thrown error each.
 */
function pathStat(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** The file's stat, undefined when it is missing or not a regular file. */
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
