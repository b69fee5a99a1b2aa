/**
 * How the CLI speaks: diagnostics in GNU `file:line:col: severity: message` form on stderr, reports on stdout,
 * and `--json` objects with the same data. Every command returns an exit code; nothing here calls process.exit.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type Diagnostic, formatDiagnostic } from '@kconfig-solve/kconfig-parser';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * conf's own output for the process: Kconfig files and .config are read as latin1 so that every byte survives,
 * so prompts, help texts and values are byte strings, written back as the same bytes (a UTF-8 `μs` in a
 * prompt must not come out encoded twice).
 */
export const processByteIo: Io = {
  stdout: (text) => process.stdout.write(Buffer.from(text, 'latin1')),
  stderr: (text) => process.stderr.write(Buffer.from(text, 'latin1')),
};

/** The byte-preserving form of an Io: the process's streams become `processByteIo`; others are kept as given. */
export function byteIo(io: Io): Io {
  return io === processIo ? processByteIo : io;
}

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

/**
 * Every command's option parsing: node's parseArgs, a bad option reported with the command's help (exit 2),
 * `--help` printed (exit 0). Returns the parsed values, or the exit status to return at once.
 */
export function parseCommandLine<const O extends OptionsConfig>(
  command: string,
  argv: readonly string[],
  options: O,
  help: string,
  io: Io,
): { values: ParsedValues<O>; positionals: string[] } | number {
  let parsed: { values: ParsedValues<O>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options }) as typeof parsed;
  } catch (e) {
    io.stderr(`kconfig-solve ${command}: ${(e as Error).message}\n${help}`);
    return EXIT_USAGE;
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout(help);
    return EXIT_OK;
  }
  return parsed;
}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
type ParsedValues<O extends OptionsConfig> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string;
};
