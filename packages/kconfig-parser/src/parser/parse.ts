/**
 * parseKconfig: one Kconfig file's text to its raw AST and every problem found in it.
 *
 * Pure: no file access and no macro expansion (words and strings keep their raw text; see ast/nodes.ts).
 * The file is lexed (in chunks when it is large), cut into logical lines (a newline, or the end of a help
 * text, ends one); each line is parsed on its own and handed to the block builder. A line that does not
 * parse is reported and skipped, so one run reports every error it can, as conf's bison grammar does with
 * its `error T_EOL` rules.
 */
import { type IToken, tokenMatcher } from '../chevrotain.js';
import type { Entry } from '../ast/nodes.js';
import type { Diagnostic, DiagnosticNote, SourceLocation } from '../diagnostics.js';
import { nextChunkEnd, SourcePositions, tokenize } from '../lexer/lexer.js';
import {
  Choice,
  Comment,
  Config,
  EndKeyword,
  HelpText,
  type HelpTextPayload,
  If,
  LParen,
  Menu,
  Menuconfig,
  Newline,
  Not,
  RParen,
  Word,
} from '../lexer/tokens.js';
import type { ParseOptions, ParseResult } from './api.js';
import { BlockBuilder } from './builder.js';
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

class DiagnosticLog {
  readonly kept: Diagnostic[] = [];
  private dropped = 0;
  private droppedErrors = 0;
  errors = 0;

  readonly add = (diagnostic: Diagnostic): void => {
    if (diagnostic.severity === 'error') this.errors++;
    if (this.kept.length < MAX_DIAGNOSTICS) {
      this.kept.push(diagnostic);
    } else {
      this.dropped++;
      if (diagnostic.severity === 'error') this.droppedErrors++;
    }
  };

  done(file: string, stoppedAt: SourceLocation | undefined): readonly Diagnostic[] {
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

    let end = new SourcePositions(file).at(text, 0);
    for (let start = 0; start < text.length && this.stoppedAt === undefined;) {
      const chunkEnd = nextChunkEnd(text, start);
      end = this.chunk(text.slice(start, chunkEnd), end);
      start = chunkEnd;
    }
    const entries: readonly Entry[] = this.builder.finish(end);
    return { ast: { kind: 'file', path: file, entries }, diagnostics: this.log.done(file, this.stoppedAt) };
  }

  /** Lexes and parses one chunk starting at `from`; returns the position of its end. */
  private chunk(text: string, from: SourceLocation): SourceLocation {
    this.positions = new SourcePositions(this.file, from.offset, from.line);
    const lexed = tokenize(text, this.positions, this.options.kconfiglibExtensions === true);
    for (const diagnostic of lexed.diagnostics) this.log.add(diagnostic);
    const tokens = lexed.tokens;

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
    return this.positions.at(text, text.length, tokens[tokens.length - 1]);
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

    if (first.tokenType === Word) {
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
    if (tokenMatcher(first, EndKeyword)) {
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

export function parseKconfig(text: string, file: string, options: ParseOptions = {}): ParseResult {
  return new FileParser(text, file, options).run();
}
