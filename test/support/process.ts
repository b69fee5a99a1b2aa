/**
 * Process plumbing for the test infrastructure: run a command and get one result shape whether it succeeds
 * or fails (execa's habit), hold a lock file across processes (vitest runs suites in parallel workers),
 * and bound how many child processes run at once (the machine has few cores).
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

export type Environment = Readonly<Record<string, string | undefined>>;

export interface CommandResult {
  readonly command: string;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

export interface CommandOptions {
  readonly cwd?: string;
  /** The whole environment of the child (not merged with process.env). */
  readonly env?: Environment;
}

/** Runs `file args...` with stdin closed; never rejects for a non-zero exit (check `exitCode`). */
export function runCommand(
  file: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  const command = [file, ...args].join(' ');
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv | undefined,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const finish = (exitCode: number, extra = '') =>
      resolve({
        command,
        exitCode,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8') + extra,
        durationMs: Math.round(performance.now() - started),
      });
    child.on('error', (error) => finish(127, `${error.message}\n`));
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1), signal ? `killed by ${signal}\n` : ''));
  });
}

/** Like `runCommand`, but a non-zero exit becomes an Error that quotes the command and its stderr. */
export async function runChecked(file: string, args: readonly string[], options: CommandOptions = {}) {
  const result = await runCommand(file, args, options);
  if (result.exitCode !== 0) {
    const tail = `${result.stderr}${result.stdout}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(`Command failed with exit code ${result.exitCode}: ${result.command}\n${tail}`);
  }
  return result;
}

/**
 * Runs `task` while holding `lockPath` (created exclusively, holding our pid). A lock whose holder is gone is
 * taken over, so a killed test run never blocks the next one.
 */
export async function withLock<T>(lockPath: string, task: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!lockHolderAlive(lockPath)) rmSync(lockPath, { force: true });
      else await sleep(250);
    }
  }
  try {
    return await task();
  } finally {
    rmSync(lockPath, { force: true });
  }
}

function lockHolderAlive(lockPath: string): boolean {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
  } catch {
    return true; // being written right now, or just released: look again later
  }
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs at most `concurrency` tasks at a time, in the order they were submitted. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimiter(concurrency: number = availableParallelism()): Limiter {
  const width = Math.max(1, Math.floor(concurrency));
  let running = 0;
  const waiting: (() => void)[] = [];
  // A finishing task hands its slot straight to the next waiter, so a task submitted meanwhile cannot
  // overtake the queue and push the count past `width`.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running < width) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      release();
    }
  };
}
