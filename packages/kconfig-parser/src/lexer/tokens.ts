/**
 * The Kconfig token vocabulary, as conf's flex lexer has it (scripts/kconfig/lexer.l), for Chevrotain.
 *
 * Three parts of conf's lexer depend on context and are custom matchers here:
 *  - after `WORD =`, `WORD :=` or `WORD +=` at the start of a line the rest of the line is one raw value
 *    (lexer.l's ASSIGN_VAL state, entered from the second-stage `yylex`);
 *  - after a line that starts with `help`, the following indented lines are one help text (state HELP);
 *  - words and quoted strings swallow whole `$(...)` groups, which may hold blanks, quotes and commas.
 * Keywords are keywords everywhere, as in lexer.l; a longer run of word characters is a word (`longer_alt`).
 */
import {
  type ChevrotainModule,
  chevrotain,
  type CustomPatternMatcherReturn,
  type IToken,
  type TokenType,
} from '../chevrotain.js';
import { isWordChar, scanString, scanWord } from '../macro/scan.js';
import { type HelpTextScan, scanHelpText } from './help-text.js';

const TAB = 0x09;
const LF = 0x0a;
const SPACE = 0x20;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const DOLLAR = 0x24;
const BACKSLASH = 0x5c;
const AMPERSAND = 0x26;
const BAR = 0x7c;
const COLON = 0x3a;
const PLUS = 0x2b;
const EQUAL = 0x3d;

/** What a quoted-string token carries besides its image. */
export interface QuotedPayload {
  /** The text between the quotes, escapes and `$(...)` untouched. */
  readonly raw: string;
  readonly quote: '"' | "'";
  /** False when the line (or the input) ended first: conf warns "multi-line strings not supported". */
  readonly terminated: boolean;
}

export type HelpTextPayload = HelpTextScan;

function matched<T>(image: string, payload?: T): CustomPatternMatcherReturn {
  const result: CustomPatternMatcherReturn = [image];
  if (payload !== undefined) result.payload = payload;
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Custom matchers (those that look at the tokens before them are in defineTokens)

function matchWord(text: string, offset: number): CustomPatternMatcherReturn | null {
  let end = offset;
  while (end < text.length && isWordChar(text.charCodeAt(end))) end++;
  // Words with a `$` are rare: the shared scanner decides where a `$(...)` group ends.
  if (text.charCodeAt(end) === DOLLAR) end = scanWord(text, offset);
  return end > offset ? matched(text.slice(offset, end)) : null;
}

function matchQuoted(text: string, offset: number): CustomPatternMatcherReturn | null {
  // The lexer also probes every pattern at every offset while skipping unsupported characters.
  const quoteCode = text.charCodeAt(offset);
  if (quoteCode !== DOUBLE_QUOTE && quoteCode !== SINGLE_QUOTE) return null;
  const quote = quoteCode === DOUBLE_QUOTE ? '"' : "'";
  // Fast path: no escape, no `$`, closed on the same line; anything else goes to the shared scanner.
  let close = offset + 1;
  for (; close < text.length; close++) {
    const code = text.charCodeAt(close);
    if (code === quoteCode || code === LF || code === BACKSLASH || code === DOLLAR) break;
  }
  let terminated = text.charCodeAt(close) === quoteCode;
  if (!terminated) {
    const scan = scanString(text, offset + 1, quote);
    close = scan.end;
    terminated = scan.closed;
  }
  const raw = text.slice(offset + 1, close);
  const end = terminated ? close + 1 : close;
  return matched<QuotedPayload>(text.slice(offset, end), { raw, quote, terminated });
}

/**
 * A run of characters that start no token: conf warns "ignoring unsupported character" and skips them.
 * `&`, `|`, `:`, `+` and `\` start a token only as `&&`, `||`, `:=`, `+=` and a line continuation.
 */
function matchUnsupported(text: string, offset: number): CustomPatternMatcherReturn | null {
  let end = offset;
  while (end < text.length && !startsToken(text, end)) end++;
  return end > offset ? matched(text.slice(offset, end)) : null;
}

function startsToken(text: string, offset: number): boolean {
  const code = text.charCodeAt(offset);
  if (TOKEN_START.has(code)) return true;
  const next = text.charCodeAt(offset + 1);
  switch (code) {
    case AMPERSAND:
      return next === AMPERSAND;
    case BAR:
      return next === BAR;
    case COLON:
    case PLUS:
      return next === EQUAL;
    case BACKSLASH:
      return next === LF;
    default:
      return false;
  }
}

/** Every UTF-16 code unit except `excluded`: the start characters of the catch-all matchers. */
function everyCodeUnitBut(excluded: ReadonlySet<number>): number[] {
  const codes: number[] = [];
  for (let code = 0; code <= 0xffff; code++) if (!excluded.has(code)) codes.push(code);
  return codes;
}

const WORD_START_CHARS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-$'];
/** Characters that always start some token (a word, a string, a comment, blanks, an operator). */
const TOKEN_START: ReadonlySet<number> = new Set(
  [...WORD_START_CHARS, ...'"\'# \t\n!=<>()'].map((c) => c.charCodeAt(0)),
);

/** Unsupported characters go to a group of their own: the lexer turns them into warnings. */
export const UNSUPPORTED_GROUP = 'unsupported';

export type TokenTypes = ReturnType<typeof defineTokens>;

let defined: TokenTypes | undefined;

/**
 * The token types, made on first use (see chevrotain.ts): only a line the fast path does not take needs them.
 */
export function tokenTypes(): TokenTypes {
  defined ??= defineTokens(chevrotain());
  return defined;
}

function defineTokens({ createToken, Lexer }: ChevrotainModule) {
  // -------------------------------------------------------------------------------------------------------------
  // Categories: token groups the grammar consumes as one.

  const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA });
  const TypeKeyword = createToken({ name: 'TypeKeyword', pattern: Lexer.NA, label: 'a type' });
  const HelpKeyword = createToken({ name: 'HelpKeyword', pattern: Lexer.NA, label: "'help'" });
  const EndKeyword = createToken({ name: 'EndKeyword', pattern: Lexer.NA, label: 'an end keyword' });
  const SourceKeyword = createToken({ name: 'SourceKeyword', pattern: Lexer.NA, label: "'source'" });
  const SelectKeyword = createToken({ name: 'SelectKeyword', pattern: Lexer.NA, label: "'select' or 'imply'" });
  const DefTypeKeyword = createToken({
    name: 'DefTypeKeyword',
    pattern: Lexer.NA,
    label: "'def_bool' or 'def_tristate'",
  });
  const EntryKeyword = createToken({ name: 'EntryKeyword', pattern: Lexer.NA, label: "'config' or 'menuconfig'" });
  /** A symbol operand: a bare word or a quoted string. */
  const Operand = createToken({ name: 'Operand', pattern: Lexer.NA, label: 'a symbol or a quoted string' });
  const CompareOperator = createToken({ name: 'CompareOperator', pattern: Lexer.NA, label: 'a comparison' });
  const AssignOperator = createToken({ name: 'AssignOperator', pattern: Lexer.NA, label: "'=', ':=' or '+='" });
  const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: Lexer.NA, label: "'&&' or '||'" });

  // -------------------------------------------------------------------------------------------------------------
  // Context-dependent and skipped tokens

  const AssignValue = createToken({
    name: 'AssignValue',
    pattern: { exec: matchAssignValue },
    line_breaks: false,
    // The lexer's first-character optimisation needs the start characters of the two catch-all matchers:
    // nearly every UTF-16 code unit.
    start_chars_hint: everyCodeUnitBut(new Set([TAB, LF, SPACE])),
    label: 'a value',
  });
  const HelpText = createToken({
    name: 'HelpText',
    pattern: { exec: matchHelpText },
    line_breaks: true,
    start_chars_hint: ['\n'],
    label: 'help text',
  });
  const Blank = createToken({ name: 'Blank', pattern: /[ \t]+/, group: Lexer.SKIPPED });
  /** `\` before a newline joins the two lines (outside strings and help text). */
  const LineContinuation = createToken({
    name: 'LineContinuation',
    pattern: /\\\n/,
    group: Lexer.SKIPPED,
    line_breaks: true,
  });
  const LineComment = createToken({ name: 'LineComment', pattern: /#[^\n]*/, group: Lexer.SKIPPED });
  const Newline = createToken({ name: 'Newline', pattern: '\n', line_breaks: true, label: 'end of line' });

  // -------------------------------------------------------------------------------------------------------------
  // Words, strings, keywords

  const Word = createToken({
    name: 'Word',
    pattern: { exec: matchWord },
    line_breaks: false,
    start_chars_hint: WORD_START_CHARS,
    categories: [Operand],
    label: 'a symbol name',
  });
  const QuotedString = createToken({
    name: 'QuotedString',
    pattern: { exec: matchQuoted },
    line_breaks: false,
    start_chars_hint: ['"', "'"],
    categories: [Operand],
    label: 'a quoted string',
  });

  function keyword(image: string, name: string, categories: TokenType[] = []): TokenType {
    return createToken({
      name,
      pattern: image,
      longer_alt: Word,
      categories: [Keyword, ...categories],
      label: `'${image}'`,
    });
  }

  const Bool = keyword('bool', 'Bool', [TypeKeyword]);
  /** Pre-4.x spelling of `bool`, read as bool with an 'obsolete-syntax' warning. */
  const BooleanType = keyword('boolean', 'BooleanType', [TypeKeyword]);
  const Tristate = keyword('tristate', 'Tristate', [TypeKeyword]);
  const StringType = keyword('string', 'StringType', [TypeKeyword]);
  const Hex = keyword('hex', 'Hex', [TypeKeyword]);
  const Int = keyword('int', 'Int', [TypeKeyword]);
  const DefBool = keyword('def_bool', 'DefBool', [DefTypeKeyword]);
  const DefTristate = keyword('def_tristate', 'DefTristate', [DefTypeKeyword]);
  const Config = keyword('config', 'Config', [EntryKeyword]);
  const Menuconfig = keyword('menuconfig', 'Menuconfig', [EntryKeyword]);
  const Choice = keyword('choice', 'Choice');
  const Endchoice = keyword('endchoice', 'Endchoice', [EndKeyword]);
  const Comment = keyword('comment', 'Comment');
  const Menu = keyword('menu', 'Menu');
  const Endmenu = keyword('endmenu', 'Endmenu', [EndKeyword]);
  const If = keyword('if', 'If');
  const Endif = keyword('endif', 'Endif', [EndKeyword]);
  const Source = keyword('source', 'Source', [SourceKeyword]);
  const Osource = keyword('osource', 'Osource', [SourceKeyword]);
  const Rsource = keyword('rsource', 'Rsource', [SourceKeyword]);
  const Orsource = keyword('orsource', 'Orsource', [SourceKeyword]);
  const Mainmenu = keyword('mainmenu', 'Mainmenu');
  const Prompt = keyword('prompt', 'Prompt');
  const Default = keyword('default', 'Default');
  const Depends = keyword('depends', 'Depends');
  const On = keyword('on', 'On');
  const Select = keyword('select', 'Select', [SelectKeyword]);
  const Imply = keyword('imply', 'Imply', [SelectKeyword]);
  const Visible = keyword('visible', 'Visible');
  const Range = keyword('range', 'Range');
  const Help = keyword('help', 'Help', [HelpKeyword]);
  /** `---help---`, the spelling used until 5.x. */
  const OldHelp = keyword('---help---', 'OldHelp', [HelpKeyword]);
  const Modules = keyword('modules', 'Modules');
  const Transitional = keyword('transitional', 'Transitional');
  const Optional = keyword('optional', 'Optional');
  const Option = keyword('option', 'Option');

  // -------------------------------------------------------------------------------------------------------------
  // Operators

  const Or = createToken({ name: 'Or', pattern: '||', categories: [BinaryOperator], label: "'||'" });
  const And = createToken({ name: 'And', pattern: '&&', categories: [BinaryOperator], label: "'&&'" });
  const NotEqual = createToken({ name: 'NotEqual', pattern: '!=', categories: [CompareOperator], label: "'!='" });
  const Not = createToken({ name: 'Not', pattern: '!', label: "'!'" });
  const LessEqual = createToken({
    name: 'LessEqual',
    pattern: '<=',
    categories: [CompareOperator],
    label: "'<='",
  });
  const Less = createToken({ name: 'Less', pattern: '<', categories: [CompareOperator], label: "'<'" });
  const GreaterEqual = createToken({
    name: 'GreaterEqual',
    pattern: '>=',
    categories: [CompareOperator],
    label: "'>='",
  });
  const Greater = createToken({ name: 'Greater', pattern: '>', categories: [CompareOperator], label: "'>'" });
  const Equal = createToken({
    name: 'Equal',
    pattern: '=',
    categories: [CompareOperator, AssignOperator],
    label: "'='",
  });
  const ColonEqual = createToken({
    name: 'ColonEqual',
    pattern: ':=',
    categories: [AssignOperator],
    label: "':='",
  });
  const PlusEqual = createToken({ name: 'PlusEqual', pattern: '+=', categories: [AssignOperator], label: "'+='" });
  const LParen = createToken({ name: 'LParen', pattern: '(', label: "'('" });
  const RParen = createToken({ name: 'RParen', pattern: ')', label: "')'" });

  const Unsupported = createToken({
    name: 'Unsupported',
    pattern: { exec: matchUnsupported },
    line_breaks: false,
    start_chars_hint: everyCodeUnitBut(TOKEN_START),
    group: UNSUPPORTED_GROUP,
  });

  /**
   * The lexer tries these in order and takes the first match (then a longer `longer_alt` word, if any), so:
   *  - the context matchers come first: an assignment value swallows `#` and `\`, help text starts at the
   *    newline that would otherwise be a Newline token;
   *  - blanks, continuations and comments before anything that could start inside them;
   *  - a keyword before any keyword it is a prefix of (`menuconfig` before `menu`, `optional` before `option`,
   *    `boolean` before `bool`): the shorter one would match first and the longer_alt word would then win,
   *    turning `menuconfig` into a plain word;
   *  - two-character operators before their one-character prefixes (`!=` before `!`, `<=` before `<`);
   *  - words after keywords, so that keywords are tried first;
   *  - the catch-all for unsupported characters last.
   * `osource`, `rsource` and `orsource` are only in the Kconfiglib dialect's list.
   */
  function orderedTokens(kconfiglib: boolean): TokenType[] {
    return [
      AssignValue,
      HelpText,
      Blank,
      LineContinuation,
      LineComment,
      Newline,
      Menuconfig,
      Menu,
      Mainmenu,
      Modules,
      Config,
      Choice,
      Comment,
      BooleanType,
      Bool,
      Tristate,
      StringType,
      Hex,
      Int,
      DefBool,
      DefTristate,
      Default,
      Depends,
      Endchoice,
      Endmenu,
      Endif,
      If,
      Imply,
      Source,
      ...(kconfiglib ? [Osource, Rsource, Orsource] : []),
      Prompt,
      Select,
      Visible,
      Range,
      Help,
      OldHelp,
      Transitional,
      Optional,
      Option,
      On,
      Or,
      And,
      NotEqual,
      Not,
      LessEqual,
      Less,
      GreaterEqual,
      Greater,
      ColonEqual,
      PlusEqual,
      Equal,
      LParen,
      RParen,
      QuotedString,
      Word,
      Unsupported,
    ];
  }

  const linuxTokens: readonly TokenType[] = orderedTokens(false);
  const kconfiglibTokens: readonly TokenType[] = orderedTokens(true);

  /** Everything the parser may consume: the Kconfiglib list (a superset) plus the categories. */
  const tokenVocabulary: readonly TokenType[] = [
    ...kconfiglibTokens,
    Keyword,
    TypeKeyword,
    HelpKeyword,
    EndKeyword,
    SourceKeyword,
    SelectKeyword,
    DefTypeKeyword,
    EntryKeyword,
    Operand,
    CompareOperator,
    AssignOperator,
    BinaryOperator,
  ];

  // -------------------------------------------------------------------------------------------------------------
  // The custom matchers that look at the tokens before them

  /** A newline or a help text ends a logical line; so does the start of the input. */
  function endsLine(token: IToken | undefined): boolean {
    return token === undefined || token.tokenType === Newline || token.tokenType === HelpText;
  }

  /** lexer.l: `prev_prev_token == T_EOL && prev_token == T_WORD && token is =, := or +=` starts ASSIGN_VAL. */
  function matchAssignValue(text: string, offset: number, tokens: IToken[]): CustomPatternMatcherReturn | null {
    const n = tokens.length;
    const operator = tokens[n - 1];
    if (operator === undefined || !isAssignOperator(operator.tokenType)) return null;
    if (tokens[n - 2]?.tokenType !== Word || !endsLine(tokens[n - 3])) return null;
    // ASSIGN_VAL skips blanks one at a time and takes the rest of the line from the first other character.
    const code = text.charCodeAt(offset);
    if (code === SPACE || code === TAB || code === LF) return null;
    let end = text.indexOf('\n', offset);
    if (end < 0) end = text.length;
    return matched(text.slice(offset, end));
  }

  function isAssignOperator(type: TokenType): boolean {
    return type === Equal || type === ColonEqual || type === PlusEqual;
  }

  /**
   * conf enters its HELP state once the parser has read `help` and the end of that line. The help keyword must
   * open its line; trailing junk after it is a syntax error, but the text below is still read as help so that
   * one typo does not turn every help line into an "unknown statement".
   */
  function matchHelpText(text: string, offset: number, tokens: IToken[]): CustomPatternMatcherReturn | null {
    if (text.charCodeAt(offset) !== LF) return null;
    let first = tokens.length - 1;
    while (first >= 0 && !endsLine(tokens[first])) first--;
    const opener = tokens[first + 1];
    if (opener === undefined || (opener.tokenType !== Help && opener.tokenType !== OldHelp)) return null;
    const scan = scanHelpText(text, offset + 1);
    return matched<HelpTextPayload>(text.slice(offset, scan.end), scan);
  }

  return {
    Keyword,
    TypeKeyword,
    HelpKeyword,
    EndKeyword,
    SourceKeyword,
    SelectKeyword,
    DefTypeKeyword,
    EntryKeyword,
    Operand,
    CompareOperator,
    AssignOperator,
    BinaryOperator,
    AssignValue,
    HelpText,
    Blank,
    LineContinuation,
    LineComment,
    Newline,
    Word,
    QuotedString,
    Bool,
    BooleanType,
    Tristate,
    StringType,
    Hex,
    Int,
    DefBool,
    DefTristate,
    Config,
    Menuconfig,
    Choice,
    Endchoice,
    Comment,
    Menu,
    Endmenu,
    If,
    Endif,
    Source,
    Osource,
    Rsource,
    Orsource,
    Mainmenu,
    Prompt,
    Default,
    Depends,
    On,
    Select,
    Imply,
    Visible,
    Range,
    Help,
    OldHelp,
    Modules,
    Transitional,
    Optional,
    Option,
    Or,
    And,
    NotEqual,
    Not,
    LessEqual,
    Less,
    GreaterEqual,
    Greater,
    Equal,
    ColonEqual,
    PlusEqual,
    LParen,
    RParen,
    Unsupported,
    linuxTokens,
    kconfiglibTokens,
    tokenVocabulary,
  };
}
