/**
 * CONFIG_CHECK read statically from an ebuild or eclass (bash), without running it. The file is cut into
 * shell tokens (quotes, `$(...)`, `${...}`, here-documents and comments understood), then walked as bash would
 * parse it, keeping the condition under which each assignment runs:
 * - `CONFIG_CHECK="..."`, `CONFIG_CHECK+="..."`, with `local`/`export`/`declare`, as a command's prefix, over
 *   several lines;
 * - `use foo && CONFIG_CHECK+=...`, `use foo || ...`, `if use foo; then ... elif ...; else ... fi`, `case`;
 * - `$(usex foo '~X' '')` and `$(usev foo '~X')` inside the value;
 * - version gates: `kernel_is -ge 5 19` (and `kernel_is ge 5 19`, `kernel_is 5 19` for equality).
 * Words built from other variables (`${MY_CHECKS}`) cannot be read statically and are skipped.
 */
import { parseConfigCheck } from './config-check.js';

/** One fact a condition rests on. */
export type ConditionAtom =
  /** `use foo` (`!use foo`, `use !foo`), or any other test, keyed by its text. */
  | { readonly kind: 'test'; readonly key: string; readonly negated: boolean }
  /** `kernel_is [-]OP A [B [C]]`: compares the kernel's version (only as many parts as given). */
  | { readonly kind: 'kernel'; readonly op: KernelOp; readonly version: readonly number[]; readonly negated: boolean }
  /** Branch `index` of the if/elif/else or case statement `group`: different branches never run together. */
  | { readonly kind: 'branch'; readonly group: number; readonly index: number };

export type KernelOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

/** A conjunction: every atom holds. */
export type Condition = readonly ConditionAtom[];

export interface CheckPiece {
  readonly word: string;
  readonly symbol: string;
  readonly negate: boolean;
  readonly fatal: boolean;
  /** 1-based position of the word in the file. */
  readonly line: number;
  readonly column: number;
  readonly condition: Condition;
  /** The function the assignment is in (`` for the file's top level). */
  readonly scope: string;
  /** Counts the unconditional plain (`=`) assignments in `scope`: only the words of the last one are checked. */
  readonly generation: number;
}

export interface EbuildProblem {
  readonly line: number;
  readonly column: number;
  readonly code: 'ebuild-syntax' | 'malformed-check';
  readonly message: string;
}

export interface ExtractedChecks {
  readonly pieces: readonly CheckPiece[];
  readonly problems: readonly EbuildProblem[];
}

// ---------------------------------------------------------------------------------------------------------------
// Tokens

/** A piece of a word: literal text (each character with its line and column), or an expansion. */
type Segment =
  | { readonly kind: 'text'; readonly text: string; readonly at: readonly Position[] }
  | { readonly kind: 'command'; readonly body: string; readonly at: Position; readonly quoted: boolean }
  | { readonly kind: 'variable'; readonly raw: string; readonly at: Position };

interface Position {
  readonly line: number;
  readonly column: number;
}

type Token =
  | { readonly kind: 'word'; readonly segments: readonly Segment[]; readonly at: Position }
  | { readonly kind: 'op'; readonly op: string; readonly at: Position };

const OPERATORS = ['&&', '||', ';;', '|', '&', ';', '(', ')', '\n', '<<', '>>', '<', '>'];
const WORD_END = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);

class Lexer {
  private offset = 0;
  private line = 1;
  private column = 1;
  readonly problems: EbuildProblem[] = [];
  private readonly heredocs: { delimiter: string; strip: boolean }[] = [];

  constructor(private readonly text: string) {}

  tokens(): Token[] {
    const out: Token[] = [];
    for (;;) {
      this.skipBlanks();
      if (this.offset >= this.text.length) return out;
      const at = this.position();
      const c = this.peek();
      if (c === '#') {
        while (this.offset < this.text.length && this.peek() !== '\n') this.advance();
        continue;
      }
      const op = OPERATORS.find((o) => this.text.startsWith(o, this.offset));
      if (op !== undefined) {
        for (let i = 0; i < op.length; i++) this.advance();
        if (op === '<<') this.heredocStart();
        out.push({ kind: 'op', op, at });
        if (op === '\n') this.skipHeredocBodies();
        continue;
      }
      out.push({ kind: 'word', segments: this.word(), at });
    }
  }

  private position(): Position {
    return { line: this.line, column: this.column };
  }
  private peek(ahead = 0): string {
    return this.text[this.offset + ahead] ?? '';
  }
  private advance(): string {
    const c = this.text[this.offset++] ?? '';
    if (c === '\n') {
      this.line++;
      this.column = 1;
    } else this.column++;
    return c;
  }
  private skipBlanks(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r') this.advance();
      else if (c === '\\' && this.peek(1) === '\n') {
        this.advance();
        this.advance();
      } else return;
    }
  }

  /** `<<WORD`, `<<-WORD`, `<<'WORD'`: the body starts after the end of this line. */
  private heredocStart(): void {
    let strip = false;
    if (this.peek() === '-') {
      strip = true;
      this.advance();
    }
    this.skipBlanks();
    const literal = this.word()
      .map((s) => (s.kind === 'text' ? s.text : ''))
      .join('');
    // A here-string (`<<<`) reads as `<<` then a word starting with `<`: it has no body.
    if (literal !== '' && !literal.startsWith('<')) this.heredocs.push({ delimiter: literal, strip });
  }

  private skipHeredocBodies(): void {
    for (const { delimiter, strip } of this.heredocs.splice(0)) {
      const start = this.position();
      for (;;) {
        if (this.offset >= this.text.length) {
          this.problems.push({
            ...start,
            code: 'ebuild-syntax',
            message: `here-document delimited by '${delimiter}' is not closed`,
          });
          return;
        }
        let end = this.text.indexOf('\n', this.offset);
        if (end < 0) end = this.text.length;
        const line = this.text.slice(this.offset, end);
        while (this.offset < end) this.advance();
        if (this.offset < this.text.length) this.advance();
        if ((strip ? line.replace(/^\t+/, '') : line) === delimiter) break;
      }
    }
  }

  /** One word: up to an unquoted blank or operator character. */
  private word(): Segment[] {
    const segments: Segment[] = [];
    let text = '';
    let at: Position[] = [];
    const literal = (c: string, p: Position) => {
      text += c;
      at.push(p);
    };
    const flush = () => {
      if (text !== '') segments.push({ kind: 'text', text, at });
      text = '';
      at = [];
    };
    while (this.offset < this.text.length) {
      const c = this.peek();
      const p = this.position();
      if (WORD_END.has(c)) {
        // `name=(a b c)`: an array assignment keeps its parentheses in the word.
        if (c === '(' && text.endsWith('=')) {
          flush();
          segments.push({ kind: 'variable', raw: this.balanced('(', ')'), at: p });
          continue;
        }
        break;
      }
      if (c === '\\') {
        this.advance();
        if (this.peek() === '\n') this.advance();
        else if (this.offset < this.text.length) literal(this.advance(), p);
      } else if (c === "'") {
        this.advance();
        this.singleQuoted(literal, p);
      } else if (c === '$' && this.peek(1) === "'") {
        this.advance();
        this.advance();
        this.singleQuoted(literal, p, true);
      } else if (c === '"') {
        this.advance();
        this.doubleQuoted(literal, flush, segments, p);
      } else if (c === '$' || c === '`') {
        flush();
        segments.push(this.expansion(false));
      } else literal(this.advance(), p);
    }
    flush();
    return segments;
  }

  private singleQuoted(literal: (c: string, p: Position) => void, start: Position, escapes = false): void {
    while (this.offset < this.text.length && this.peek() !== "'") {
      const p = this.position();
      if (escapes && this.peek() === '\\') {
        this.advance();
        literal(this.advance(), p);
      } else literal(this.advance(), p);
    }
    if (this.offset >= this.text.length) this.unterminated("'", start);
    else this.advance();
  }

  private doubleQuoted(
    literal: (c: string, p: Position) => void,
    flush: () => void,
    segments: Segment[],
    start: Position,
  ): void {
    while (this.offset < this.text.length && this.peek() !== '"') {
      const c = this.peek();
      const p = this.position();
      if (c === '\\') {
        this.advance();
        const next = this.peek();
        if (next === '\n') this.advance();
        else if (next === '"' || next === '\\' || next === '$' || next === '`') literal(this.advance(), p);
        else literal('\\', p);
      } else if (c === '$' || c === '`') {
        const expansion = this.expansion(true);
        if (expansion.kind === 'text') {
          literal('$', p);
          continue;
        }
        flush();
        segments.push(expansion);
      } else literal(this.advance(), p);
    }
    if (this.offset >= this.text.length) this.unterminated('"', start);
    else this.advance();
  }

  /** `$(...)`, `` `...` ``, `${...}`, `$((...))`, `$NAME`, `$1`; a lone `$` is literal text. */
  private expansion(quoted: boolean): Segment {
    const at = this.position();
    if (this.peek() === '`') {
      this.advance();
      let body = '';
      while (this.offset < this.text.length && this.peek() !== '`') {
        if (this.peek() === '\\') body += this.advance();
        body += this.advance();
      }
      if (this.offset >= this.text.length) this.unterminated('`', at);
      else this.advance();
      return { kind: 'command', body, at, quoted };
    }
    this.advance();
    const c = this.peek();
    if (c === '(' && this.peek(1) !== '(') {
      const raw = this.balanced('(', ')');
      return { kind: 'command', body: raw.slice(1, -1), at, quoted };
    }
    if (c === '(') return { kind: 'variable', raw: `$${this.balanced('(', ')')}`, at };
    if (c === '{') return { kind: 'variable', raw: `$${this.balanced('{', '}')}`, at };
    let name = '';
    if (/[A-Za-z_]/.test(c)) while (/[A-Za-z0-9_]/.test(this.peek())) name += this.advance();
    else if (/[0-9@*#?$!-]/.test(c) && c !== '') name = this.advance();
    if (name === '') return { kind: 'text', text: '$', at: [at] };
    return { kind: 'variable', raw: `$${name}`, at };
  }

  /** The text from `open` to its matching `close`, both included, skipping over quotes inside. */
  private balanced(open: string, close: string): string {
    const start = this.position();
    const from = this.offset;
    let depth = 0;
    while (this.offset < this.text.length) {
      const c = this.advance();
      if (c === '\\') this.advance();
      else if (c === "'") {
        while (this.offset < this.text.length && this.peek() !== "'") this.advance();
        this.advance();
      } else if (c === '"') {
        while (this.offset < this.text.length && this.peek() !== '"') {
          if (this.peek() === '\\') this.advance();
          this.advance();
        }
        this.advance();
      } else if (c === open) depth++;
      else if (c === close && --depth === 0) return this.text.slice(from, this.offset);
    }
    this.unterminated(open, start);
    return this.text.slice(from);
  }

  private unterminated(what: string, at: Position): void {
    this.problems.push({ ...at, code: 'ebuild-syntax', message: `unterminated ${what} (opened here)` });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Words of a token

/** The word's text when it is all literal, else undefined. */
function literalText(token: Token | undefined): string | undefined {
  if (token?.kind !== 'word') return undefined;
  let text = '';
  for (const s of token.segments) {
    if (s.kind !== 'text') return undefined;
    text += s.text;
  }
  return text;
}

/** The word's text with expansions shown as written: enough to key an opaque test. */
function shownText(token: Token): string {
  if (token.kind === 'op') return token.op;
  return token.segments
    .map((s) => (s.kind === 'text' ? s.text : s.kind === 'variable' ? s.raw : `$(${s.body})`))
    .join('');
}

// ---------------------------------------------------------------------------------------------------------------
// The walk

const KERNEL_OPS = new Set<string>(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);
const DECLARATIONS = new Set(['local', 'export', 'declare', 'readonly', 'typeset']);
const CLOSERS = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', 'esac', '}', ';;', ')']);

interface Context {
  readonly condition: Condition;
  readonly scope: string;
}

class Walker {
  private index = 0;
  private groups = 0;
  private readonly generations = new Map<string, number>();
  readonly pieces: CheckPiece[] = [];
  readonly problems: EbuildProblem[] = [];

  constructor(private readonly tokens: readonly Token[]) {}

  finalGeneration(scope: string): number {
    return this.generations.get(scope) ?? 0;
  }

  run(): void {
    const context: Context = { condition: [], scope: '' };
    while (this.index < this.tokens.length) {
      this.list(context, new Set());
      // A closer with nothing open (a stray `fi`, `}`): step over it.
      if (this.index < this.tokens.length) this.index++;
    }
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }
  private isOp(op: string): boolean {
    const t = this.peek();
    return t?.kind === 'op' && t.op === op;
  }
  /** The keyword at the current position if it is one of `words` (keywords only count in command position). */
  private atWord(words: ReadonlySet<string>): string | undefined {
    const t = this.peek();
    const text = t?.kind === 'op' ? t.op : literalText(t);
    return text !== undefined && words.has(text) ? text : undefined;
  }
  private skipSeparators(): void {
    while (this.isOp('\n') || this.isOp(';') || this.isOp('&')) this.index++;
  }

  /** Commands until one of `stops` (or any closer) in command position. */
  private list(context: Context, stops: ReadonlySet<string>): void {
    for (;;) {
      this.skipSeparators();
      if (this.index >= this.tokens.length) return;
      if (this.atWord(stops) !== undefined || this.atWord(CLOSERS) !== undefined) return;
      this.andOr(context);
    }
  }

  /**
   * `a && b || c`: each part runs when the list so far succeeded (`&&`) or failed (`||`). Conditions are
   * relative to the context; undefined means unknown, `never` that the part cannot run (or fail).
   */
  private andOr(context: Context): void {
    let success: Condition | undefined = [];
    let failure: Condition | undefined | 'never' = 'never';
    for (let op = ''; ;) {
      const runs: Condition | undefined | 'never' = op === '||' ? failure : success;
      const start = this.index;
      this.pipeline({ ...context, condition: [...context.condition, ...(runs === 'never' ? [] : (runs ?? []))] });
      const part = this.tokens.slice(start, this.index);
      const test = testCondition(part);
      const always = isAssignmentOnly(part);
      const known: Condition | undefined = runs !== undefined && runs !== 'never' ? runs : undefined;
      const passes: Condition | undefined = always ? known : known && test ? [...known, ...test] : undefined;
      const fails: Condition | undefined | 'never' = always
        ? 'never'
        : known && test?.length === 1
          ? [...known, negate(test[0] as ConditionAtom)]
          : undefined;
      if (op === '||') {
        success = undefined;
        failure = fails;
      } else {
        success = passes;
        failure = failure === 'never' ? fails : fails === 'never' ? failure : undefined;
      }
      if (!this.isOp('&&') && !this.isOp('||')) return;
      op = (this.peek() as { op: string }).op;
      this.index++;
      while (this.isOp('\n')) this.index++;
    }
  }

  private pipeline(context: Context): void {
    this.command(context);
    while (this.isOp('|')) {
      this.index++;
      while (this.isOp('\n')) this.index++;
      this.command(context);
    }
  }

  private command(context: Context): void {
    const keyword = literalText(this.peek());
    const next = this.tokens[this.index + 1];
    if (keyword === 'if') return this.ifStatement(context);
    if (keyword === 'case') return this.caseStatement(context);
    if (keyword === 'for' || keyword === 'while' || keyword === 'until' || keyword === 'select') {
      this.index++;
      this.until(new Set(['do']));
      this.index++;
      this.list(context, new Set(['done']));
      return this.expect('done');
    }
    if (keyword === '{') {
      this.index++;
      this.list(context, new Set(['}']));
      return this.expect('}');
    }
    if (this.isOp('(')) {
      this.index++;
      this.list(context, new Set([')']));
      if (this.isOp(')')) this.index++;
      return;
    }
    if (keyword === 'function' && next?.kind === 'word') {
      const name = (literalText(next) ?? '').replace(/\(\)$/, '');
      this.index += 2;
      if (this.isOp('(')) this.index += 2;
      return this.functionBody(context, name);
    }
    if (keyword !== undefined && next?.kind === 'op' && next.op === '(') {
      const after = this.tokens[this.index + 2];
      if (after?.kind === 'op' && after.op === ')') {
        this.index += 3;
        return this.functionBody(context, keyword);
      }
    }
    this.simpleCommand(context);
  }

  private functionBody(context: Context, name: string): void {
    while (this.isOp('\n')) this.index++;
    this.command({ condition: context.condition, scope: name });
  }

  private ifStatement(context: Context): void {
    const group = this.groups++;
    const previous: Condition[] = [];
    let keyword = 'if';
    while (keyword === 'if' || keyword === 'elif' || keyword === 'else') {
      this.index++;
      const branch: ConditionAtom[] = [{ kind: 'branch', group, index: previous.length }];
      // Earlier branches were false: a single-test condition negates into one test.
      for (const p of previous) if (p.length === 1) branch.push(negate(p[0] as ConditionAtom));
      let own: Condition = [];
      if (keyword !== 'else') {
        const start = this.index;
        this.list(context, new Set(['then']));
        own = testCondition(this.tokens.slice(start, this.index)) ?? [];
        this.expect('then');
      }
      this.list({ ...context, condition: [...context.condition, ...branch, ...own] }, new Set(['elif', 'else', 'fi']));
      previous.push(own);
      keyword = this.atWord(new Set(['elif', 'else', 'fi'])) ?? 'fi';
      if (keyword === 'fi') return this.expect('fi');
    }
  }

  private caseStatement(context: Context): void {
    const group = this.groups++;
    this.until(new Set(['in']));
    this.index++;
    for (let index = 0; ; index++) {
      while (this.isOp('\n') || this.isOp(';')) this.index++;
      if (this.index >= this.tokens.length || literalText(this.peek()) === 'esac') return this.expect('esac');
      if (this.isOp('(')) this.index++;
      while (this.index < this.tokens.length && !this.isOp(')')) this.index++;
      this.index++;
      this.list({ ...context, condition: [...context.condition, { kind: 'branch', group, index }] }, new Set(['esac']));
      if (this.isOp(';;')) this.index++;
      else if (this.atWord(new Set(['esac'])) === undefined && this.index < this.tokens.length) this.index++;
    }
  }

  private until(words: ReadonlySet<string>): void {
    while (this.index < this.tokens.length && this.atWord(words) === undefined) this.index++;
  }

  private expect(word: string): void {
    if (this.atWord(new Set([word])) !== undefined) {
      this.index++;
      return;
    }
    const at = this.peek()?.at ?? this.tokens[this.tokens.length - 1]?.at ?? { line: 1, column: 1 };
    this.problems.push({ ...at, code: 'ebuild-syntax', message: `'${word}' expected` });
  }

  private simpleCommand(context: Context): void {
    const words: Token[] = [];
    while (this.index < this.tokens.length) {
      const t = this.peek() as Token;
      if (t.kind === 'op') {
        if (t.op === '<' || t.op === '>' || t.op === '>>' || t.op === '<<') {
          // A redirection and its target belong to the command (a here-document's delimiter is not a token).
          this.index += t.op === '<<' ? 1 : 2;
          continue;
        }
        break;
      }
      if (literalText(t) === '[[') {
        // `[[ ... ]]` keeps its `&&`, `<`, ... inside.
        while (this.index < this.tokens.length && literalText(this.peek()) !== ']]')
          words.push(this.tokens[this.index++] as Token);
        if (this.index >= this.tokens.length) break;
      }
      words.push(this.tokens[this.index++] as Token);
    }
    let i = 0;
    while (i < words.length && DECLARATIONS.has(literalText(words[i]) ?? '')) {
      i++;
      while (i < words.length && (literalText(words[i]) ?? '').startsWith('-')) i++;
    }
    for (; i < words.length; i++) {
      const word = words[i] as Token;
      if (word.kind !== 'word') break;
      const first = word.segments[0];
      const match = first?.kind === 'text' ? /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/.exec(first.text) : null;
      if (!match) break;
      if (match[1] === 'CONFIG_CHECK') this.assignment(context, word, match[0].length, match[2] === '+');
    }
  }

  private assignment(context: Context, word: Token & { kind: 'word' }, skip: number, append: boolean): void {
    const key = context.scope;
    let generation = this.generations.get(key) ?? 0;
    if (!append && this.pieces.some((p) => p.scope === key && p.generation === generation)) {
      const tests = context.condition.filter((a) => a.kind !== 'branch');
      if (context.condition.length === 0) {
        // An unconditional plain assignment replaces what the scope had collected.
        generation++;
        this.generations.set(key, generation);
      } else if (tests.length === 1) {
        // `use foo && CONFIG_CHECK="..."`: the earlier words remain only when the test fails.
        const otherwise = negate(tests[0] as ConditionAtom);
        this.pieces.forEach((p, i) => {
          if (p.scope === key && p.generation === generation)
            this.pieces[i] = { ...p, condition: [...p.condition, otherwise] };
        });
      }
    }
    const [head, ...rest] = word.segments;
    const segments: Segment[] =
      head?.kind === 'text' ? [{ kind: 'text', text: head.text.slice(skip), at: head.at.slice(skip) }, ...rest] : rest;
    for (const w of splitWords(segments, context.condition)) {
      const { checks, problems } = parseConfigCheck(w.text);
      for (const p of problems) this.problems.push({ ...w.at, code: 'malformed-check', message: p.message });
      for (const c of checks) this.pieces.push({ ...c, ...w.at, condition: w.condition, scope: key, generation });
    }
  }
}

interface ValueWord {
  readonly text: string;
  readonly at: Position;
  readonly condition: Condition;
}

/** Splits an assigned value into its CONFIG_CHECK words; `$(usex ...)`/`$(usev ...)` add conditional words. */
function splitWords(segments: readonly Segment[], condition: Condition): ValueWord[] {
  const out: ValueWord[] = [];
  let text = '';
  let at: Position | undefined;
  let dynamic = false;
  const end = () => {
    if (text !== '' && at !== undefined && !dynamic) out.push({ text, at, condition });
    text = '';
    at = undefined;
    dynamic = false;
  };
  for (const s of segments) {
    if (s.kind === 'text') {
      [...s.text].forEach((c, i) => {
        if (/\s/.test(c)) end();
        else {
          at ??= s.at[i];
          text += c;
        }
      });
    } else if (s.kind === 'command' && conditionalValue(s, condition, out)) {
      end();
    } else {
      at ??= s.at;
      dynamic = true;
    }
  }
  end();
  return out;
}

/** `$(usex flag A B)` / `$(usev flag A)`: A under `use flag`, B under `!use flag`. */
function conditionalValue(s: Segment & { kind: 'command' }, condition: Condition, out: ValueWord[]): boolean {
  const lexer = new Lexer(s.body);
  const words = lexer.tokens().map(literalText);
  const [name, rawFlag, ...args] = words;
  if ((name !== 'usex' && name !== 'usev') || rawFlag === undefined || words.includes(undefined)) return false;
  const negated = rawFlag.startsWith('!');
  const flag = negated ? rawFlag.slice(1) : rawFlag;
  const when = (value: string | undefined, positive: boolean) => {
    const atom: ConditionAtom = { kind: 'test', key: `use ${flag}`, negated: negated !== !positive };
    for (const text of (value ?? '').split(/\s+/))
      if (text !== '') out.push({ text, at: s.at, condition: [...condition, atom] });
  };
  if (name === 'usev') when(args[0] ?? flag, true);
  else {
    when(args[0] ?? 'yes', true);
    when(args[1] ?? 'no', false);
  }
  return true;
}

/** Whether a command only assigns variables (it always succeeds). */
function isAssignmentOnly(tokens: readonly Token[]): boolean {
  return (
    tokens.length > 0 &&
    tokens.every((t) => {
      if (t.kind !== 'word') return false;
      const first = t.segments[0];
      const text = first?.kind === 'text' ? first.text : '';
      return DECLARATIONS.has(text) || /^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(text);
    })
  );
}

function negate(atom: ConditionAtom): ConditionAtom {
  // A branch atom has no single negation; the caller only negates tests and version gates.
  return atom.kind === 'branch' ? atom : { ...atom, negated: !atom.negated };
}

/**
 * What a command list establishes when it succeeds: `use foo`, `! use foo`, `kernel_is ...`, joined by `&&`,
 * or any other command as an opaque test keyed by its text. Undefined when it is not a plain conjunction.
 */
function testCondition(tokens: readonly Token[]): Condition | undefined {
  const parts: Token[][] = [[]];
  for (const t of tokens) {
    if (t.kind === 'op' && (t.op === '\n' || t.op === ';') && (parts.at(-1) as Token[]).length === 0) continue;
    if (t.kind === 'op' && t.op === '&&') parts.push([]);
    else if (t.kind === 'op' && (t.op === '||' || t.op === ';' || t.op === '\n' || t.op === '|')) {
      if (t.op === '||') return undefined;
    } else (parts.at(-1) as Token[]).push(t);
  }
  const atoms: ConditionAtom[] = [];
  for (const part of parts) {
    if (part.length === 0) continue;
    let words = part.map((t) => literalText(t) ?? shownText(t));
    let negated = false;
    if (words[0] === '!') {
      negated = true;
      words = words.slice(1);
    }
    const [name, ...args] = words;
    if ((name === 'use' || name === 'use_if_iuse' || name === 'in_iuse') && args.length === 1) {
      const flag = args[0] as string;
      atoms.push({ kind: 'test', key: `use ${flag.replace(/^!/, '')}`, negated: negated !== flag.startsWith('!') });
    } else if (name === 'kernel_is') {
      const gate = kernelGate(args);
      atoms.push(gate ? { kind: 'kernel', ...gate, negated } : { kind: 'test', key: words.join(' '), negated });
    } else atoms.push({ kind: 'test', key: words.join(' '), negated });
  }
  return atoms;
}

/** linux-info's kernel_is arguments: an optional operator (`-ge` or `ge`, default eq), then 1 to 3 numbers. */
function kernelGate(args: readonly string[]): { op: KernelOp; version: number[] } | undefined {
  let op: KernelOp = 'eq';
  let rest = args;
  const first = (args[0] ?? '').replace(/^-/, '');
  if (KERNEL_OPS.has(first)) {
    op = first as KernelOp;
    rest = args.slice(1);
  }
  if (rest.length === 0 || rest.length > 3 || !rest.every((a) => /^\d+$/.test(a))) return undefined;
  return { op, version: rest.map(Number) };
}

/** Whether a version gate holds for a kernel version (`6.12.0`, `6.12.57-rc1`): compares the given parts only. */
export function kernelGateHolds(atom: ConditionAtom & { kind: 'kernel' }, kernelVersion: string): boolean {
  const actual = kernelVersion.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  let cmp = 0;
  for (const [i, wanted] of atom.version.entries()) {
    const have = actual[i] ?? 0;
    if (have !== wanted) {
      cmp = have < wanted ? -1 : 1;
      break;
    }
  }
  const holds = { eq: cmp === 0, ne: cmp !== 0, lt: cmp < 0, le: cmp <= 0, gt: cmp > 0, ge: cmp >= 0 }[atom.op];
  return holds !== atom.negated;
}

/** Whether two conditions can hold at the same time, as far as their atoms tell. */
export function compatible(a: Condition, b: Condition): boolean {
  for (const x of a) {
    for (const y of b) {
      if (x.kind === 'branch' && y.kind === 'branch' && x.group === y.group && x.index !== y.index) return false;
      if (x.kind === 'test' && y.kind === 'test' && x.key === y.key && x.negated !== y.negated) return false;
    }
  }
  return true;
}

/** A condition as a reader would write it, e.g. `use foo && kernel_is -ge 5 19`; branches are left out. */
export function formatCondition(condition: Condition): string {
  return condition
    .flatMap((a) => {
      if (a.kind === 'branch') return [];
      const text = a.kind === 'kernel' ? `kernel_is -${a.op} ${a.version.join(' ')}` : a.key;
      return [a.negated ? `! ${text}` : text];
    })
    .join(' && ');
}

export function extractConfigChecks(text: string): ExtractedChecks {
  const lexer = new Lexer(text);
  const walker = new Walker(lexer.tokens());
  walker.run();
  // A word replaced by a later plain assignment in its function is never checked.
  const pieces = walker.pieces.filter((p) => p.generation === walker.finalGeneration(p.scope));
  // After an unterminated quote the rest of the file is one word: the walker's complaints are consequences.
  const walked = walker.problems.filter((p) => lexer.problems.length === 0 || p.code !== 'ebuild-syntax');
  const problems = [...lexer.problems, ...walked];
  return { pieces, problems };
}
