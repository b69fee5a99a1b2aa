/**
 * The text tools merge_config.sh is made of, reduced to what the script asks of them, so our merge and its
 * messages come out byte for byte as the script's under `sh` = dash and LC_ALL=C:
 * - a file is a list of lines, the last one possibly without its newline (sed -i keeps that as it is);
 * - `grep -w WORD`: the lines where WORD occurs with no letter, digit or `_` on either side;
 * - `sed "/WORD[ =]/d"`: the lines where WORD is followed by a space or `=`, anywhere in the line;
 * - `echo`, as dash's builtin prints it: arguments joined by one space, backslash escapes interpreted
 *   (`\c` ends the output), and an unquoted `$VAR` split into words on blanks and newlines.
 * Pathname expansion of unquoted words (a value holding `*` that matches files in the current directory) is
 * not reproduced.
 */

/** One line of a file, without its newline, and where it came from (merge_config.sh's inputs). */
export interface SourceLine {
  readonly text: string;
  /** The input file it was read from, as named on the command line; undefined for a line the script added. */
  readonly file: string | undefined;
  /** 1-based line in that file (0 for an added line). */
  readonly line: number;
}

/** A text file as lines; `terminated` is false when the last line has no newline. */
export interface TextFile {
  readonly lines: readonly SourceLine[];
  readonly terminated: boolean;
}

export function readTextFile(text: string, file: string | undefined): TextFile {
  if (text === '') return { lines: [], terminated: true };
  const pieces = text.split('\n');
  const terminated = pieces[pieces.length - 1] === '';
  if (terminated) pieces.pop();
  return { lines: pieces.map((t, i) => ({ text: t, file, line: file === undefined ? 0 : i + 1 })), terminated };
}

export function fileText(file: TextFile): string {
  if (file.lines.length === 0) return '';
  return file.lines.map((l) => l.text).join('\n') + (file.terminated ? '\n' : '');
}

const escapeRegExp = (text: string) => text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `grep -w WORD FILE`: the matching lines. */
export function grepWord(file: TextFile, word: string): readonly SourceLine[] {
  const pattern = new RegExp(`(?<![A-Za-z0-9_])${escapeRegExp(word)}(?![A-Za-z0-9_])`);
  return file.lines.filter((l) => pattern.test(l.text));
}

/** What `$(grep -w WORD FILE)` holds: the matching lines joined by newlines. */
export function grepWordOutput(file: TextFile, word: string): string {
  return grepWord(file, word)
    .map((l) => l.text)
    .join('\n');
}

/** `sed -i "/WORD[ =]/d" FILE`. Dropping an unterminated last line leaves the file ending with a newline. */
export function deleteAssignments(file: TextFile, word: string): TextFile {
  const pattern = new RegExp(`${escapeRegExp(word)}[ =]`);
  const kept = file.lines.filter((l) => !pattern.test(l.text));
  const lastKept = kept.length > 0 && kept[kept.length - 1] === file.lines[file.lines.length - 1];
  return { lines: kept, terminated: lastKept ? file.terminated : true };
}

/** `echo >> FILE` then `cat OTHER >> FILE`. */
export function appendFile(file: TextFile, other: TextFile): TextFile {
  const lines = [...file.lines];
  // echo: a newline that ends an unterminated last line, else an empty line.
  if (file.terminated) lines.push({ text: '', file: undefined, line: 0 });
  return { lines: [...lines, ...other.lines], terminated: other.lines.length > 0 ? other.terminated : true };
}

/** The words of an unquoted `$VAR` (field splitting on space, tab and newline; empty fields dropped). */
export function shellWords(value: string): readonly string[] {
  return value.split(/[ \t\n]+/).filter((w) => w !== '');
}

/** dash's `echo ARG...` output: one line, or less when an argument holds `\c`. */
export function dashEcho(args: readonly string[]): string {
  const text = args.join(' ');
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c !== '\\' || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const next = text[i + 1] as string;
    const simple: Readonly<Record<string, string>> = {
      a: '\x07',
      b: '\b',
      e: '\x1b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
      '\\': '\\',
    };
    if (next === 'c') return out;
    if (simple[next] !== undefined) {
      out += simple[next];
      i++;
    } else if (next >= '0' && next <= '7') {
      // `\0NNN` and `\NNN`: up to three octal digits (after the 0 for the first form).
      let j = next === '0' ? i + 2 : i + 1;
      const end = j + 3;
      let code = 0;
      while (j < end && j < text.length && (text[j] as string) >= '0' && (text[j] as string) <= '7') {
        code = code * 8 + Number(text[j]);
        j++;
      }
      out += String.fromCharCode(code & 0xff);
      i = j - 1;
    } else {
      out += c;
    }
  }
  return `${out}\n`;
}
