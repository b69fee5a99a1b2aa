/**
 * Where a macro reference ends. conf finds the end of `$(...)` by counting every parenthesis (quotes do not
 * protect), and the end of a word or a string depends on that count, so the lexer and the expander share these
 * scanners to agree on token boundaries (scripts/kconfig/lexer.l and preprocess.c).
 */

const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const DOLLAR = 0x24;
const BACKSLASH = 0x5c;

/** conf's lexer class `n`, the characters of a word: `[A-Za-z0-9_-]` (ASCII only, as in the C locale). */
export function isWordChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x5f || // _
    code === 0x2d // -
  );
}

/**
 * A text being expanded, with the matching `)` of each `(` computed once on first need: nested references
 * are evaluated level by level, and rescanning the rest of the text at each level would be quadratic.
 */
export class MacroText {
  private closing: Int32Array | undefined;

  constructor(readonly text: string) {}

  /**
   * Index of the `)` matching the `(` at `open`, or -1 when it is unterminated.
   * One pass with a stack gives the same pairs as conf's scan from each `(`: a `)` with nothing open is ignored.
   */
  closeOf(open: number): number {
    if (this.closing === undefined) this.closing = matchParens(this.text);
    return this.closing[open] ?? -1;
  }
}

function matchParens(text: string): Int32Array {
  const closing = new Int32Array(text.length).fill(-1);
  const open = new Int32Array(text.length);
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === OPEN_PAREN) {
      open[depth++] = i;
    } else if (code === CLOSE_PAREN && depth > 0) {
      closing[open[--depth] ?? 0] = i;
    }
  }
  return closing;
}

/** The `)` matching the `(` at `open` in `text`, looking no further than `end`; -1 if there is none. */
function closeWithin(text: string, open: number, end: number): number {
  let nest = 0;
  for (let i = open + 1; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === OPEN_PAREN) nest++;
    else if (code === CLOSE_PAREN && nest-- === 0) return i;
  }
  return -1;
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline;
}

/**
 * End (exclusive) of the bare word starting at `start`, as conf's lexer takes it: word characters, `$` and
 * whole `$(...)` groups, which may hold blanks, quotes and commas. A `$(` left open on its line makes conf
 * take the rest of the line (and fail on it), so the end is then the end of the line.
 */
export function scanWord(text: string, start: number): number {
  const end = lineEnd(text, start);
  let i = start;
  while (i < end) {
    const code = text.charCodeAt(i);
    if (code === DOLLAR) {
      if (text.charCodeAt(i + 1) === OPEN_PAREN) {
        const close = closeWithin(text, i + 1, end);
        if (close < 0) return end;
        i = close + 1;
      } else {
        i++;
      }
    } else if (isWordChar(code)) {
      i++;
    } else {
      break;
    }
  }
  return i;
}

export interface StringScan {
  /** Index of the closing quote, or of the end of line / input when the string is not closed there. */
  readonly end: number;
  readonly closed: boolean;
}

/**
 * Where the quoted string whose content starts at `start` ends. A backslash protects the next character and a
 * `$(...)` group is skipped whole, so `"$(shell,echo "x")"` is one string. conf ends an unclosed string at the
 * end of the line ("multi-line strings not supported").
 */
export function scanString(text: string, start: number, quote: '"' | "'"): StringScan {
  const quoteCode = quote.charCodeAt(0);
  const end = lineEnd(text, start);
  let i = start;
  while (i < end) {
    const code = text.charCodeAt(i);
    if (code === quoteCode) return { end: i, closed: true };
    if (code === BACKSLASH) {
      // conf's `\\.?`: `.` never matches the newline, which is `end` here.
      i += i + 1 < end ? 2 : 1;
    } else if (code === DOLLAR && text.charCodeAt(i + 1) === OPEN_PAREN) {
      const close = closeWithin(text, i + 1, end);
      if (close < 0) return { end, closed: false };
      i = close + 1;
    } else {
      i++;
    }
  }
  return { end, closed: false };
}
