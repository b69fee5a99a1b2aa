/**
 * @kconfig-solve/kconfig-parser: reads Linux Kconfig trees exactly as the kernel's scripts/kconfig does.
 *
 * Stages, one folder each: lexer/ -> parser/ (raw AST, ast/) -> macro/ + source/ (expansion and `source`
 * resolution in file order) -> model/ (symbols, choices, menu tree). Nothing here throws on bad input:
 * every stage returns diagnostics next to its result.
 */
/** The raw AST (before expansion), as one namespace: its `Expr` differs from the model's. */
export type * as Ast from './ast/nodes.js';
export {
  type Diagnostic,
  type DiagnosticCode,
  type DiagnosticNote,
  formatDiagnostic,
  hasErrors,
  type Severity,
  type SourceLocation,
} from './diagnostics.js';
export type { ExpansionResult, PendingRun, Prefetch, ShellResult, ShellRunner } from './macro/api.js';
export { type MacroOptions, MacroProcessor, systemShell } from './macro/expander.js';
export type * from './model/types.js';
export type { ParseOptions, ParseResult } from './parser/api.js';
export { parseKconfig } from './parser/parse.js';
export { type LoadOptions, type LoadResult, loadKconfig } from './source/loader.js';
