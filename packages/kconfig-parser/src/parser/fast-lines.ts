/**
 * A fast path for the commonest Kconfig lines, before the Chevrotain lexer and grammar: `config FOO`,
 * `tristate "Prompt"`, `depends on A && (B || !C)`, `select X if Y`, `help` and its text, `endmenu`...
 * Nearly every line of a kernel tree is one of these, and reading them directly, without token objects or the
 * grammar's machinery, is several times faster.
 *
 * It gives exactly the `Line` the grammar gives (line-parser.ts: same nodes, same locations), and it only takes
 * a line that the grammar reads without any diagnostic: words and strings (as the lexer cuts them, `$(...)`
 * included: macro/scan.ts), the operators, blanks, backslash-newline continuations and a trailing `#` comment,
 * ending with a newline; macro assignments and lines of `$(...)` calls too. Anything else (unsupported
 * characters, an unterminated string, a syntax error, obsolete spellings, `option`, a help text whose first
 * line is not indented...) is left to the grammar: `readFastLine` returns undefined.
 */
import type { Attribute, CompareOp, Expr, SymbolRef, SymbolTypeName, Word } from '../ast/nodes.js';
import type { SourceLocation } from '../diagnostics.js';
import { scanHelpText } from '../lexer/help-text.js';
import type { HelpTextPayload } from '../lexer/tokens.js';
import { isWordChar, scanString, scanWord } from '../macro/scan.js';
import { blockEndedBy, type Line } from './lines.js';

const TAB = 0x09;
const SPACE = 0x20;
const BANG = 0x21;
const DOUBLE_QUOTE = 0x22;
const HASH = 0x23;
const AMPERSAND = 0x26;
const SINGLE_QUOTE = 0x27;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const LESS = 0x3c;
const EQUAL = 0x3d;
const GREATER = 0x3e;
const BAR = 0x7c;
const LF = 0x0a;
const BACKSLASH = 0x5c;
const DOLLAR = 0x24;
const COLON = 0x3a;
const PLUS = 0x2b;

// Token kinds.
const WORD = 0;
const STRING = 1;
const KEYWORD = 2;
const AND = 3;
const OR = 4;
const NOT = 5;
const COMPARE = 6;
const LPAREN = 7;
const RPAREN = 8;
const END = 9;

/**
 * Every keyword of the Linux dialect (lexer.l): a word spelled like one is that keyword. The lexer's tokens
 * (lexer/tokens.ts) are not loaded for this list, that is the point of the fast path; a test checks the two
 * agree.
 */
export const LINUX_KEYWORDS: ReadonlySet<string> = new Set([
  'mainmenu',
  'menu',
  'endmenu',
  'menuconfig',
  'config',
  'choice',
  'endchoice',
  'comment',
  'if',
  'endif',
  'source',
  'bool',
  'boolean',
  'tristate',
  'string',
  'hex',
  'int',
  'def_bool',
  'def_tristate',
  'prompt',
  'default',
  'depends',
  'on',
  'select',
  'imply',
  'visible',
  'range',
  'help',
  '---help---',
  'modules',
  'transitional',
  'optional',
  'option',
]);

const TYPE_NAMES: Readonly<Record<string, SymbolTypeName>> = {
  bool: 'bool',
  tristate: 'tristate',
  string: 'string',
  hex: 'hex',
  int: 'int',
};

/** Nesting (parentheses, `!`) deeper than any real tree; the grammar handles (and caps) the rest. */
const MAX_DEPTH = 32;

/** What the fast path read: the line (none for a blank one), and where the next one starts. */
export interface FastLine {
  readonly line: Line | undefined;
  /** Offset just past what was read. */
  readonly next: number;
  /** Newlines read (one, plus those of continued lines and of the help text). */
  readonly newlines: number;
  /** For `help`: how its text ended (the caller explains a dedent in a later error). */
  readonly help?: HelpTextPayload;
}

/**
 * One string per distinct bare word (symbol names, mostly): a name is met some ten times in a tree (its
 * `config` line, every expression that reads it) and is then a key of every map the evaluator keeps. Slices
 * of the file text are separate strings that each hash and compare by content; one shared string hashes once
 * and compares by identity, and lets the file texts go. Bounded, so a long-lived process reading many trees
 * does not keep every name it ever saw.
 */
const interned = new Map<string, string>();
const MAX_INTERNED = 1 << 18;

function intern(word: string): string {
  const known = interned.get(word);
  if (known !== undefined) return known;
  if (interned.size >= MAX_INTERNED) interned.clear();
  interned.set(word, word);
  return word;
}

/** Not a line for the fast path: the caller hands it to the grammar. */
class NotFast {}
const NOT_FAST = new NotFast();

/**
 * Reads the line of `text` that starts at `start` and ends with the newline at `end`; `lineNumber` is its
 * 1-based number, `limit` the end of the lexer chunk it is in (a help text stops there, as for the lexer).
 * Undefined when the line is not one the fast path takes.
 */
export function readFastLine(
  text: string,
  start: number,
  end: number,
  lineNumber: number,
  file: string,
  limit: number,
): FastLine | undefined {
  reader.reset(text, start, end, lineNumber, file, limit);
  try {
    return reader.read();
  } catch (e) {
    if (e === NOT_FAST) return undefined;
    throw e;
  }
}

/** One reader for every line, its token arrays reused: a line is read from start to end, never reentered. */
class LineReader {
  /**
   * The line's tokens: kind, start and end offsets, the line each is on and where that line starts (a
   * backslash-newline continues the line), and for COMPARE the operator.
   */
  private readonly kinds: number[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly lines: number[] = [];
  private readonly lineStarts: number[] = [];
  private readonly ops: (CompareOp | undefined)[] = [];
  /** How many tokens the line has (the arrays keep older ones beyond that). */
  private count = 0;
  private at = 0;
  private text = '';
  private start = 0;
  /** The newline that ends the logical line, and how many physical lines it took. */
  private end = 0;
  private physicalLines = 1;
  private lineNumber = 1;
  private file = '';
  private limit = 0;
  /** Where the physical line being read starts. */
  private lineStart = 0;

  reset(text: string, start: number, end: number, lineNumber: number, file: string, limit: number): void {
    this.text = text;
    this.start = start;
    this.end = end;
    this.lineNumber = lineNumber;
    this.file = file;
    this.limit = limit;
    this.at = 0;
    this.physicalLines = 1;
    this.lineStart = start;
    this.count = 0;
  }

  read(): FastLine | undefined {
    const assignment = this.assignment();
    if (assignment instanceof NotFast) return undefined;
    if (assignment !== undefined) return this.simple(assignment);
    if (!this.tokenize()) return undefined;
    // Blank, or only a comment: nothing to read.
    if (this.count === 1) return this.simple(undefined);
    if (this.kinds[0] === WORD) return this.words();
    const first = this.next();
    if (this.kinds[0] !== KEYWORD) return undefined;
    const keyword = this.image(first);
    const location = this.location(first);
    switch (keyword) {
      case 'config':
      case 'menuconfig': {
        const name = this.word(this.expect(WORD));
        this.expectEnd();
        return this.simple({ kind: 'config', keyword, name, location });
      }
      case 'choice': {
        const name = this.peek() === WORD ? this.word(this.next()) : undefined;
        this.expectEnd();
        return this.simple({ kind: 'choice', name, location });
      }
      case 'menu':
      case 'comment':
      case 'mainmenu': {
        const prompt = this.word(this.expect(STRING));
        this.expectEnd();
        if (keyword === 'mainmenu') return this.simple({ kind: 'leaf', entry: { kind: 'mainmenu', prompt, location } });
        return this.simple({ kind: keyword, prompt, location });
      }
      case 'if': {
        const condition = this.expression(0);
        this.expectEnd();
        return this.simple({ kind: 'if', condition, location });
      }
      case 'endmenu':
      case 'endchoice':
      case 'endif':
        this.expectEnd();
        return this.simple({ kind: 'end', block: blockEndedBy(keyword), location });
      case 'source': {
        const path = this.word(this.expect(STRING));
        this.expectEnd();
        return this.simple({ kind: 'leaf', entry: { kind: 'source', keyword: 'source', path, location } });
      }
      case 'bool':
      case 'tristate':
      case 'string':
      case 'hex':
      case 'int': {
        const type = TYPE_NAMES[keyword] as SymbolTypeName;
        let attribute: Attribute;
        if (this.peek() === STRING) {
          const prompt = this.word(this.next());
          const condition = this.condition();
          attribute = { kind: 'type', type, prompt, condition, location };
        } else {
          attribute = { kind: 'type', type, location };
        }
        this.expectEnd();
        return this.attribute(attribute, keyword);
      }
      case 'def_bool':
      case 'def_tristate': {
        const value = this.expression(0);
        const condition = this.condition();
        this.expectEnd();
        const type = keyword === 'def_tristate' ? 'tristate' : 'bool';
        return this.attribute({ kind: 'def-type', type, value, condition, location }, keyword);
      }
      case 'prompt': {
        const text = this.word(this.expect(STRING));
        const condition = this.condition();
        this.expectEnd();
        return this.attribute({ kind: 'prompt', text, condition, location }, keyword);
      }
      case 'default': {
        const value = this.expression(0);
        const condition = this.condition();
        this.expectEnd();
        return this.attribute({ kind: 'default', value, condition, location }, keyword);
      }
      case 'depends': {
        this.expectKeyword('on');
        const expr = this.expression(0);
        const condition = this.condition();
        this.expectEnd();
        return this.attribute({ kind: 'depends', expr, condition, location }, keyword);
      }
      case 'select':
      case 'imply': {
        const target = this.word(this.expect(WORD));
        const condition = this.condition();
        this.expectEnd();
        return this.attribute({ kind: keyword, target, condition, location }, keyword);
      }
      case 'visible': {
        // A bare `visible` parses with a warning: the grammar's.
        const condition = this.condition();
        if (condition === undefined) return undefined;
        this.expectEnd();
        return this.attribute({ kind: 'visible', condition, location }, keyword);
      }
      case 'range': {
        const low = this.symbol();
        const high = this.symbol();
        const condition = this.condition();
        this.expectEnd();
        return this.attribute({ kind: 'range', low, high, condition, location }, keyword);
      }
      case 'modules':
      case 'transitional':
      case 'optional':
        this.expectEnd();
        return this.attribute({ kind: keyword, location }, keyword);
      case 'help':
      case '---help---':
        this.expectEnd();
        // Help text after a continued line: the grammar's.
        if (this.physicalLines > 1) return undefined;
        return this.help(keyword, location);
      default:
        // `boolean` (a warning), `option`, and keywords that cannot start a line (`on`): the grammar's.
        return undefined;
    }
  }

  /** `help`: its text is read as the lexer reads it (lexer/help-text.ts), from the line after. */
  private help(keyword: string, location: SourceLocation): FastLine | undefined {
    const scan = scanHelpText(this.text, this.end + 1, this.limit);
    // A first line in column 1 is still help text, with a warning: the grammar's.
    if (scan.unindentedFirstLine) return undefined;
    let newlines = 1;
    for (let i = this.text.indexOf('\n', this.end + 1); i >= 0 && i < scan.end; i = this.text.indexOf('\n', i + 1)) {
      newlines++;
    }
    return {
      line: { kind: 'attribute', attribute: { kind: 'help', text: scan.text, location }, keyword },
      next: scan.end,
      newlines,
      help: scan,
    };
  }

  private simple(line: Line | undefined): FastLine {
    return { line, next: this.end + 1, newlines: this.physicalLines };
  }

  /**
   * `NAME = value`, `NAME := value`, `NAME += value` (line-parser.ts: wordLine): NAME is the line's first token,
   * a word; the value is the rest of the line from its first character that is not a blank (lexer/tokens.ts:
   * AssignValue), `#` and `\` included. Undefined when the line is no assignment.
   */
  private assignment(): Line | NotFast | undefined {
    const { text, end } = this;
    let i = this.start;
    while (i < end && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
    const nameStart = i;
    while (i < end && isWordChar(text.charCodeAt(i))) i++;
    if (i < end && text.charCodeAt(i) === DOLLAR) i = scanWord(text, nameStart);
    if (i === nameStart) return undefined;
    const nameEnd = i;
    while (i < end && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
    const code = text.charCodeAt(i);
    let op: '=' | ':=' | '+=';
    if (code === EQUAL) op = '=';
    else if ((code === COLON || code === PLUS) && text.charCodeAt(i + 1) === EQUAL) op = code === COLON ? ':=' : '+=';
    else return undefined;
    const name = text.slice(nameStart, nameEnd);
    // A keyword first is a statement, not a name; the grammar says what is wrong with it.
    if (LINUX_KEYWORDS.has(name)) return NOT_FAST;
    i += op.length;
    while (i < end && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
    const location = this.locationAt(nameStart, this.lineNumber, this.start);
    const entry = {
      kind: 'assignment',
      name: { kind: 'word', raw: name, location },
      op,
      value: text.slice(i, end),
      location,
    } as const;
    return { kind: 'leaf', entry };
  }

  /**
   * A line of bare words: `$(...)` calls (a macro call line, line-parser.ts: wordLine) when every word holds
   * one; anything else is an unknown statement, the grammar's to report.
   */
  private words(): FastLine | undefined {
    const words: Word[] = [];
    while (this.peek() === WORD) {
      const token = this.next();
      if (!this.image(token).includes('$(')) return undefined;
      words.push(this.word(token));
    }
    if (this.peek() !== END) return undefined;
    return this.simple({ kind: 'words', words });
  }

  private attribute(attribute: Attribute, keyword: string): FastLine {
    return this.simple({ kind: 'attribute', attribute, keyword });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Expressions, as the grammar builds them (line-parser.ts: expression, operand, joinOperands)

  /** `if EXPR` after an attribute, if there is one. */
  private condition(): Expr | undefined {
    if (this.peek() !== KEYWORD || this.image(this.at) !== 'if') return undefined;
    this.next();
    return this.expression(0);
  }

  /**
   * An `||` of `&&` chains, left-associative. Each `and` node is located at the start of its chain, each `or`
   * at the start of the whole expression; a location object is made only for a node that needs it.
   */
  private expression(depth: number): Expr {
    if (depth > MAX_DEPTH) throw NOT_FAST;
    const firstToken = this.at;
    let firstLocation: SourceLocation | undefined;
    let disjunction: Expr | undefined;
    let conjunction = this.operand(depth);
    let conjunctionToken = firstToken;
    let conjunctionLocation: SourceLocation | undefined;
    for (;;) {
      const kind = this.peek();
      if (kind !== AND && kind !== OR) break;
      this.next();
      const rightToken = this.at;
      const right = this.operand(depth);
      if (kind === AND) {
        conjunctionLocation ??= this.location(conjunctionToken);
        conjunction = { kind: 'and', left: conjunction, right, location: conjunctionLocation };
        continue;
      }
      if (disjunction) {
        firstLocation ??= this.location(firstToken);
        disjunction = { kind: 'or', left: disjunction, right: conjunction, location: firstLocation };
      } else {
        disjunction = conjunction;
      }
      conjunction = right;
      conjunctionToken = rightToken;
      conjunctionLocation = undefined;
    }
    if (!disjunction) return conjunction;
    firstLocation ??= this.location(firstToken);
    return { kind: 'or', left: disjunction, right: conjunction, location: firstLocation };
  }

  /** `!`... then a symbol, a comparison or a parenthesized expression. */
  private operand(depth: number): Expr {
    // The `!` tokens are consecutive: counted, not collected.
    const firstNot = this.at;
    let nots = 0;
    while (this.peek() === NOT) {
      this.next();
      nots++;
    }
    let expr: Expr;
    if (this.peek() === LPAREN) {
      this.next();
      expr = this.expression(depth + 1);
      this.expect(RPAREN);
    } else {
      const left = this.symbol();
      if (this.peek() === COMPARE) {
        const op = this.ops[this.next()] as CompareOp;
        const right = this.symbol();
        expr = { kind: 'compare', op, left, right, location: left.location };
      } else {
        expr = left;
      }
    }
    for (let i = nots - 1; i >= 0; i--) expr = { kind: 'not', operand: expr, location: this.location(firstNot + i) };
    return expr;
  }

  /** A symbol operand: a bare word or a quoted string (not a keyword). */
  private symbol(): SymbolRef {
    const kind = this.peek();
    if (kind !== WORD && kind !== STRING) throw NOT_FAST;
    const word = this.word(this.next());
    return { kind: 'symbol', word, location: word.location };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Tokens

  private peek(): number {
    return this.kinds[this.at] as number;
  }

  private next(): number {
    return this.at++;
  }

  private expect(kind: number): number {
    if (this.peek() !== kind) throw NOT_FAST;
    return this.next();
  }

  private expectKeyword(image: string): void {
    if (this.peek() !== KEYWORD || this.image(this.at) !== image) throw NOT_FAST;
    this.next();
  }

  private expectEnd(): void {
    if (this.peek() !== END) throw NOT_FAST;
  }

  private image(token: number): string {
    return this.text.slice(this.starts[token], this.ends[token]);
  }

  private location(token: number): SourceLocation {
    return this.locationAt(this.starts[token] as number, this.lines[token] as number, this.lineStarts[token] as number);
  }

  private locationAt(offset: number, line: number, lineStart: number): SourceLocation {
    return { file: this.file, line, column: offset - lineStart + 1, offset };
  }

  private word(token: number): Word {
    const location = this.location(token);
    if (this.kinds[token] === STRING) {
      const start = this.starts[token] as number;
      const quote = this.text.charCodeAt(start) === DOUBLE_QUOTE ? '"' : "'";
      return { kind: 'word', raw: this.text.slice(start + 1, (this.ends[token] as number) - 1), quote, location };
    }
    return { kind: 'word', raw: intern(this.image(token)), location };
  }

  private push(kind: number, start: number, end: number, op?: CompareOp): void {
    const i = this.count++;
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    this.lines[i] = this.lineNumber + this.physicalLines - 1;
    this.lineStarts[i] = this.lineStart;
    this.ops[i] = op;
  }

  /** Splits the line into tokens; false when it holds anything the fast path leaves to the lexer. */
  private tokenize(): boolean {
    const { text } = this;
    let nots = 0;
    let i = this.start;
    this.lineStart = this.start;
    while (i < this.end) {
      const code = text.charCodeAt(i);
      if (code === SPACE || code === TAB) {
        i++;
      } else if (isWordChar(code) || code === DOLLAR) {
        const from = i;
        while (i < this.end && isWordChar(text.charCodeAt(i))) i++;
        // A `$` continues the word with whatever `$(...)` group follows (lexer/tokens.ts: matchWord).
        if (text.charCodeAt(i) === DOLLAR) {
          i = scanWord(text, from);
          this.push(WORD, from, i);
        } else {
          this.push(LINUX_KEYWORDS.has(text.slice(from, i)) ? KEYWORD : WORD, from, i);
        }
      } else if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
        let close = i + 1;
        for (; close < this.end; close++) {
          const c = text.charCodeAt(close);
          if (c === code || c === BACKSLASH || c === DOLLAR) break;
        }
        if (close < this.end && text.charCodeAt(close) !== code) {
          const scan = scanString(text, i + 1, code === DOUBLE_QUOTE ? '"' : "'");
          if (!scan.closed) return false; // unterminated: a warning
          close = scan.end;
        }
        if (close >= this.end) return false; // unterminated: a warning
        this.push(STRING, i, close + 1);
        i = close + 1;
      } else if (code === HASH) {
        break;
      } else if (code === BACKSLASH && i + 1 === this.end && this.end + 1 < text.length) {
        // A continuation: the line goes on after the newline (lexer/tokens.ts: LineContinuation).
        i = this.end + 1;
        this.lineStart = i;
        this.physicalLines++;
        const newline = text.indexOf('\n', i);
        if (newline < 0 || newline >= this.limit) return false; // no newline at the end of the file: a warning
        this.end = newline;
      } else {
        const next = text.charCodeAt(i + 1);
        switch (code) {
          case AMPERSAND:
            if (next !== AMPERSAND) return false;
            this.push(AND, i, i + 2);
            i += 2;
            break;
          case BAR:
            if (next !== BAR) return false;
            this.push(OR, i, i + 2);
            i += 2;
            break;
          case BANG:
            if (next === EQUAL) {
              this.push(COMPARE, i, i + 2, '!=');
              i += 2;
            } else {
              // The grammar caps how many `!` a line may nest.
              if (++nots > MAX_DEPTH) return false;
              this.push(NOT, i, i + 1);
              i++;
            }
            break;
          case LESS:
          case GREATER: {
            const orEqual = next === EQUAL;
            const op = (code === LESS ? (orEqual ? '<=' : '<') : orEqual ? '>=' : '>') as CompareOp;
            this.push(COMPARE, i, i + (orEqual ? 2 : 1), op);
            i += orEqual ? 2 : 1;
            break;
          }
          case EQUAL:
            this.push(COMPARE, i, i + 1, '=');
            i++;
            break;
          case OPEN_PAREN:
            this.push(LPAREN, i, i + 1);
            i++;
            break;
          case CLOSE_PAREN:
            this.push(RPAREN, i, i + 1);
            i++;
            break;
          default:
            // `$`, `\`, `:=`, `+=`, a carriage return, anything unsupported: the lexer's.
            return false;
        }
      }
    }
    if (text.charCodeAt(this.end) !== LF) return false;
    this.push(END, this.end, this.end);
    return true;
  }
}

const reader = new LineReader();
