/**
 * The real `$(shell,...)` runner: `/bin/sh -c COMMAND`, as conf's popen() does. Standard output is captured,
 * standard error goes to ours (conf lets the child write to its stderr), and the exit status is returned
 * for callers that care; the expander ignores it, like conf.
 */
import { spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import type { ShellRunner } from './api.js';

/** Far more than conf reads (4095 bytes); a command that writes more is cut off without error, as under conf. */
const MAX_OUTPUT = 16 * 1024 * 1024;

export function systemShell(env: Readonly<Record<string, string | undefined>>, cwd?: string): ShellRunner {
  const childEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined) childEnv[name] = value;
  }
  return (command) => {
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
}
