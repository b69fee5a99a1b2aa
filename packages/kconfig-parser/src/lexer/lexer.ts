/**
 * Turns Kconfig text into tokens and the lexer's own warnings, with conf's wording
 * ("ignoring unsupported character", "multi-line strings not supported", "no new line at end of file").
 *
 * A large file is lexed in chunks (see `nextChunkEnd`) so that the tokens of one chunk can be parsed and
 * dropped before the next is made: holding millions of token objects at once makes the garbage collector,
 * not the lexer, the cost of a 50 MB input. The Chevrotain token objects stay inside the package.
 */
import { chevrotain, type IToken, type Lexer } from '../chevrotain.js';
import type { Diagnostic, SourceLocation } from '../diagnostics.js';
import { type QuotedPayload, tokenTypes, UNSUPPORTED_GROUP } from './tokens.js';

const TAB = 0x09;
const LF = 0x0a;
const SPACE = 0x20;
const BACKSLASH = 0x5c;

export interface LexResult {
  readonly tokens: IToken[];
  readonly diagnostics: readonly Diagnostic[];
}

const lexers = new Map<boolean, Lexer>();

function lexerFor(kconfiglib: boolean): Lexer {
  let lexer = lexers.get(kconfiglib);
  if (lexer === undefined) {
    const { kconfiglibTokens, linuxTokens } = tokenTypes();
    lexer = new (chevrotain().Lexer)([...(kconfiglib ? kconfiglibTokens : linuxTokens)], {
      positionTracking: 'onlyStart',
      skipValidations: process.env.VITEST === undefined,
      // conf counts lines by '\n' only; a lone '\r' is just an unsupported character to it.
      lineTerminatorsPattern: /\n/g,
      lineTerminatorCharacters: ['\n'],
      ensureOptimizations: true,
    });
    lexers.set(kconfiglib, lexer);
  }
  return lexer;
}

/**
 * Maps positions in a chunk of a file (which always starts at the beginning of a line) to positions in the
 * file: lines are 1-based, columns 1-based, offsets 0-based.
 */
export class SourcePositions {
  constructor(
    readonly file: string,
    /** Offset of the chunk in the file. */
    readonly offset = 0,
    /** Line of the chunk's first character. */
    readonly line = 1,
  ) {}

  of(token: IToken): SourceLocation {
    return {
      file: this.file,
      line: this.line + (token.startLine ?? 1) - 1,
      column: token.startColumn ?? 1,
      offset: this.offset + token.startOffset,
    };
  }

  /** The position just after `token`, which must not span lines (anything but help text). */
  after(token: IToken): SourceLocation {
    const at = this.of(token);
    return { ...at, column: at.column + token.image.length, offset: at.offset + token.image.length };
  }

  /** The position of `offset` (in the chunk `text`), counted from a known earlier position in it. */
  at(text: string, offset: number, from?: IToken): SourceLocation {
    let line = (from?.startLine ?? 1) - 1;
    let lineStart = from ? from.startOffset - ((from.startColumn ?? 1) - 1) : 0;
    for (let i = from?.startOffset ?? 0; i < offset; i++) {
      if (text.charCodeAt(i) === LF) {
        line++;
        lineStart = i + 1;
      }
    }
    return { file: this.file, line: this.line + line, column: offset - lineStart + 1, offset: this.offset + offset };
  }
}

/** Chunks are at least this long; the files of real trees are always one chunk. */
const CHUNK_SIZE = 1 << 20;

/**
 * Where the chunk that starts at `start` ends: the start of the first line after `start + CHUNK_SIZE` that
 * begins with a non-blank character in column 1, is not joined to the line before by a backslash, and does not
 * follow a `help` line. Every lexer context ends before such a line (strings, `$(...)` and assignment values end
 * with their line, help text ends at a non-blank column 1), so lexing from there gives the same tokens.
 */
export function nextChunkEnd(text: string, start: number): number {
  let newline = text.indexOf('\n', start + CHUNK_SIZE);
  while (newline >= 0 && newline + 1 < text.length) {
    const next = text.charCodeAt(newline + 1);
    const joined = text.charCodeAt(newline - 1) === BACKSLASH;
    if (next !== SPACE && next !== TAB && next !== LF && !joined && !followsHelp(text, newline)) return newline + 1;
    newline = text.indexOf('\n', newline + 1);
  }
  return text.length;
}

/** Whether the line ending at `newline` opens a help text (conservatively: starts with a help keyword). */
function followsHelp(text: string, newline: number): boolean {
  const lineStart = text.lastIndexOf('\n', newline - 1) + 1;
  const line = text.slice(lineStart, newline).trimStart();
  return line.startsWith('help') || line.startsWith('---help---');
}

/** Control characters as `\xNN`, so that a message never carries them raw. */
function printable(text: string): string {
  let shown = '';
  for (const char of text.length > 16 ? text.slice(0, 16) : text) {
    const code = char.charCodeAt(0);
    shown += code < 0x20 || (code >= 0x7f && code < 0xa0) ? `\\x${code.toString(16).padStart(2, '0')}` : char;
  }
  return text.length > 16 ? `${shown}...` : shown;
}

function unsupported(chars: string, location: SourceLocation): Diagnostic {
  const shown = printable(chars);
  return {
    severity: 'warning',
    code: 'unsupported-character',
    message:
      chars.length === 1 ? `ignoring unsupported character '${shown}'` : `ignoring unsupported characters '${shown}'`,
    location,
  };
}

/** Lexes `text`, a whole file or a chunk of one that starts at the beginning of a line. */
export function tokenize(text: string, positions: SourcePositions, kconfiglib: boolean): LexResult {
  const { HelpText, Newline, QuotedString } = tokenTypes();
  const result = lexerFor(kconfiglib).tokenize(text);
  const characters: Diagnostic[] = [];
  for (const token of result.groups[UNSUPPORTED_GROUP] ?? []) {
    characters.push(unsupported(token.image, positions.of(token)));
  }
  // The Unsupported catch-all leaves nothing for Chevrotain's own error recovery; kept as a safety net.
  for (const error of result.errors) {
    const at = { ...positions.at(text, error.offset), column: error.column ?? 1 };
    characters.push(unsupported(text.slice(error.offset, error.offset + error.length), at));
  }
  const tokens = result.tokens;
  const strings: Diagnostic[] = [];
  for (const token of tokens) {
    if (token.tokenType === QuotedString && !(token.payload as QuotedPayload).terminated) {
      strings.push({
        severity: 'warning',
        code: 'unterminated-string',
        message: 'multi-line strings not supported',
        location: positions.of(token),
        notes: [{ message: 'the string ends at the end of the line', location: positions.after(token) }],
      });
    }
  }
  const diagnostics = inOrder(characters, strings);
  // lexer.l warns when the last token before the end of input is neither a newline nor help text.
  const last = tokens[tokens.length - 1];
  if (last !== undefined && last.tokenType !== Newline && last.tokenType !== HelpText) {
    diagnostics.push({
      severity: 'warning',
      code: 'no-newline-at-eof',
      message: 'no new line at end of file',
      location: positions.at(text, text.length, last),
    });
  }
  return { tokens, diagnostics };
}

/** Merges two lists already in file order (a sort would cost more on a chunk full of junk). */
function inOrder(a: readonly Diagnostic[], b: readonly Diagnostic[]): Diagnostic[] {
  if (b.length === 0) return [...a];
  if (a.length === 0) return [...b];
  const merged: Diagnostic[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && (x.location?.offset ?? 0) <= (y.location?.offset ?? 0))) {
      merged.push(x as Diagnostic);
      i++;
    } else {
      merged.push(y);
      j++;
    }
  }
  return merged;
}
