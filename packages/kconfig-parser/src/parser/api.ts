/** The parser's public contract. The implementation (Chevrotain lexer + parser + AST builder) lives beside it. */
import type { KconfigFile } from '../ast/nodes.js';
import type { Diagnostic } from '../diagnostics.js';

export interface ParseOptions {
  /**
   * Accept Kconfiglib's extensions: `osource`, `rsource`, `orsource` and glob patterns in `source`
   * (Zephyr, ESP-IDF). Off by default: Linux never had them, and conf rejects them.
   */
  readonly kconfiglibExtensions?: boolean;
}

export interface ParseResult {
  /** Always present: after a syntax error the parser recovers and keeps what it could read. */
  readonly ast: KconfigFile;
  readonly diagnostics: readonly Diagnostic[];
}
