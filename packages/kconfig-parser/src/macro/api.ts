/** The macro language's public contract (Documentation/kbuild/kconfig-macro-language.rst). */
import type { Diagnostic } from '../diagnostics.js';

/** Result of one `$(shell,...)` command. */
export interface ShellResult {
  readonly stdout: string;
  readonly exitCode: number;
  /**
   * Set when the command could not be run at all (the shell failed to start): conf reports that with
   * `perror(command)` and stops. A command that runs and fails only has a non-zero `exitCode`, which conf ignores.
   */
  readonly error?: string;
}

/**
 * Runs `$(shell,CMD)` commands. Injectable: tests stub it, and the solver wraps it in a result cache.
 * Synchronous because expansion is: conf runs each command when the lexer reaches it.
 */
export interface ShellRunner {
  (command: string): ShellResult;
  /**
   * Optional: running commands ahead of time, in parallel (see Prefetch), for a load that can list the
   * commands it is about to run (source/ahead.ts).
   */
  readonly prefetch?: () => Prefetch;
}

/**
 * Runs started ahead of the calls that want them. Each started run answers one later call of `shell` with the
 * same text, earliest first; any other call runs its command then, as usual.
 */
export interface Prefetch {
  /** Starts a run of `command` in the background. */
  start(command: string): PendingRun;
  readonly shell: ShellRunner;
  /** Waits for the started runs no call took (conf would not have run them) and frees what ran them. */
  close(): void;
}

/** A run started ahead: its result once it is in. */
export interface PendingRun {
  /** Whether the result is in (never waits). */
  ready(): boolean;
  /**
   * Says the caller needs this result next (never waits): a runner with a queue runs it before the runs
   * started earlier that nobody waits for yet.
   */
  hurry?(): void;
  /** The result, waiting for it if need be (it stays there for the call that takes the run). */
  result(): ShellResult;
}

export interface ExpansionResult {
  readonly value: string;
  readonly diagnostics: readonly Diagnostic[];
}
