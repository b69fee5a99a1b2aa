/**
 * parseKconfig: one Kconfig file's text to its raw AST and every problem found in it.
 *
 * Pure: no file access and no macro expansion (words and strings keep their raw text; see ast/nodes.ts).
 * Each line the fast path takes (fast-lines.ts: nearly all of them) becomes its `Line` directly; the others are
 * lexed (in chunks when they are many), cut into logical lines (a newline, or the end of a help text, ends
 * one), and parsed with the grammar. Every line is then handed to the block builder. A line that does not
 * parse is reported and skipped, so one run reports every error it can, as conf's bison grammar does with
 * its `error T_EOL` rules.
 */
import { chevrotain, type IToken } from '../chevrotain.js';
import type { Entry } from '../ast/nodes.js';
import type { Diagnostic, DiagnosticNote, SourceLocation } from '../diagnostics.js';
import { scanHelpText } from '../lexer/help-text.js';
import { nextChunkEnd, SourcePositions, tokenize } from '../lexer/lexer.js';
import { type HelpTextPayload, tokenTypes } from '../lexer/tokens.js';
import type { ParseOptions, ParseResult } from './api.js';
import { BlockBuilder } from './builder.js';
import { type FastLine, readFastLine } from './fast-lines.js';
import { describeToken, type LineError, parseLine } from './line-parser.js';
import { type BlockKind, blockEndedBy, type Line } from './lines.js';

/**
 * Parentheses are read recursively, so their depth is capped; a run of `!` is read in a loop but nests as
 * deeply in the AST. Each level of parentheses takes about 1 KB of stack in Chevrotain, and Node's default
 * stack holds about 900 levels, so the cap leaves room for callers; real trees never go beyond 5 levels.
 */
const MAX_EXPRESSION_NESTING = 256;

/** Beyond this many diagnostics for one file the rest are counted, not kept (think of a binary-ish input). */
const MAX_DIAGNOSTICS = 1000;

/**
 * After this many errors the rest of the file is not read: it is not Kconfig, and every broken line costs
 * Chevrotain an exception (about 10 us), so a 50 MB file of junk lines would otherwise take minutes.
 */
const MAX_ERRORS = 10_000;

const KCONFIGLIB_SOURCES = new Set(['osource', 'rsource', 'orsource']);

/**
 * The diagnostics of one file. Which ones are kept beyond MAX_DIAGNOSTICS depends on the order they come in:
 * chunk by chunk (see nextChunkEnd), the lexer's warnings first, then those of the lines. Lines are read in
 * file order but lexed in runs, so a line's diagnostics are held back until its chunk is done (`flush`).
 */
class DiagnosticLog {
  readonly kept: Diagnostic[] = [];
  private dropped = 0;
  private droppedErrors = 0;
  /** Errors so far, held back or not. */
  errors = 0;
  private held: Diagnostic[] = [];

  /** A diagnostic about a line (parser, block builder). */
  readonly add = (diagnostic: Diagnostic): void => {
    if (diagnostic.severity === 'error') this.errors++;
    this.held.push(diagnostic);
  };

  /** The lexer's, which come before the lines' of the same chunk. */
  addLexer(diagnostic: Diagnostic): void {
    if (diagnostic.severity === 'error') this.errors++;
    this.keep(diagnostic);
  }

  /** The end of a chunk: the diagnostics held back take their turn. */
  flush(): void {
    for (const diagnostic of this.held) this.keep(diagnostic);
    this.held = [];
  }

  private keep(diagnostic: Diagnostic): void {
    if (this.kept.length < MAX_DIAGNOSTICS) {
      this.kept.push(diagnostic);
    } else {
      this.dropped++;
      if (diagnostic.severity === 'error') this.droppedErrors++;
    }
  }

  done(file: string, stoppedAt: SourceLocation | undefined): readonly Diagnostic[] {
    this.flush();
    const kept = this.kept.sort((a, b) => (a.location?.offset ?? 0) - (b.location?.offset ?? 0));
    if (this.dropped > 0) {
      kept.push({
        severity: this.droppedErrors > 0 ? 'error' : 'warning',
        code: 'too-many-diagnostics',
        message: `${file}: ${this.dropped} more diagnostics not shown (${this.droppedErrors} of them errors)`,
      });
    }
    if (stoppedAt !== undefined) {
      kept.push({
        severity: 'error',
        code: 'too-many-diagnostics',
        message: `too many errors (${MAX_ERRORS}): the rest of the file was not read`,
        location: stoppedAt,
      });
    }
    return kept;
  }
}

/** Which block or entry a line opens, judged from its first token (for recovery when the line is broken). */
function openerOf(token: IToken): BlockKind | 'config' | 'menuconfig' | 'comment' | undefined {
  const { Choice, Comment, Config, If, Menu, Menuconfig } = tokenTypes();
  switch (token.tokenType) {
    case Config:
      return 'config';
    case Menuconfig:
      return 'menuconfig';
    case Comment:
      return 'comment';
    case Menu:
      return 'menu';
    case Choice:
      return 'choice';
    case If:
      return 'if';
    default:
      return undefined;
  }
}

/** The first `(` or `!` beyond the nesting cap, if any. */
function tooDeep(tokens: readonly IToken[]): IToken | undefined {
  const { LParen, Not, RParen } = tokenTypes();
  let depth = 0;
  let nots = 0;
  for (const token of tokens) {
    if (token.tokenType === LParen) {
      if (++depth > MAX_EXPRESSION_NESTING) return token;
    } else if (token.tokenType === RParen) {
      if (depth > 0) depth--;
    } else if (token.tokenType === Not) {
      if (++nots > MAX_EXPRESSION_NESTING) return token;
    }
  }
  return undefined;
}

/** For "missing ')'": where the parenthesis left open was opened. */
function openParenthesis(tokens: readonly IToken[], error: LineError, positions: SourcePositions): DiagnosticNote[] {
  if (!error.message.startsWith("missing ')'")) return [];
  const { LParen, RParen } = tokenTypes();
  const open: IToken[] = [];
  for (const token of tokens) {
    if (token === error.token) break;
    if (token.tokenType === LParen) open.push(token);
    else if (token.tokenType === RParen) open.pop();
  }
  const unmatched = open[open.length - 1];
  return unmatched ? [{ message: "'(' opened here", location: positions.of(unmatched) }] : [];
}

class FileParser {
  private readonly log = new DiagnosticLog();
  private readonly builder: BlockBuilder;
  /** The help text that ended just before the current line, when it ended by a shallower indentation. */
  private dedentedHelp: HelpTextPayload | undefined;
  private positions: SourcePositions;
  /** Where reading stopped after too many errors. */
  private stoppedAt: SourceLocation | undefined;
  /** The end of the current chunk (nextChunkEnd from the start of the file). */
  private chunkEnd = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly options: ParseOptions,
  ) {
    this.builder = new BlockBuilder(file, this.log.add);
    this.positions = new SourcePositions(file);
  }

  run(): ParseResult {
    const { text, file } = this;
    const nul = text.indexOf('\0');
    if (nul >= 0) {
      this.log.add({
        severity: 'error',
        code: 'binary-input',
        message: 'binary input (NUL byte): not a Kconfig file',
        location: new SourcePositions(file).at(text, nul),
      });
      return { ast: { kind: 'file', path: file, entries: [] }, diagnostics: this.log.done(file, this.stoppedAt) };
    }

    const lines = this.lines();
    const stop = this.stoppedAt;
    // Where reading stopped, the file ends at the end of the chunk it stopped in, as when all of it is lexed.
    const end =
      stop === undefined
        ? { file, line: lines, column: text.length - text.lastIndexOf('\n'), offset: text.length }
        : new SourcePositions(file).at(text, chunkEndAt(text, stop.offset));
    const entries: readonly Entry[] = this.builder.finish(end);
    return { ast: { kind: 'file', path: file, entries }, diagnostics: this.log.done(file, stop) };
  }

  /**
   * Line by line, chunk by chunk: a line the fast path takes is added directly; from one it does not take, the
   * grammar reads up to the next place where lexing can start afresh (see `window`). Returns the number of the
   * line it ended on.
   */
  private lines(): number {
    const { text, file } = this;
    // The fast path knows the Linux dialect only.
    const fastPath = this.options.kconfiglibExtensions !== true;
    let lineNumber = 1;
    let at = 0;
    while (at < text.length && this.stoppedAt === undefined) {
      this.enterChunk(at);
      const newline = fastPath ? text.indexOf('\n', at) : -1;
      const fast = newline < 0 ? undefined : readFastLine(text, at, newline, lineNumber, file, this.chunkEnd);
      if (fast !== undefined) {
        this.fast(fast);
        at = fast.next;
        lineNumber += fast.newlines;
      } else {
        const end = this.window(at, lineNumber, fastPath ? windowEnd(text, at, this.chunkEnd) : this.chunkEnd);
        at = end.offset;
        lineNumber = end.line;
      }
    }
    return lineNumber;
  }

  private fast(fast: FastLine): void {
    const line = fast.line;
    if (line !== undefined) {
      if (this.log.errors >= MAX_ERRORS) {
        this.stoppedAt = firstLocation(line);
        return;
      }
      this.builder.add(line);
    }
    // As after the newline or help text that ended the line in the grammar's path.
    this.dedentedHelp = fast.help?.ending === 'dedent' ? fast.help : undefined;
  }

  /** Lexes and parses the lines from `start` (line `line`) up to `end`, within the chunk; returns where it stopped. */
  private window(start: number, line: number, end: number): SourceLocation {
    this.positions = new SourcePositions(this.file, start, line);
    const text = this.text.slice(start, end);
    const lexed = tokenize(text, this.positions, this.options.kconfiglibExtensions === true);
    const last = lexed.tokens[lexed.tokens.length - 1];
    if (last?.tokenType === tokenTypes().HelpText && end < this.chunkEnd) {
      const help = last.payload as HelpTextPayload;
      // A help text ending the window was read without the line after it, which decides how it ends: read
      // it again as it is in the chunk (it still ends here).
      if (help.ending === 'eof') {
        const scan = scanHelpText(this.text, start + last.startOffset + 1, this.chunkEnd);
        last.payload = { ...scan, end: help.end } satisfies HelpTextPayload;
      }
    }
    for (const diagnostic of lexed.diagnostics) this.log.addLexer(diagnostic);
    this.parseTokens(lexed.tokens);
    return this.positions.at(text, text.length, last);
  }

  /** Moves on to the chunk holding `offset`, letting the diagnostics of the lines before it in. */
  private enterChunk(offset: number): void {
    if (offset < this.chunkEnd) return;
    if (this.chunkEnd > 0) this.log.flush();
    do this.chunkEnd = nextChunkEnd(this.text, this.chunkEnd);
    while (this.chunkEnd <= offset && this.chunkEnd < this.text.length);
  }

  /** Cuts lexed tokens into logical lines and parses each (positions: `this.positions`). */
  private parseTokens(tokens: readonly IToken[]): void {
    const { HelpText, Newline } = tokenTypes();
    let start = 0;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as IToken;
      if (token.tokenType === Newline) {
        if (i > start) this.line(tokens.slice(start, i));
        start = i + 1;
        this.dedentedHelp = undefined;
      } else if (token.tokenType === HelpText) {
        this.line(tokens.slice(start, i + 1));
        start = i + 1;
        const help = token.payload as HelpTextPayload;
        this.dedentedHelp = help.ending === 'dedent' ? help : undefined;
      }
    }
    if (tokens.length > start) this.line(tokens.slice(start));
  }

  private line(tokens: IToken[]): void {
    const first = tokens[0] as IToken;
    if (this.stoppedAt !== undefined) return;
    if (this.log.errors >= MAX_ERRORS) {
      this.stoppedAt = this.positions.of(first);
      return;
    }
    const deep = tooDeep(tokens);
    const parsed = deep === undefined ? parseLine(tokens, this.positions) : undefined;
    if (parsed === undefined || parsed.tooDeep) {
      this.log.add({
        severity: 'error',
        code: 'nesting-too-deep',
        message: `expression nested more than ${MAX_EXPRESSION_NESTING} levels deep`,
        location: this.positions.of(deep ?? first),
      });
      this.builder.failed(openerOf(first), this.positions.of(first));
      return;
    }

    for (const warning of parsed.warnings) this.log.add(warning);
    if (parsed.line !== undefined) {
      this.accept(parsed.line, first);
      return;
    }
    const error = parsed.error;
    if (error === undefined) return;

    if (first.tokenType === tokenTypes().Word) {
      this.unknownStatement(first);
    } else {
      const at = error.token;
      const location = Number.isNaN(at.startOffset)
        ? this.positions.after(tokens[tokens.length - 1] as IToken)
        : this.positions.of(at);
      const notes = [...openParenthesis(tokens, error, this.positions), ...(this.helpNotes().notes ?? [])];
      this.log.add({
        severity: 'error',
        code: 'syntax-error',
        message: error.message,
        location,
        ...(notes.length > 0 ? { notes } : {}),
      });
    }
    if (chevrotain().tokenMatcher(first, tokenTypes().EndKeyword)) {
      // `endmenu junk`: still close the block, or every later end would be off by one.
      this.builder.add({ kind: 'end', block: blockEndedBy(first.image), location: this.positions.of(first) });
      return;
    }
    this.builder.failed(openerOf(first), this.positions.of(first));
  }

  private accept(line: Line, first: IToken): void {
    // A line of bare words is a macro call line when every word holds a `$(...)` reference (it may expand to
    // nothing); a word without one can only be an unknown statement.
    if (line.kind === 'words' && line.words.some((word) => !word.raw.includes('$('))) {
      this.unknownStatement(first);
      return;
    }
    this.builder.add(line);
  }

  private unknownStatement(first: IToken): void {
    const name = first.image;
    const hint = KCONFIGLIB_SOURCES.has(name)
      ? ` ('${name}' is a Kconfiglib extension, accepted only with the kconfiglibExtensions option)`
      : '';
    this.log.add({
      severity: 'error',
      code: 'unknown-statement',
      message: `unknown statement ${describeToken(first)}${hint}`,
      location: this.positions.of(first),
      ...this.helpNotes(),
    });
  }

  /** Explains an error on the line where a help text stopped because of its indentation. */
  private helpNotes(): { notes?: Diagnostic['notes'] } {
    const help = this.dedentedHelp;
    if (help === undefined) return {};
    const message = `the help text above ended here: this line is indented less than its first line (${help.indent} columns, a tab counting to the next multiple of 8)`;
    return { notes: [{ message }] };
  }
}

/** The first token's location of a line the fast path read. */
function firstLocation(line: Line): SourceLocation | undefined {
  switch (line.kind) {
    case 'attribute':
      return line.attribute.location;
    case 'leaf':
      return line.entry.location;
    case 'words':
      return line.words[0]?.location;
    case 'nothing':
      return undefined;
    default:
      return line.location;
  }
}

/** The end of the chunk (see nextChunkEnd) that holds `offset`, chunks being cut from the start of the file. */
function chunkEndAt(text: string, offset: number): number {
  let end = 0;
  do end = nextChunkEnd(text, end);
  while (end <= offset && end < text.length);
  return end;
}

/**
 * Where the lines read with the grammar from `start` may stop (at most `limit`): the start of the first line
 * after `start`'s that begins with a non-blank character in column 1, whose line before is not joined to it
 * by a backslash nor may open a help text (nextChunkEnd's rule, with a stricter look at `help`).
 */
function windowEnd(text: string, start: number, limit: number): number {
  let newline = text.indexOf('\n', start);
  while (newline >= 0 && newline + 1 < limit) {
    const next = text.charCodeAt(newline + 1);
    if (next !== 0x20 && next !== 0x09 && next !== 0x0a && !mayOpenHelp(text, newline)) {
      if (text.charCodeAt(newline - 1) !== BACKSLASH) return newline + 1;
    }
    newline = text.indexOf('\n', newline + 1);
  }
  return limit;
}

const BACKSLASH = 0x5c;

/**
 * Whether the logical line ending at `newline` (with the lines backslashes join to it) may start with `help`
 * or `---help---` once the lexer skips blanks, continuations and unsupported characters. Conservative: any
 * such token on it will do.
 */
function mayOpenHelp(text: string, newline: number): boolean {
  let start = text.lastIndexOf('\n', newline - 1) + 1;
  while (start >= 2 && text.charCodeAt(start - 2) === BACKSLASH) start = text.lastIndexOf('\n', start - 2) + 1;
  return HELP_TOKEN.test(text.slice(start, newline));
}

/** `help` or `---help---` not inside a longer word (word characters, and `$` which continues one). */
const HELP_TOKEN = /(?:^|[^A-Za-z0-9_$-])(?:help|---help---)(?![A-Za-z0-9_$-])/;

export function parseKconfig(text: string, file: string, options: ParseOptions = {}): ParseResult {
  return new FileParser(text, file, options).run();
}
