/**
 * The real `$(shell,...)` runner: `/bin/sh -c COMMAND`, as conf's popen() does. Standard output is captured,
 * standard error goes to ours (conf lets the child write to its stderr), and the exit status is returned
 * for callers that care; the expander ignores it, like conf.
 *
 * It can also prefetch: a kernel tree runs about a hundred probes (cc-option, as-instr, ...), one after the
 * other in conf, each a compiler run. Given the list ahead of time, a worker thread runs them a few at a time
 * while the caller goes on parsing; a call then waits for its own run only. What a prefetched command writes
 * to stderr is kept and written out when its result is taken, so it appears where conf would print it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeSync } from 'node:fs';
import { availableParallelism, constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { PendingRun, Prefetch, ShellResult, ShellRunner } from './api.js';

/** Far more than conf reads (4095 bytes); a command that writes more is cut off without error, as under conf. */
const MAX_OUTPUT = 16 * 1024 * 1024;

/**
 * Probes are short compiler runs, and much of each is process start-up and waiting: two per core keep the
 * cores busy (measured on a kernel tree: 2 at a time on 2 cores take 15% longer than 4, 8 no better than 4).
 */
const PREFETCH_CONCURRENCY = Math.min(32, Math.max(4, 2 * availableParallelism()));

export function systemShell(env: Readonly<Record<string, string | undefined>>, cwd?: string): ShellRunner {
  const childEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined) childEnv[name] = value;
  }
  const run = (command: string): ShellResult => {
    const result = spawnSync('/bin/sh', ['-c', command], {
      cwd,
      env: childEnv,
      // stdin from /dev/null rather than ours: a probe that reads it must not hang a library caller.
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: MAX_OUTPUT,
    });
    const stdout = result.stdout ? result.stdout.toString('utf8') : '';
    const exitCode = result.status ?? (result.signal !== null ? 128 + (constants.signals[result.signal] ?? 0) : -1);
    const error = result.error as NodeJS.ErrnoException | undefined;
    if (error !== undefined && error.code !== 'ENOBUFS') {
      return { stdout, exitCode, error: error.message };
    }
    return { stdout, exitCode };
  };
  return Object.assign(run, { prefetch: (): Prefetch => new WorkerPrefetch(childEnv, cwd, run) });
}

/** What the worker posts: one finished run, or that it has stopped after 'stop'. */
type WorkerMessage =
  | { readonly index: number; readonly stdout: string; readonly stderr: Uint8Array; readonly exitCode: number }
  | { readonly index: number; readonly error: string }
  | { readonly idle: true };

type Outcome = Exclude<WorkerMessage, { idle: true }>;

/**
 * The worker's code, plain JavaScript so that it runs the same from the compiled package and from the sources
 * under test. It runs the commands `concurrency` at a time, in the order they arrive; after each run it posts
 * the outcome and bumps the shared counter the caller may be waiting on. An 'urgent' index jumps the queue (the
 * caller is waiting for it); 'stop' lets the runs in progress finish, starts no more, and then says so.
 *
 * Each command runs as `run` above runs it (`/bin/sh -c COMMAND`, same environment and directory, stdin from
 * /dev/null), but started by a small resident shell, one per slot, rather than by Node: starting a process from
 * Node costs a few milliseconds of CPU more, a tenth of a tree's probes. A slot's shell reads a command line,
 * runs it with its output in the slot's files, and prints the exit status. A command holding a newline cannot
 * go through that line, and is spawned directly.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { spawn } = require('node:child_process');
const { mkdirSync, readFileSync } = require('node:fs');
const { constants } = require('node:os');
const { port, signal, env, cwd, concurrency, maxOutput, dir } = workerData;
const SLOT = 'while IFS= read -r c; do /bin/sh -c "$c" </dev/null >"$1/out" 2>"$1/err"; echo "$?"; done';
const commands = [];
const queue = [];
const slots = [];
let running = 0;
let stopping = false;
function post(message) {
  port.postMessage(message);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}
function pump() {
  while (!stopping && running < concurrency && queue.length > 0) start(queue.shift());
  if (stopping && running === 0) {
    for (const slot of slots) slot.shell.stdin.end();
    post({ idle: true });
  }
}
function finish(message) {
  running--;
  post(message);
  pump();
}
function start(index) {
  running++;
  const slot = commands[index].includes('\\n') ? undefined : freeSlot();
  if (slot === undefined) {
    spawnDirectly(index);
    return;
  }
  slot.index = index;
  slot.shell.stdin.write(commands[index] + '\\n');
}
function freeSlot() {
  const free = slots.find((slot) => slot.index === undefined && slot.alive);
  if (free !== undefined || slots.length >= concurrency) return free;
  const path = dir + '/' + slots.length;
  let shell;
  try {
    mkdirSync(path);
    shell = spawn('/bin/sh', ['-c', SLOT, 'sh', path], { cwd, env, stdio: ['pipe', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
  const slot = { shell, path, index: undefined, alive: true, pending: '' };
  // A slot's shell that dies takes its run with it: reported as not run, the caller runs it itself.
  const lost = () => {
    slot.alive = false;
    if (slot.index === undefined) return;
    const index = slot.index;
    slot.index = undefined;
    finish({ index, error: 'the shell running it exited' });
  };
  shell.on('error', lost);
  shell.on('exit', lost);
  shell.stdin.on('error', () => {});
  shell.stdout.setEncoding('latin1');
  shell.stdout.on('data', (chunk) => {
    slot.pending += chunk;
    for (let newline = slot.pending.indexOf('\\n'); newline >= 0; newline = slot.pending.indexOf('\\n')) {
      const status = Number(slot.pending.slice(0, newline));
      slot.pending = slot.pending.slice(newline + 1);
      const index = slot.index;
      slot.index = undefined;
      if (index === undefined) continue;
      try {
        const stdout = readFileSync(path + '/out').subarray(0, maxOutput).toString('utf8');
        finish({ index, stdout, stderr: readFileSync(path + '/err'), exitCode: status });
      } catch (error) {
        finish({ index, error: String(error && error.message) });
      }
    }
  });
  slots.push(slot);
  return slot;
}
function spawnDirectly(index) {
  let done = false;
  const end = (message) => {
    if (done) return;
    done = true;
    finish(message);
  };
  let child;
  try {
    child = spawn('/bin/sh', ['-c', commands[index]], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    end({ index, error: String(error && error.message) });
    return;
  }
  const out = [];
  const err = [];
  let size = 0;
  child.stdout.on('data', (chunk) => {
    if (size >= maxOutput) return;
    size += chunk.length;
    out.push(chunk);
    if (size >= maxOutput) child.kill('SIGTERM');
  });
  child.stderr.on('data', (chunk) => err.push(chunk));
  child.on('error', (error) => end({ index, error: error.message }));
  child.on('close', (code, sig) => {
    const stdout = Buffer.concat(out).subarray(0, maxOutput).toString('utf8');
    const exitCode = code !== null ? code : sig !== null ? 128 + (constants.signals[sig] || 0) : -1;
    end({ index, stdout, stderr: Buffer.concat(err), exitCode });
  });
}
port.on('message', (message) => {
  if (message === 'stop') {
    stopping = true;
  } else if (typeof message === 'number') {
    const at = queue.indexOf(message);
    if (at > 0) queue.unshift(...queue.splice(at, 1));
  } else {
    commands[message.index] = message.command;
    queue.push(message.index);
  }
  pump();
});
`;

/** Runs started commands on a worker thread (started on the first command); see Prefetch. */
class WorkerPrefetch implements Prefetch {
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private worker: { readonly thread: Worker; readonly port: MessagePort; readonly dir: string } | undefined;
  private readonly outcomes = new Map<number, Outcome>();
  /** Started runs no call has taken yet, by command, earliest first. */
  private readonly untaken = new Map<string, number[]>();
  private started = 0;
  private idle = false;
  /** Runs the caller has waited for, already moved to the front of the worker's queue. */
  private readonly hurried = new Set<number>();

  constructor(
    private readonly env: Readonly<Record<string, string>>,
    private readonly cwd: string | undefined,
    private readonly run: ShellRunner,
  ) {}

  start(command: string): PendingRun {
    const index = this.started++;
    this.ensureWorker().port.postMessage({ index, command });
    const list = this.untaken.get(command);
    if (list) list.push(index);
    else this.untaken.set(command, [index]);
    return {
      ready: () => {
        this.receive();
        return this.outcomes.has(index);
      },
      hurry: () => this.hurry(index),
      result: () => {
        const outcome = this.outcome(index);
        if ('error' in outcome) return { stdout: '', exitCode: -1, error: outcome.error };
        return { stdout: outcome.stdout, exitCode: outcome.exitCode };
      },
    };
  }

  readonly shell: ShellRunner = (command) => {
    const index = this.untaken.get(command)?.shift();
    if (index === undefined) return this.run(command);
    const outcome = this.outcome(index);
    this.outcomes.delete(index);
    // A run that could not start had no effect: run it here, so that the failure reads exactly as without
    // prefetching.
    if ('error' in outcome) return this.run(command);
    if (outcome.stderr.length > 0) writeSync(2, outcome.stderr);
    return { stdout: outcome.stdout, exitCode: outcome.exitCode };
  };

  close(): void {
    const worker = this.worker;
    if (worker === undefined) return;
    // Whatever was not taken is waited for; then nothing runs any more and the slots' files can go.
    worker.port.postMessage('stop');
    this.waitFor(() => this.idle);
    void worker.thread.terminate();
    rmSync(worker.dir, { recursive: true, force: true });
  }

  private ensureWorker(): { readonly thread: Worker; readonly port: MessagePort; readonly dir: string } {
    if (this.worker !== undefined) return this.worker;
    const dir = mkdtempSync(join(tmpdir(), 'kconfig-shell-'));
    const { port1, port2 } = new MessageChannel();
    const thread = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        port: port2,
        signal: this.signal,
        env: this.env,
        cwd: this.cwd ?? process.cwd(),
        concurrency: PREFETCH_CONCURRENCY,
        maxOutput: MAX_OUTPUT,
        dir,
      },
      transferList: [port2],
    });
    // Never what keeps the process alive: close() ends it, and a caller that forgets must still exit.
    thread.unref();
    port1.unref();
    this.worker = { thread, port: port1, dir };
    return this.worker;
  }

  /** Moves a run not yet in to the front of the worker's queue (once). */
  private hurry(index: number): void {
    if (!this.outcomes.has(index) && !this.hurried.has(index)) {
      this.hurried.add(index);
      this.worker?.port.postMessage(index);
    }
  }

  private outcome(index: number): Outcome {
    this.hurry(index);
    this.waitFor(() => this.outcomes.has(index));
    return this.outcomes.get(index) as Outcome;
  }

  /** Blocks until `done()` holds; the counter read before receiving makes a post in between wake us at once. */
  private waitFor(done: () => boolean): void {
    for (;;) {
      const seen = Atomics.load(this.signal, 0);
      this.receive();
      if (done() || this.worker === undefined) return;
      Atomics.wait(this.signal, 0, seen);
    }
  }

  /** Takes in what the worker has posted so far. */
  private receive(): void {
    const port = this.worker?.port;
    if (port === undefined) return;
    for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
      const message = m.message as WorkerMessage;
      if ('idle' in message) this.idle = true;
      else this.outcomes.set(message.index, message);
    }
  }
}
