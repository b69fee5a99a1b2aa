/**
 * The macro language's built-in functions, with conf's argument counts (preprocess.c, `function_table`).
 * Arguments arrive expanded; a user variable of the same name shadows a built-in, which the caller handles.
 */
import type { DiagnosticCode, Severity, SourceLocation } from '../diagnostics.js';
import type { ShellRunner } from './api.js';

/** What a built-in may see and do during one expansion. */
export interface BuiltinContext {
  readonly location: SourceLocation;
  /** The line conf's `yylineno` holds at this point (see MacroProcessor.assign for when it differs). */
  readonly lineno: number;
  readonly shell: ShellRunner;
  report(severity: Severity, code: DiagnosticCode, message: string): void;
  /** A fatal error: conf prints it and exits, so the expansion stops here. */
  fail(code: DiagnosticCode, message: string): void;
}

export interface Builtin {
  readonly minArgs: number;
  readonly maxArgs: number;
  call(args: readonly string[], context: BuiltinContext): string;
}

/** conf reads the command's output into one 4096-byte buffer and keeps the last byte for the terminating NUL. */
const SHELL_OUTPUT_LIMIT = 4095;
const encoder = new TextEncoder();

/**
 * `$(shell,...)`'s value from the command's output, as conf's do_shell makes it: at most 4095 bytes are read,
 * trailing newlines are dropped, the other newlines become spaces, and a NUL byte ends the string.
 * A multi-byte character cut by the limit is dropped whole (conf would keep its first bytes).
 */
export function shellOutputValue(stdout: string): string {
  let out = stdout;
  // A UTF-16 unit takes at most 3 UTF-8 bytes, so short outputs need no encoding to know they fit.
  if (out.length * 3 > SHELL_OUTPUT_LIMIT) {
    const { read } = encoder.encodeInto(out, new Uint8Array(SHELL_OUTPUT_LIMIT));
    if (read < out.length) out = out.slice(0, read);
  }
  let end = out.length;
  while (end > 0 && out.charCodeAt(end - 1) === 0x0a) end--;
  out = out.slice(0, end).replaceAll('\n', ' ');
  const nul = out.indexOf('\0');
  return nul < 0 ? out : out.slice(0, nul);
}

function runShell(command: string, context: BuiltinContext): string {
  let result: ReturnType<ShellRunner>;
  try {
    result = context.shell(command);
  } catch (error) {
    // A runner that throws broke its contract; conf's nearest case is popen failing, which it reports and exits on.
    context.fail('macro-shell-failed', `${command}: ${error instanceof Error ? error.message : String(error)}`);
    return '';
  }
  if (result.error !== undefined) {
    context.fail('macro-shell-failed', `${command}: ${result.error}`);
    return '';
  }
  // The exit status is ignored, as conf does: `$(success,...)` style helpers echo y/n themselves.
  return shellOutputValue(result.stdout);
}

/** Keyed by name; `Map` so that a name such as `constructor` is never found on a prototype. */
export const builtins: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  [
    'error-if',
    {
      minArgs: 2,
      maxArgs: 2,
      call: ([condition, text], context) => {
        if (condition === 'y') context.fail('macro-error-if', text ?? '');
        return '';
      },
    },
  ],
  ['filename', { minArgs: 0, maxArgs: 0, call: (_args, context) => context.location.file }],
  [
    'info',
    {
      minArgs: 1,
      maxArgs: 1,
      call: ([text], context) => {
        context.report('info', 'macro-info', text ?? '');
        return '';
      },
    },
  ],
  ['lineno', { minArgs: 0, maxArgs: 0, call: (_args, context) => String(context.lineno) }],
  ['shell', { minArgs: 1, maxArgs: 1, call: ([command], context) => runShell(command ?? '', context) }],
  [
    'warning-if',
    {
      minArgs: 2,
      maxArgs: 2,
      call: ([condition, text], context) => {
        if (condition === 'y') context.report('warning', 'macro-warning-if', text ?? '');
        return '';
      },
    },
  ],
]);
