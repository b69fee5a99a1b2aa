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
export type ShellRunner = (command: string) => ShellResult;

export interface ExpansionResult {
  readonly value: string;
  readonly diagnostics: readonly Diagnostic[];
}
