/**
 * The one place the installer runs programs (make, dracut, ukify, installkernel, qemu...).
 *
 * Modelled on execa: a run always resolves to a CommandResult, and a failed run has the same shape as a
 * successful one plus a composed message ("Command failed with exit code 2: make -C ... all"). Output is
 * appended in full to a log file, the last lines are kept for error reports, and complete lines can be
 * observed as they arrive (progress, boot markers). Cancellation goes through an AbortSignal; the child
 * runs in its own process group so cancelling `make -j` also stops the compilers it started.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { error, type InstallerCode, type InstallerDiagnostic } from '../diagnostics.js';

export type OutputStream = 'stdout' | 'stderr';

export interface RunOptions {
  readonly cwd?: string;
  /** Added to (or, with `extendEnv: false`, instead of) the current environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly extendEnv?: boolean;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** Appends a `$ command` header and all output (both streams) to this file. */
  readonly logFile?: string;
  /** Keeps stdout and stderr in memory (for short outputs such as `make -s kernelrelease`). */
  readonly capture?: boolean;
  /** Lines kept for error reports (default 40). */
  readonly tailLines?: number;
  /** Called with every complete output line, without its newline. */
  readonly onLine?: (line: string, stream: OutputStream) => void;
}

export interface CommandResult {
  /** The program and its arguments, quoted where a shell would need it. */
  readonly command: string;
  readonly cwd: string;
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
  readonly failed: boolean;
  readonly timedOut: boolean;
  readonly isCanceled: boolean;
  /** Captured output (empty unless `capture`), trailing newline removed. */
  readonly stdout: string;
  readonly stderr: string;
  /** The last output lines of both streams, in arrival order. */
  readonly tail: readonly string[];
  readonly logFile: string | undefined;
  readonly durationMs: number;
  /** One line: "Command failed with exit code 2: make ..." (or "Command succeeded: ..."). */
  readonly shortMessage: string;
  /** shortMessage, then where the log is and its tail: what a user needs to see on failure. */
  readonly message: string;
}

const KILL_GRACE_MS = 5_000;

export function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

export function formatCommand(file: string, args: readonly string[]): string {
  return [file, ...args].map(quoteArg).join(' ');
}

export async function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const command = formatCommand(file, args);
  const cwd = options.cwd ?? process.cwd();
  const started = Date.now();
  const tailSize = options.tailLines ?? 40;
  const tail: string[] = [];
  const captured: Record<OutputStream, string[]> = { stdout: [], stderr: [] };
  const log = openLog(options.logFile, command, cwd);

  const env = options.extendEnv === false ? { ...options.env } : { ...process.env, ...options.env };
  const partial: Record<OutputStream, string> = { stdout: '', stderr: '' };

  const emitLine = (line: string, stream: OutputStream) => {
    tail.push(line);
    if (tail.length > tailSize) tail.shift();
    if (options.capture) captured[stream].push(line);
    options.onLine?.(line, stream);
  };
  const onData = (stream: OutputStream) => (chunk: Buffer) => {
    log?.write(chunk);
    const text = partial[stream] + chunk.toString('utf8');
    const lines = text.split('\n');
    partial[stream] = lines.pop() ?? '';
    for (const line of lines) emitLine(line.replace(/\r$/, ''), stream);
  };

  let timedOut = false;
  let isCanceled = false;
  const outcome = await new Promise<{ exitCode?: number; signal?: string; spawnError?: NodeJS.ErrnoException }>(
    (resolve) => {
      if (options.signal?.aborted) {
        isCanceled = true;
        resolve({});
        return;
      }
      const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      let killTimer: NodeJS.Timeout | undefined;
      const killGroup = (signal: NodeJS.Signals) => {
        if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
        try {
          process.kill(-child.pid, signal);
        } catch {
          child.kill(signal);
        }
      };
      const stop = () => {
        killGroup('SIGTERM');
        killTimer = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
        killTimer.unref();
      };
      const onAbort = () => {
        isCanceled = true;
        stop();
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const timeout =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              stop();
            }, options.timeoutMs);

      child.stdout.on('data', onData('stdout'));
      child.stderr.on('data', onData('stderr'));
      const finish = (result: { exitCode?: number; signal?: string; spawnError?: NodeJS.ErrnoException }) => {
        clearTimeout(timeout);
        clearTimeout(killTimer);
        options.signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
      child.on('error', (spawnError: NodeJS.ErrnoException) => finish({ spawnError }));
      // 'close' waits for the streams to drain, so every line has been seen.
      child.on('close', (code, signal) => finish({ exitCode: code ?? undefined, signal: signal ?? undefined }));
    },
  );

  for (const stream of ['stdout', 'stderr'] as const) {
    if (partial[stream] !== '') emitLine(partial[stream], stream);
  }
  await closeLog(log);

  const failed =
    timedOut ||
    isCanceled ||
    outcome.spawnError !== undefined ||
    outcome.signal !== undefined ||
    outcome.exitCode !== 0;
  const shortMessage = composeShortMessage(command, {
    ...outcome,
    timedOut,
    isCanceled,
    timeoutMs: options.timeoutMs,
  });
  return {
    command,
    cwd,
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    failed,
    timedOut,
    isCanceled,
    stdout: captured.stdout.join('\n'),
    stderr: captured.stderr.join('\n'),
    tail,
    logFile: options.logFile,
    durationMs: Date.now() - started,
    shortMessage,
    message: composeMessage(shortMessage, options.logFile, failed ? tail : []),
  };
}

function composeShortMessage(
  command: string,
  o: {
    exitCode?: number;
    signal?: string;
    spawnError?: NodeJS.ErrnoException;
    timedOut: boolean;
    isCanceled: boolean;
    timeoutMs: number | undefined;
  },
): string {
  if (o.spawnError) {
    const why = o.spawnError.code === 'ENOENT' ? ' (program not found)' : '';
    return `Command failed with ${o.spawnError.code ?? 'an error'}${why}: ${command}\n${o.spawnError.message}`;
  }
  if (o.timedOut) return `Command timed out after ${o.timeoutMs} milliseconds: ${command}`;
  if (o.isCanceled) return `Command was canceled: ${command}`;
  if (o.signal !== undefined) return `Command was killed with ${o.signal}: ${command}`;
  if (o.exitCode !== 0) return `Command failed with exit code ${o.exitCode}: ${command}`;
  return `Command succeeded: ${command}`;
}

function composeMessage(shortMessage: string, logFile: string | undefined, tail: readonly string[]): string {
  const parts = [shortMessage];
  if (logFile !== undefined && tail.length > 0) parts.push(`Full log: ${logFile}`);
  if (tail.length > 0) parts.push(tail.join('\n'));
  return parts.join('\n\n');
}

/** A log that cannot be written must not stop the command: the run goes on with its tail only. */
function openLog(logFile: string | undefined, command: string, cwd: string): WriteStream | undefined {
  if (logFile === undefined) return undefined;
  try {
    mkdirSync(dirname(logFile), { recursive: true });
  } catch {
    return undefined;
  }
  const stream = createWriteStream(logFile, { flags: 'a' });
  stream.on('error', () => stream.destroy());
  stream.write(`$ cd ${quoteArg(cwd)} && ${command}\n`);
  return stream;
}

function closeLog(log: WriteStream | undefined): Promise<void> {
  if (log === undefined || log.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    log.once('error', () => resolve());
    log.end(() => resolve());
  });
}

/** A failed command as a diagnostic: the composed message, then where the full log is and its tail. */
export function commandDiagnostic(
  code: InstallerCode,
  result: CommandResult,
  extra: { readonly message?: string; readonly fix?: string } = {},
): InstallerDiagnostic {
  const notes = [...(result.logFile === undefined ? [] : [`full log: ${result.logFile}`]), ...result.tail];
  const message = extra.message === undefined ? result.shortMessage : `${extra.message}\n${result.shortMessage}`;
  return error(code, message, { notes, ...(extra.fix === undefined ? {} : { fix: extra.fix }) });
}
