/**
 * How the CLI speaks: diagnostics in GNU `file:line:col: severity: message` form on stderr, reports on stdout,
 * and `--json` objects with the same data. Every command returns an exit code; nothing here calls process.exit.
 */
import { type Diagnostic, formatDiagnostic } from '@kconfig-solve/kconfig-parser';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** A diagnostic as JSON: the location flattened, so tools can read `file`, `line`, `column` directly. */
export function diagnosticToJson(d: Diagnostic): Record<string, unknown> {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    file: d.location?.file ?? null,
    line: d.location?.line ?? null,
    column: d.location?.column ?? null,
    notes: (d.notes ?? []).map((n) => ({
      message: n.message,
      file: n.location?.file ?? null,
      line: n.location?.line ?? null,
      column: n.location?.column ?? null,
    })),
  };
}

export function printDiagnostics(io: Io, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
}

export function printJson(io: Io, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** Exit statuses: 0 success, 1 the input has errors (as conf), 2 the command line is wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
