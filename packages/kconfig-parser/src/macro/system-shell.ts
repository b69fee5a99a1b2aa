/**
 * The real `$(shell,...)` runner: `/bin/sh -c COMMAND`, as conf's popen() does. Standard output is captured,
 * standard error goes to ours (conf lets the child write to its stderr), and the exit status is returned
 * for callers that care; the expander ignores it, like conf.
 *
 * A kernel tree runs about a hundred probes. Spawning each straight from Node forks this whole (large) process
 * every time, so the commands go instead to one small helper `/bin/sh` that runs each as `/bin/sh -c COMMAND`
 * with the same environment, working directory and streams; requests and exit statuses travel over two FIFOs,
 * read and written with blocking calls. Whenever the helper cannot be used, a command is spawned directly.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ShellResult, ShellRunner } from './api.js';

/** Far more than conf reads (4095 bytes); a command that writes more is cut off without error, as under conf. */
const MAX_OUTPUT = 16 * 1024 * 1024;

/** The helper's own variables; an environment that already uses the prefix makes us spawn directly instead. */
const HELPER_PREFIX = 'kconfig_solve_';

/** An idle helper is stopped after this long, so that a long-lived caller does not keep one per load. */
const HELPER_IDLE_MS = 1000;

/**
 * The helper: reads requests from the FIFO `$2` (reopened by path, so that our exit ends its input): a line
 * count then that many lines (the command, newlines kept). It runs the command with stdin from /dev/null and
 * stdout into the file `$1`, and answers with its exit status on a line. Its variables are not exported, so the
 * command sees the environment the helper was given.
 */
const HELPER_SCRIPT = `exec <"$2" || exit 1
while IFS= read -r ${HELPER_PREFIX}lines; do
  ${HELPER_PREFIX}command=
  ${HELPER_PREFIX}i=0
  while [ "$${HELPER_PREFIX}i" -lt "$${HELPER_PREFIX}lines" ]; do
    IFS= read -r ${HELPER_PREFIX}line || [ -n "$${HELPER_PREFIX}line" ] || exit 1
    if [ "$${HELPER_PREFIX}i" -eq 0 ]; then
      ${HELPER_PREFIX}command=$${HELPER_PREFIX}line
    else
      ${HELPER_PREFIX}command="$${HELPER_PREFIX}command
$${HELPER_PREFIX}line"
    fi
    ${HELPER_PREFIX}i=$((${HELPER_PREFIX}i + 1))
  done
  /bin/sh -c "$${HELPER_PREFIX}command" </dev/null >"$1"
  echo "$?"
done
`;

export function systemShell(env: Readonly<Record<string, string | undefined>>, cwd?: string): ShellRunner {
  const childEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined) childEnv[name] = value;
  }
  const spawnOne = (command: string): ShellResult => spawnShell(command, childEnv, cwd);
  if (Object.keys(childEnv).some((name) => name.startsWith(HELPER_PREFIX))) return spawnOne;
  let helper: ShellHelper | undefined;
  let helperFailed = false;
  let idle: NodeJS.Timeout | undefined;
  const stopHelper = (): void => {
    helper?.stop();
    helper = undefined;
  };
  return (command) => {
    // A NUL cannot reach an argument; the direct spawn reports it as conf's failing popen would be.
    if (helperFailed || command.includes('\0')) return spawnOne(command);
    helper ??= ShellHelper.start(childEnv, cwd);
    const result = helper?.run(command);
    if (result === undefined) {
      helperFailed = true;
      stopHelper();
      return spawnOne(command);
    }
    clearTimeout(idle);
    idle = setTimeout(stopHelper, HELPER_IDLE_MS).unref();
    return result;
  };
}

/** Helpers still running, stopped when this process exits. */
const liveHelpers = new Set<ShellHelper>();
let exitHookInstalled = false;

/** One command, spawned straight from this process. */
function spawnShell(command: string, env: Record<string, string>, cwd: string | undefined): ShellResult {
  const result = spawnSync('/bin/sh', ['-c', command], {
    cwd,
    env,
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
}

/** The helper shell and our ends of its FIFOs. */
class ShellHelper {
  private readonly status = Buffer.alloc(64);

  private constructor(
    private readonly dir: string,
    private readonly child: ChildProcess,
    private readonly requests: number,
    private readonly replies: number,
    /** The directory commands run in when the caller gave none: ours when the helper started. */
    private readonly startedIn: string | undefined,
  ) {}

  /** Starts the helper, or returns undefined when that fails (the caller then spawns each command). */
  static start(env: Record<string, string>, cwd: string | undefined): ShellHelper | undefined {
    let dir: string | undefined;
    const fds: number[] = [];
    try {
      dir = mkdtempSync(join(tmpdir(), 'kconfig-solve-shell-'));
      const requestPath = join(dir, 'requests');
      const replyPath = join(dir, 'replies');
      if (spawnSync('mkfifo', ['-m', '600', requestPath, replyPath], { stdio: 'ignore' }).status !== 0) {
        throw new Error('mkfifo failed');
      }
      // Read-write opens of a FIFO never block (Linux); they only hold both FIFOs open while the helper starts.
      const requestBoth = openSync(requestPath, 'r+');
      fds.push(requestBoth);
      const replyBoth = openSync(replyPath, 'r+');
      fds.push(replyBoth);
      const child = spawn('/bin/sh', ['-c', HELPER_SCRIPT, 'sh', join(dir, 'output'), requestPath], {
        cwd,
        env,
        stdio: [requestBoth, replyBoth, 'inherit'],
      });
      child.unref();
      child.on('error', () => {});
      // The helper holds the reply FIFO from the start (its stdout) and reopens the request FIFO read-only; ours
      // become one-way, so either side's exit shows to the other as end of file (or EPIPE).
      const requests = openSync(requestPath, 'w');
      fds.push(requests);
      const replies = openSync(replyPath, 'r');
      fds.push(replies);
      closeSync(requestBoth);
      closeSync(replyBoth);
      if (child.pid === undefined) throw new Error('the helper did not start');
      const helper = new ShellHelper(dir, child, requests, replies, cwd === undefined ? process.cwd() : undefined);
      liveHelpers.add(helper);
      if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.once('exit', () => {
          for (const live of liveHelpers) live.stop();
        });
      }
      return helper;
    } catch {
      for (const fd of fds) tryClose(fd);
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
      return undefined;
    }
  }

  /** Runs one command; undefined when the helper is gone or cannot run it as a direct spawn would. */
  run(command: string): ShellResult | undefined {
    if (this.startedIn !== undefined && process.cwd() !== this.startedIn) return undefined;
    const output = join(this.dir, 'output');
    try {
      // A command whose output file cannot be made leaves none, rather than the last command's.
      unlinkSync(output);
    } catch {
      // None yet.
    }
    try {
      const lines = command.split('\n');
      writeAll(this.requests, `${lines.length}\n${command}\n`);
      let reply = '';
      while (!reply.endsWith('\n')) {
        const n = readSync(this.replies, this.status, 0, this.status.length, null);
        if (n === 0) return undefined;
        reply += this.status.toString('latin1', 0, n);
      }
      const exitCode = Number.parseInt(reply, 10);
      if (!Number.isInteger(exitCode)) return undefined;
      return { stdout: readOutput(output), exitCode };
    } catch {
      return undefined;
    }
  }

  stop(): void {
    liveHelpers.delete(this);
    tryClose(this.requests);
    tryClose(this.replies);
    this.child.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}

/** The command's output file, at most MAX_OUTPUT bytes of it, as the direct spawn's maxBuffer keeps. */
function readOutput(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = readSync(fd, chunk, 0, Math.min(chunk.length, MAX_OUTPUT - total), null);
      if (n === 0) break;
      chunks.push(Buffer.from(chunk.subarray(0, n)));
      total += n;
      if (total >= MAX_OUTPUT) break;
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function tryClose(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
}
