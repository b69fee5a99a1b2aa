/**
 * Help text: where it ends and what text conf keeps of it.
 *
 * conf reads the lines after `help` in a lexer state of its own (scripts/kconfig/lexer.l, state HELP), and the
 * rules are subtle enough that this module reproduces them step by step rather than approximating them:
 *  - indentation is measured in columns, a tab advancing to the next multiple of 8;
 *  - the first line with text fixes the indentation (`first_ts`); deeper lines keep the extra columns as spaces;
 *  - the text ends before the first line indented less than that, or after the newline that is followed by a
 *    non-blank character in column 1, or at the end of the input;
 *  - blank lines inside are kept as newlines, trailing blanks of each line are dropped.
 * One quirk is kept on purpose: a first line that starts in column 1 is still help text (conf only looks at
 * column 1 after a newline it has read in that state), and then no indentation ever ends the text.
 */

const TAB = 0x09;
const LF = 0x0a;
const SPACE = 0x20;

/** Why the help text stopped, so a diagnostic on the next line can explain it. */
export type HelpEnding = 'dedent' | 'column-one' | 'eof';

export interface HelpTextScan {
  /** Offset just past what the help text consumed (after its last newline, or the end of the input). */
  readonly end: number;
  /** The text as conf stores it. */
  readonly text: string;
  readonly ending: HelpEnding;
  /** The indentation (in columns) the first line of text set; 0 when the first line starts in column 1. */
  readonly indent: number;
  /** The first line of text started in column 1: conf reads it as help text anyway. */
  readonly unindentedFirstLine: boolean;
}

function isBlankOrNewline(code: number): boolean {
  return code === SPACE || code === TAB || code === LF;
}

/**
 * Reads the help text whose first line starts at `start` (the offset just after the newline ending `help`), in
 * `source` up to `limit` (a lexer chunk's end).
 */
export function scanHelpText(source: string, start: number, limit = source.length): HelpTextScan {
  const length = limit;
  // The pieces, joined once at the end: `+=` would build a tree of string fragments (a help text of ten lines
  // is some twenty), each an object that lives as long as the model, for the garbage collector to copy.
  const parts: string[] = [];
  // conf's first_ts: 0 until the first line with text is seen (and stays 0 if that line is not indented).
  let indent = 0;
  let unindentedFirstLine = false;
  let lineStart = start;
  const result = (end: number, ending: HelpEnding): HelpTextScan => ({
    end,
    text: parts.join(''),
    ending,
    indent,
    unindentedFirstLine,
  });

  for (;;) {
    if (lineStart >= length) return result(length, 'eof');

    let columns = 0;
    let i = lineStart;
    for (; i < length; i++) {
      const code = source.charCodeAt(i);
      if (code === SPACE) columns++;
      else if (code === TAB) columns = (columns & ~7) + 8;
      else break;
    }
    const hasIndent = i > lineStart;

    if (i >= length) {
      // Blanks then end of input: conf still pads them like an indentation (lexer.l `[ \t]+`).
      if (hasIndent && indent !== 0 && columns >= indent) parts.push(' '.repeat(columns - indent));
      return result(length, 'eof');
    }

    if (source.charCodeAt(i) === LF) {
      // A blank line: `[ \t]*\n/[^ \t\n]` ends the text when the next line starts in column 1.
      if (i + 1 < length && !isBlankOrNewline(source.charCodeAt(i + 1))) return result(i + 1, 'column-one');
      parts.push('\n');
      lineStart = i + 1;
      continue;
    }

    if (hasIndent) {
      if (indent !== 0) {
        if (columns < indent) return result(lineStart, 'dedent');
        if (columns > indent) parts.push(' '.repeat(columns - indent));
      }
    } else if (lineStart === start) {
      unindentedFirstLine = true;
    }

    let lineEnd = source.indexOf('\n', i);
    if (lineEnd < 0 || lineEnd > length) lineEnd = length;
    let textEnd = lineEnd;
    while (textEnd > i) {
      const code = source.charCodeAt(textEnd - 1);
      if (code !== SPACE && code !== TAB) break;
      textEnd--;
    }
    parts.push(source.slice(i, textEnd));
    if (indent === 0) indent = hasIndent ? columns : 0;

    if (lineEnd >= length) return result(length, 'eof');
    if (lineEnd + 1 < length && !isBlankOrNewline(source.charCodeAt(lineEnd + 1))) {
      return result(lineEnd + 1, 'column-one');
    }
    parts.push('\n');
    lineStart = lineEnd + 1;
  }
}
