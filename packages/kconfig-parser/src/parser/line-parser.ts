/**
 * The Kconfig grammar (scripts/kconfig/parser.y), one logical line at a time, as a Chevrotain parser whose
 * embedded actions build the AST pieces (expressions, attributes, entry headers) directly.
 *
 * Expressions follow the kernel's precedence: `||` below `&&` below the comparisons, which take two symbol
 * operands and bind tighter than `!` (so `!A = B` is `!(A = B)`, as bison resolves parser.y); both binary
 * operators are left-associative. One parser instance is reused for every line of every file.
 */
import {
  chevrotain,
  type IOrAlt,
  type IParserErrorMessageProvider,
  type IToken,
  type TokenType,
} from '../chevrotain.js';
import type {
  Attribute,
  CompareOp,
  Expr,
  HelpAttr,
  OptionAttr,
  SelectAttr,
  SymbolRef,
  SymbolTypeName,
  TypeAttr,
  Word,
} from '../ast/nodes.js';
import type { Diagnostic, SourceLocation } from '../diagnostics.js';
import { SourcePositions } from '../lexer/lexer.js';
import { type HelpTextPayload, type QuotedPayload, tokenTypes } from '../lexer/tokens.js';
import { blockEndedBy, type Line } from './lines.js';

/** How a token is named in a message. */
export function describeToken(token: IToken): string {
  const { HelpText, QuotedString } = tokenTypes();
  if (token.tokenType === chevrotain().EOF) return 'end of line';
  if (token.tokenType === HelpText) return 'help text';
  const image = token.image.length > 40 ? `${token.image.slice(0, 40)}...` : token.image;
  return token.tokenType === QuotedString ? image : `'${image}'`;
}

function label(type: TokenType): string {
  return type.LABEL ?? type.name;
}

function after(previous: IToken | undefined): string {
  return previous === undefined || previous.tokenType === chevrotain().EOF || Number.isNaN(previous.startOffset)
    ? ''
    : ` after ${describeToken(previous)}`;
}

/** What a rule that failed on its first token was looking for. */
const RULE_EXPECTS: Readonly<Record<string, string>> = {
  line: 'a statement or an attribute',
  expression: 'an expression',
  optionName: 'an option name',
};

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous }) {
    const { EOF } = chevrotain();
    if (expected === tokenTypes().RParen)
      return actual.tokenType === EOF ? "missing ')'" : `missing ')' before ${describeToken(actual)}`;
    if (expected === EOF) return `unexpected ${describeToken(actual)}${after(previous)}: expected end of line`;
    return `expected ${label(expected)}${after(previous)} but found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeToken(firstRedundant)}: expected end of line`;
  },
  buildNoViableAltMessage({ actual, previous, ruleName }) {
    const found = actual[0];
    const expects = RULE_EXPECTS[ruleName] ?? 'something else';
    return `expected ${expects}${after(previous)} but found ${found ? describeToken(found) : 'end of line'}`;
  },
  buildEarlyExitMessage({ actual, ruleName }) {
    const found = actual[0];
    const expects = RULE_EXPECTS[ruleName] ?? 'something else';
    return `expected ${expects} but found ${found ? describeToken(found) : 'end of line'}`;
  },
};

const TYPE_NAMES: Readonly<Record<string, SymbolTypeName>> = {
  bool: 'bool',
  boolean: 'bool',
  tristate: 'tristate',
  string: 'string',
  hex: 'hex',
  int: 'int',
};

/** Why a line did not parse: the message and the token it stopped at (Chevrotain's EOF at the line's end). */
export interface LineError {
  readonly message: string;
  readonly token: IToken;
}

export interface LineParse {
  readonly line?: Line;
  readonly error?: LineError;
  /** The stack ran out while reading nested parentheses. */
  readonly tooDeep?: true;
  /** Warnings about a line that parsed (obsolete spellings, help text quirks). */
  readonly warnings: readonly Diagnostic[];
}

/**
 * The parser class, made on first use with Chevrotain and the token types (see chevrotain.ts): the fast path
 * reads nearly every line without it.
 */
function defineLineParser() {
  const { EmbeddedActionsParser, EOF } = chevrotain();
  const {
    And,
    AssignOperator,
    AssignValue,
    BinaryOperator,
    Choice,
    Comment,
    CompareOperator,
    Default,
    DefTristate,
    DefTypeKeyword,
    Depends,
    EndKeyword,
    EntryKeyword,
    HelpKeyword,
    HelpText,
    If,
    LParen,
    Mainmenu,
    Menu,
    Modules,
    Not,
    On,
    Operand,
    Option,
    Optional,
    Prompt,
    QuotedString,
    Range,
    RParen,
    SelectKeyword,
    SourceKeyword,
    Transitional,
    TypeKeyword,
    tokenVocabulary,
    Visible,
    Word: WordToken,
  } = tokenTypes();
  return class KconfigLineParser extends EmbeddedActionsParser {
    private positions = new SourcePositions('');
    private warnings: Diagnostic[] = [];

    /** Token types a line may start with, from the grammar itself. */
    private readonly lineStarters: ReadonlySet<TokenType>;

    constructor() {
      // Grammar validations cost ~100 ms at every start; the test runs (VITEST set) keep them, so a grammar
      // error still fails the tests.
      super([...tokenVocabulary], {
        maxLookahead: 2,
        errorMessageProvider: messages,
        skipValidations: process.env.VITEST === undefined,
      });
      this.performSelfAnalysis();
      const starters = this.computeContentAssist('line', []).map((path) => path.nextTokenType);
      this.lineStarters = new Set(
        tokenVocabulary.filter((type) => starters.some((s) => s === type || (type.CATEGORIES ?? []).includes(s))),
      );
    }

    parse(tokens: IToken[], positions: SourcePositions): LineParse {
      const first = tokens[0];
      if (first !== undefined && !this.lineStarters.has(first.tokenType)) {
        // Chevrotain would find this too, but it works out the expected alternatives of the 18-way choice for
        // every such line: a file of junk lines would take minutes.
        return {
          error: { message: `expected ${RULE_EXPECTS.line} but found ${describeToken(first)}`, token: first },
          warnings: [],
        };
      }
      this.positions = positions;
      this.warnings = [];
      this.input = tokens;
      let line: Line;
      // Chevrotain reports a syntax error by throwing an Error; its stack trace is never looked at, and capturing
      // it is most of the cost of an error, which matters for a file made of broken lines.
      const stackTraceLimit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      try {
        line = this.line();
      } catch (error) {
        // The caller caps parenthesis nesting well below what the stack holds; this only guards a caller that
        // is itself already deep in the stack. Setting `input` again resets the parser's state.
        if (error instanceof RangeError) return { tooDeep: true, warnings: [] };
        throw error;
      } finally {
        Error.stackTraceLimit = stackTraceLimit;
      }
      const error = this.errors[0];
      return error === undefined ? { line, warnings: this.warnings } : { error, warnings: this.warnings };
    }

    private at(token: IToken): SourceLocation {
      return this.positions.of(token);
    }

    private word(token: IToken): Word {
      if (token.tokenType === QuotedString) {
        const { raw, quote } = token.payload as QuotedPayload;
        return { kind: 'word', raw, quote, location: this.at(token) };
      }
      return { kind: 'word', raw: token.image, location: this.at(token) };
    }

    private warn(token: IToken, code: Diagnostic['code'], message: string): void {
      this.warnings.push({ severity: 'warning', code, message, location: this.at(token) });
    }

    // -------------------------------------------------------------------------------------------------------------
    // Lines

    /**
     * Every statement and attribute starts with its own token (or token category), so one token decides.
     * The alternatives are built once: a fresh array of closures per line is measurable on a whole tree.
     */
    private readonly lineAlternatives: IOrAlt<Line>[] = [
      { ALT: () => this.SUBRULE(this.entryLine) },
      { ALT: () => this.SUBRULE(this.choiceLine) },
      { ALT: () => this.SUBRULE(this.promptedLine) },
      { ALT: () => this.SUBRULE(this.ifLine) },
      { ALT: () => this.SUBRULE(this.endLine) },
      { ALT: () => this.SUBRULE(this.sourceLine) },
      { ALT: () => this.SUBRULE(this.wordLine) },
      { ALT: () => this.SUBRULE(this.typeAttribute) },
      { ALT: () => this.SUBRULE(this.defTypeAttribute) },
      { ALT: () => this.SUBRULE(this.promptAttribute) },
      { ALT: () => this.SUBRULE(this.defaultAttribute) },
      { ALT: () => this.SUBRULE(this.dependsAttribute) },
      { ALT: () => this.SUBRULE(this.selectAttribute) },
      { ALT: () => this.SUBRULE(this.visibleAttribute) },
      { ALT: () => this.SUBRULE(this.rangeAttribute) },
      { ALT: () => this.SUBRULE(this.helpAttribute) },
      { ALT: () => this.SUBRULE(this.flagAttribute) },
      { ALT: () => this.SUBRULE(this.optionAttribute) },
    ];

    readonly line = this.RULE('line', (): Line => {
      const line = this.OR(this.lineAlternatives);
      this.CONSUME(EOF);
      return line;
    });

    /** `config NAME`, `menuconfig NAME`: conf's nonconst_symbol, so a bare word. */
    private readonly entryLine = this.RULE('entryLine', (): Line => {
      const keyword = this.CONSUME(EntryKeyword);
      const name = this.CONSUME(WordToken);
      const spelled = keyword.image === 'menuconfig' ? 'menuconfig' : 'config';
      return { kind: 'config', keyword: spelled, name: this.word(name), location: this.at(keyword) };
    });

    /** `choice`, or `choice NAME` (named choices existed until 6.11). */
    private readonly choiceLine = this.RULE('choiceLine', (): Line => {
      const keyword = this.CONSUME(Choice);
      const name = this.OPTION(() => this.CONSUME(WordToken));
      return { kind: 'choice', name: name === undefined ? undefined : this.word(name), location: this.at(keyword) };
    });

    /** `menu "Prompt"`, `comment "Prompt"`, `mainmenu "Prompt"`. */
    private readonly promptedLine = this.RULE('promptedLine', (): Line => {
      const keyword = this.OR([
        { ALT: () => this.CONSUME(Menu) },
        { ALT: () => this.CONSUME(Comment) },
        { ALT: () => this.CONSUME(Mainmenu) },
      ]);
      const prompt = this.word(this.CONSUME(QuotedString));
      const location = this.at(keyword);
      if (keyword.tokenType === Mainmenu) return { kind: 'leaf', entry: { kind: 'mainmenu', prompt, location } };
      return { kind: keyword.tokenType === Menu ? 'menu' : 'comment', prompt, location };
    });

    private readonly ifLine = this.RULE('ifLine', (): Line => {
      const keyword = this.CONSUME(If);
      const condition = this.SUBRULE(this.expression);
      return { kind: 'if', condition, location: this.at(keyword) };
    });

    private readonly endLine = this.RULE('endLine', (): Line => {
      const keyword = this.CONSUME(EndKeyword);
      return { kind: 'end', block: blockEndedBy(keyword.image), location: this.at(keyword) };
    });

    /** `source "path"` (and Kconfiglib's `osource`, `rsource`, `orsource` when that lexer produced them). */
    private readonly sourceLine = this.RULE('sourceLine', (): Line => {
      const keyword = this.CONSUME(SourceKeyword);
      const path = this.word(this.CONSUME(QuotedString));
      const spelled = keyword.image as 'source' | 'osource' | 'rsource' | 'orsource';
      return { kind: 'leaf', entry: { kind: 'source', keyword: spelled, path, location: this.at(keyword) } };
    });

    /**
     * A line starting with a bare word: a macro variable assignment (`NAME := value`, the value being the raw
     * rest of the line, see the AssignValue token), or words only (a macro call line or an unknown statement).
     */
    private readonly wordLine = this.RULE('wordLine', (): Line => {
      const first = this.CONSUME(WordToken);
      return this.OR([
        {
          ALT: (): Line => {
            const operator = this.CONSUME(AssignOperator);
            const value = this.OPTION(() => this.CONSUME(AssignValue));
            const op = operator.image as '=' | ':=' | '+=';
            const entry = {
              kind: 'assignment',
              name: this.word(first),
              op,
              value: value?.image ?? '',
              location: this.at(first),
            } as const;
            return { kind: 'leaf', entry };
          },
        },
        {
          ALT: (): Line => {
            const words = [this.word(first)];
            this.MANY(() => {
              words.push(this.word(this.CONSUME2(WordToken)));
            });
            return { kind: 'words', words };
          },
        },
      ]);
    });

    // -------------------------------------------------------------------------------------------------------------
    // Attributes

    private attribute(attribute: Attribute, keyword: IToken): Line {
      return { kind: 'attribute', attribute, keyword: keyword.image };
    }

    /** `if EXPR` after an attribute. */
    private readonly condition = this.RULE('condition', (): Expr => {
      this.CONSUME(If);
      return this.SUBRULE(this.expression);
    });

    /** `bool`, `tristate "Prompt" if EXPR`, ...: parser.y's `type prompt_stmt_opt`. */
    private readonly typeAttribute = this.RULE('typeAttribute', (): Line => {
      const keyword = this.CONSUME(TypeKeyword);
      const prompt = this.OPTION(() => {
        const text = this.word(this.CONSUME(QuotedString));
        return { prompt: text, ...optional(this.OPTION2(() => this.SUBRULE(this.condition))) };
      });
      if (keyword.image === 'boolean') this.warn(keyword, 'obsolete-syntax', "'boolean' is the old spelling of 'bool'");
      const attribute: TypeAttr = {
        kind: 'type',
        type: TYPE_NAMES[keyword.image] ?? 'bool',
        ...prompt,
        location: this.at(keyword),
      };
      return this.attribute(attribute, keyword);
    });

    private readonly defTypeAttribute = this.RULE('defTypeAttribute', (): Line => {
      const keyword = this.CONSUME(DefTypeKeyword);
      const value = this.SUBRULE(this.expression);
      const condition = this.OPTION(() => this.SUBRULE(this.condition));
      const type = keyword.tokenType === DefTristate ? 'tristate' : 'bool';
      return this.attribute(
        { kind: 'def-type', type, value, ...optional(condition), location: this.at(keyword) },
        keyword,
      );
    });

    private readonly promptAttribute = this.RULE('promptAttribute', (): Line => {
      const keyword = this.CONSUME(Prompt);
      const text = this.word(this.CONSUME(QuotedString));
      const condition = this.OPTION(() => this.SUBRULE(this.condition));
      return this.attribute({ kind: 'prompt', text, ...optional(condition), location: this.at(keyword) }, keyword);
    });

    private readonly defaultAttribute = this.RULE('defaultAttribute', (): Line => {
      const keyword = this.CONSUME(Default);
      const value = this.SUBRULE(this.expression);
      const condition = this.OPTION(() => this.SUBRULE(this.condition));
      return this.attribute({ kind: 'default', value, ...optional(condition), location: this.at(keyword) }, keyword);
    });

    /** `depends on EXPR`, and 7.0's `depends on EXPR if COND`. */
    private readonly dependsAttribute = this.RULE('dependsAttribute', (): Line => {
      const keyword = this.CONSUME(Depends);
      this.CONSUME(On);
      const expr = this.SUBRULE(this.expression);
      const condition = this.OPTION(() => this.SUBRULE(this.condition));
      return this.attribute({ kind: 'depends', expr, ...optional(condition), location: this.at(keyword) }, keyword);
    });

    /** `select NAME [if EXPR]`, `imply NAME [if EXPR]`: the target is a bare word (nonconst_symbol). */
    private readonly selectAttribute = this.RULE('selectAttribute', (): Line => {
      const keyword = this.CONSUME(SelectKeyword);
      const target = this.word(this.CONSUME(WordToken));
      const condition = this.OPTION(() => this.SUBRULE(this.condition));
      const kind: SelectAttr['kind'] = keyword.image === 'imply' ? 'imply' : 'select';
      return this.attribute({ kind, target, ...optional(condition), location: this.at(keyword) }, keyword);
    });

    /** `visible if EXPR`; a bare `visible` is legal in conf and means nothing (the builder says so). */
    private readonly visibleAttribute = this.RULE('visibleAttribute', (): Line => {
      const keyword = this.CONSUME(Visible);
      const condition = this.OPTION(() => this.SUBRULE(this.condition));
      if (condition === undefined) {
        this.warn(keyword, 'invalid-attribute', "'visible' without 'if' has no effect");
        return { kind: 'nothing' };
      }
      return this.attribute({ kind: 'visible', condition, location: this.at(keyword) }, keyword);
    });

    private readonly rangeAttribute = this.RULE('rangeAttribute', (): Line => {
      const keyword = this.CONSUME(Range);
      const low = this.SUBRULE(this.symbol);
      const high = this.SUBRULE2(this.symbol);
      const condition = this.OPTION(() => this.SUBRULE(this.condition));
      return this.attribute({ kind: 'range', low, high, ...optional(condition), location: this.at(keyword) }, keyword);
    });

    /** `help` / `---help---`, then the help text the lexer read after the end of the line (if any). */
    private readonly helpAttribute = this.RULE('helpAttribute', (): Line => {
      const keyword = this.CONSUME(HelpKeyword);
      const body = this.OPTION(() => this.CONSUME(HelpText));
      const scan = body?.payload as HelpTextPayload | undefined;
      if (scan?.unindentedFirstLine === true && body !== undefined) {
        // The help text token starts at the newline ending the `help` line.
        const newline = this.at(body);
        this.warnings.push({
          severity: 'warning',
          code: 'invalid-help',
          message:
            'help text should be indented: conf reads this line, and the lines after it up to one starting in column 1, as help text',
          location: { ...newline, line: newline.line + 1, column: 1, offset: newline.offset + 1 },
        });
      }
      const attribute: HelpAttr = { kind: 'help', text: scan?.text ?? '', location: this.at(keyword) };
      return this.attribute(attribute, keyword);
    });

    /** `modules`, `transitional`, `optional`: attributes without arguments. */
    private readonly flagAttribute = this.RULE('flagAttribute', (): Line => {
      const keyword = this.OR([
        { ALT: () => this.CONSUME(Modules) },
        { ALT: () => this.CONSUME(Transitional) },
        { ALT: () => this.CONSUME(Optional) },
      ]);
      const location = this.at(keyword);
      if (keyword.tokenType === Modules) return this.attribute({ kind: 'modules', location }, keyword);
      if (keyword.tokenType === Transitional) return this.attribute({ kind: 'transitional', location }, keyword);
      return this.attribute({ kind: 'optional', location }, keyword);
    });

    /** The old `option NAME[=VALUE]` (`env="X"`, `defconfig_list`, `modules`, `allnoconfig_y`). */
    private readonly optionAttribute = this.RULE('optionAttribute', (): Line => {
      const keyword = this.CONSUME(Option);
      const name = this.SUBRULE(this.optionName);
      const value = this.OPTION(() => {
        this.CONSUME(AssignOperator);
        return this.word(this.CONSUME(Operand));
      });
      const attribute: OptionAttr = {
        kind: 'option',
        name: name.image,
        ...(value === undefined ? {} : { value }),
        location: this.at(keyword),
      };
      return this.attribute(attribute, keyword);
    });

    /** `modules` is a keyword since 5.13 but was an option name before. */
    private readonly optionName = this.RULE('optionName', (): IToken => {
      return this.OR([{ ALT: () => this.CONSUME(WordToken) }, { ALT: () => this.CONSUME(Modules) }]);
    });

    // -------------------------------------------------------------------------------------------------------------
    // Expressions

    /**
     * EXPR: operands joined by `&&` and `||`. This is the only recursive rule (an operand in parentheses is an
     * EXPR again), so each level of parentheses costs one rule invocation on the stack; the precedence of the
     * two operators is applied when the tree is built (`joinOperands`).
     */
    readonly expression = this.RULE('expression', (): Expr => {
      const operands = [this.operand(1)];
      const operators: IToken[] = [];
      this.MANY(() => {
        operators.push(this.CONSUME(BinaryOperator));
        operands.push(this.operand(2));
      });
      return joinOperands(operands, operators);
    });

    /**
     * `!`* then `( EXPR )` or a symbol, possibly compared with another one. A run of `!` is read in a loop, not
     * by recursion. Written with numbered DSL methods because the expression rule uses it twice.
     */
    private operand(occurrence: 1 | 2): LocatedExpr {
      const nots: IToken[] = [];
      this.many(occurrence, () => {
        nots.push(this.consume(occurrence, Not));
      });
      const first = nots[0] ?? this.LA(1);
      let expr = this.or(occurrence, [
        {
          ALT: (): Expr => {
            this.consume(occurrence, LParen);
            const inner = this.subrule(occurrence, this.expression);
            this.consume(occurrence, RParen);
            return inner;
          },
        },
        {
          ALT: (): Expr => {
            const left = this.subrule(2 * occurrence, this.symbol);
            const comparison = this.option(occurrence, () => {
              const op = this.consume(occurrence, CompareOperator).image as CompareOp;
              return { op, right: this.subrule(2 * occurrence + 1, this.symbol) };
            });
            if (comparison === undefined) return left;
            return { kind: 'compare', op: comparison.op, left, right: comparison.right, location: left.location };
          },
        },
      ]);
      for (let i = nots.length - 1; i >= 0; i--) {
        const not = nots[i] as IToken;
        expr = { kind: 'not', operand: expr, location: this.at(not) };
      }
      return { expr, location: this.at(first) };
    }

    private readonly symbol = this.RULE('symbol', (): SymbolRef => {
      const token = this.CONSUME(Operand);
      const word = this.word(token);
      return { kind: 'symbol', word, location: word.location };
    });
  };
}

type KconfigLineParser = InstanceType<ReturnType<typeof defineLineParser>>;

function optional(condition: Expr | undefined): { condition?: Expr } {
  return condition === undefined ? {} : { condition };
}

/** An operand of `&&`/`||` and where its first token is (a binary node is located at its left operand's). */
interface LocatedExpr {
  readonly expr: Expr;
  readonly location: SourceLocation;
}

/**
 * Builds `a OP b OP c ...` as parser.y's `%left T_OR` / `%left T_AND` would: `&&` binds tighter than `||`,
 * and both group to the left, so `A || B && C || D` is `(A || (B && C)) || D`.
 */
function joinOperands(operands: readonly LocatedExpr[], operators: readonly IToken[]): Expr {
  const first = operands[0] as LocatedExpr;
  let disjunction: Expr | undefined;
  let conjunction = first.expr;
  let conjunctionStart = first.location;
  const { And } = tokenTypes();
  operators.forEach((operator, i) => {
    const right = operands[i + 1] as LocatedExpr;
    if (operator.tokenType === And) {
      conjunction = { kind: 'and', left: conjunction, right: right.expr, location: conjunctionStart };
      return;
    }
    disjunction = disjunction
      ? { kind: 'or', left: disjunction, right: conjunction, location: first.location }
      : conjunction;
    conjunction = right.expr;
    conjunctionStart = right.location;
  });
  return disjunction ? { kind: 'or', left: disjunction, right: conjunction, location: first.location } : conjunction;
}

let instance: KconfigLineParser | undefined;

/** Parses one logical line (its tokens, without the newline). The parser is built once, on first use. */
export function parseLine(tokens: IToken[], positions: SourcePositions): LineParse {
  instance ??= new (defineLineParser())();
  return instance.parse(tokens, positions);
}
