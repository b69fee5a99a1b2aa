/**
 * Diagnostics are data, never exceptions: every stage returns the problems it found next to its result,
 * and a run reports all of them together. Wording follows conf's messages where conf has one.
 */

/** A position in a Kconfig file. `offset` is 0-based; `line` and `column` are 1-based (GNU style). */
export interface SourceLocation {
  /** The file name as conf would print it (the name used to open it, e.g. `arch/x86/Kconfig`). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export type Severity = 'error' | 'warning' | 'info';

/** Stable, kebab-case identifiers: tools and tests match on these, never on message text. */
export type DiagnosticCode =
  // lexer
  | 'unsupported-character'
  | 'unterminated-string'
  | 'no-newline-at-eof'
  | 'binary-input'
  // parser
  | 'syntax-error'
  | 'unknown-statement'
  | 'unterminated-block'
  | 'mismatched-end'
  | 'unexpected-end'
  | 'invalid-help'
  | 'invalid-attribute'
  | 'duplicate-attribute'
  | 'nesting-too-deep'
  | 'obsolete-syntax'
  | 'too-many-diagnostics'
  // macro language
  | 'macro-syntax'
  | 'macro-recursive-variable'
  | 'macro-unknown-function'
  | 'macro-wrong-arguments'
  | 'macro-error-if'
  | 'macro-warning-if'
  | 'macro-info'
  | 'macro-shell-failed'
  | 'macro-too-deep'
  | 'macro-too-large'
  // source resolution
  | 'source-not-found'
  | 'source-recursive'
  | 'source-repeated'
  | 'source-unreadable'
  | 'source-glob-dialect'
  // model
  | 'type-redefined'
  | 'choice-member-type'
  | 'attribute-misplaced'
  | 'symbol-without-type'
  | 'invalid-value';

/** A secondary location that explains the primary one (e.g. each step of an inclusion chain). */
export interface DiagnosticNote {
  readonly message: string;
  readonly location?: SourceLocation;
}

export interface Diagnostic {
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly location?: SourceLocation;
  readonly notes?: readonly DiagnosticNote[];
}

/** `file:line:col: severity: message`, the GNU format editors and CI annotators understand. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column}: ` : '';
  const notes = (d.notes ?? []).map((n) => {
    const at = n.location ? `${n.location.file}:${n.location.line}:${n.location.column}: ` : '';
    return `\n${at}note: ${n.message}`;
  });
  return `${where}${d.severity}: ${d.message}${notes.join('')}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
