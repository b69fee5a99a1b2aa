/**
 * What the installer reports instead of throwing: every stage returns an Outcome, a value next to the
 * problems it met. A diagnostic says what went wrong and why (`message`), what to do about it (`fix`),
 * and carries supporting lines (`notes`, e.g. the tail of a build log).
 *
 * The shape follows the parser's Diagnostic ({ severity, code, message, notes }) with the installer's own
 * codes: the installer's problems have no Kconfig source location, but they do have a remedy.
 */

export type Severity = 'error' | 'warning' | 'info';

/** Stable, kebab-case identifiers: tools and tests match on these, never on message text. */
export type InstallerCode =
  // usage and input
  | 'usage'
  | 'no-config'
  | 'file-unreadable'
  // config stage
  | 'config-failed'
  | 'value-not-taken'
  // safety checks (GLEP 26 stage 1 must not hand an unbootable config to stage 2)
  | 'modular-root-fs'
  | 'modular-root-device'
  | 'missing-root-fs'
  | 'missing-root-device'
  | 'unknown-root-fs'
  | 'unknown-root-device'
  | 'initrd-support-off'
  | 'devtmpfs-off'
  // build stage
  | 'build-failed'
  | 'kernelrelease-mismatch'
  | 'build-output-missing'
  // interim location and packages
  | 'interim-invalid'
  | 'checksum-mismatch'
  | 'package-failed'
  // initramfs
  | 'initramfs-failed'
  // install, layouts and plugins
  | 'write-failed'
  | 'tool-missing'
  | 'tool-failed'
  | 'plugin-failed'
  | 'no-entry-token'
  // removal
  | 'not-installed'
  | 'remove-running'
  | 'remove-last'
  // boot test
  | 'boot-failed'
  | 'boot-timeout';

export interface InstallerDiagnostic {
  readonly severity: Severity;
  readonly code: InstallerCode;
  /** What happened and why, in the words kernel people already use. */
  readonly message: string;
  /** What to do about it. */
  readonly fix?: string;
  /** Supporting lines: the tail of a log, the paths involved. */
  readonly notes?: readonly string[];
}

/** A stage's result: `ok` with a value, or not ok; diagnostics (warnings included) either way. */
export type Outcome<T> =
  | { readonly ok: true; readonly value: T; readonly diagnostics: readonly InstallerDiagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly InstallerDiagnostic[] };

export function succeed<T>(value: T, diagnostics: readonly InstallerDiagnostic[] = []): Outcome<T> {
  return { ok: true, value, diagnostics };
}

export function fail<T = never>(...diagnostics: readonly InstallerDiagnostic[]): Outcome<T> {
  return { ok: false, diagnostics };
}

export function error(
  code: InstallerCode,
  message: string,
  extra: { readonly fix?: string; readonly notes?: readonly string[] } = {},
): InstallerDiagnostic {
  return { severity: 'error', code, message, ...extra };
}

export function warning(
  code: InstallerCode,
  message: string,
  extra: { readonly fix?: string; readonly notes?: readonly string[] } = {},
): InstallerDiagnostic {
  return { severity: 'warning', code, message, ...extra };
}

export function hasErrors(diagnostics: readonly InstallerDiagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** `error: message` / `  fix: ...` / `  | note`: what the CLI prints on stderr. */
export function formatInstallerDiagnostic(d: InstallerDiagnostic): string {
  const lines = [`${d.severity}: ${d.message}`];
  if (d.fix !== undefined) lines.push(`  fix: ${d.fix}`);
  for (const note of d.notes ?? []) lines.push(`  | ${note}`);
  return lines.join('\n');
}
