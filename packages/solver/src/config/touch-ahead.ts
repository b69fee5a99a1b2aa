/**
 * The touch files of a fresh build directory, created ahead, while the tree is parsed.
 *
 * In a directory without include/config/, conf's first run creates an empty file there for every symbol it
 * writes with a value other than n (conf_touch_deps: without an old auto.conf, each such value "changed"):
 * some 1,700 files for a kernel, created one by one at the very end of the run, which costs the kernel 100 to
 * 400 ms of system time on an ext4 machine. Nearly all those symbols are the ones set in the .config the run
 * reads, and the parse takes longer than the creations: a worker thread creates those files meanwhile, on
 * another core. When the run writes auto.conf it settles the set: it creates the files the worker did not,
 * and removes the ones it made for symbols that did not end up set, so the files are exactly conf's. A run that
 * stops before that (a broken tree, an error reading the .config) abandons them: everything created ahead,
 * directories included, is removed, as conf would have written nothing.
 *
 * Only for a touch directory that does not exist yet, so no file of the user's is ever touched ahead or removed.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface TouchAhead {
  /** Makes the touch files exactly `names` (writeAutoconf's changed symbols), with what was created ahead. */
  settle(names: readonly string[]): void;
  /** Removes everything created ahead (the run stops before writing auto.conf); nothing after `settle`. */
  abandon(): void;
}

/** Set in the status array by the worker, per name. */
const CREATED = 1;
const NOT_CREATED = 2;

/**
 * The worker's code, plain JavaScript so that it runs the same from the compiled package and from the sources
 * under test. It creates each file exclusively (O_EXCL: it never takes over a file it did not make), records
 * what it did per name, stops early when asked, and says when it is done.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { closeSync, openSync } = require('node:fs');
const { dir, names, status, control } = workerData;
Atomics.store(control, 2, 1);
try {
  for (let i = 0; i < names.length && Atomics.load(control, 1) === 0; i++) {
    try {
      closeSync(openSync(dir + '/' + names[i], 'wx'));
      status[i] = ${CREATED};
    } catch {
      status[i] = ${NOT_CREATED};
    }
  }
} finally {
  Atomics.store(control, 0, 1);
  Atomics.notify(control, 0);
}
`;

/**
 * Starts creating, in `touchDir` (which must not exist yet), the touch files of the symbols the config file
 * `configPath` sets to anything but n (`prefix` as in CONFIG_). Undefined when there is nothing to do ahead:
 * the directory exists, the config file is no regular file, cannot be read or sets nothing, or the directory
 * cannot be made.
 */
export function startTouchAhead(touchDir: string, configPath: string, prefix: string): TouchAhead | undefined {
  if (existsSync(touchDir)) return undefined;
  let text: string;
  try {
    // A regular file only: reading a pipe here would take what the run itself is to read.
    if (!statSync(configPath).isFile()) return undefined;
    text = readFileSync(configPath, 'latin1');
  } catch {
    return undefined;
  }
  const names = setSymbols(text, prefix);
  if (names.length === 0) return undefined;
  let firstCreated: string | undefined;
  try {
    firstCreated = mkdirSync(touchDir, { recursive: true });
  } catch {
    return undefined;
  }
  return new WorkerTouchAhead(touchDir, names, firstCreated ?? touchDir);
}

/** The names a .config sets to something other than n: `PREFIX<name>=<value>` lines. */
function setSymbols(text: string, prefix: string): string[] {
  const names: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    const eq = line.indexOf('=', prefix.length);
    // A name holds no '/' (it names a file here); conf's reader ignores such a line anyway.
    if (eq <= prefix.length || line.slice(eq + 1) === 'n') continue;
    const name = line.slice(prefix.length, eq);
    if (!name.includes('/')) names.push(name);
  }
  return names;
}

class WorkerTouchAhead implements TouchAhead {
  private readonly status: Uint8Array;
  /** [0]: the worker is done; [1]: it is asked to stop; [2]: it has started. */
  private readonly control: Int32Array;
  private finished = false;

  constructor(
    private readonly dir: string,
    private readonly names: readonly string[],
    /** The topmost directory mkdir created: what `abandon` removes up to. */
    private readonly firstCreated: string,
  ) {
    this.status = new Uint8Array(new SharedArrayBuffer(names.length));
    this.control = new Int32Array(new SharedArrayBuffer(12));
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { dir, names, status: this.status, control: this.control },
    });
    // Never what keeps the process alive: settle and abandon wait for it themselves.
    worker.unref();
  }

  settle(names: readonly string[]): void {
    if (this.finished) return;
    const created = this.created();
    for (const name of names) {
      if (!created.delete(name)) closeSync(openSync(join(this.dir, name), 'w'));
    }
    // What remains was made for symbols that did not end up set.
    for (const name of created) unlinkSync(join(this.dir, name));
  }

  abandon(): void {
    if (this.finished) return;
    for (const name of this.created()) unlinkSync(join(this.dir, name));
    // Up to the first directory made ahead, each only if empty: a failed run may have written beside them.
    for (let dir = this.dir; ; dir = dirname(dir)) {
      try {
        rmdirSync(dir);
      } catch {
        break;
      }
      if (dir === this.firstCreated || dirname(dir) === dir) break;
    }
  }

  /**
   * Stops the worker, waits for it, and returns the names it created; once. A worker that has not started yet
   * will see the stop before its first file (both flags are sequentially consistent), so it is not waited for.
   */
  private created(): Set<string> {
    this.finished = true;
    Atomics.store(this.control, 1, 1);
    if (Atomics.load(this.control, 2) === 1) {
      while (Atomics.load(this.control, 0) === 0) Atomics.wait(this.control, 0, 0, 1000);
    }
    const created = new Set<string>();
    this.names.forEach((name, i) => {
      if (this.status[i] === CREATED) created.add(name);
    });
    return created;
  }
}

/** Where the touch files go: next to auto.conf (its directory as named, or the cwd for a bare name). */
export function touchDirectory(cwd: string, autoconfName: string): string {
  const slash = autoconfName.lastIndexOf('/');
  return resolve(cwd, slash < 0 ? '.' : autoconfName.slice(0, slash + 1));
}
