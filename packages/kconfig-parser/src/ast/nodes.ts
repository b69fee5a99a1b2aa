/**
 * The raw AST: what one Kconfig file says, before macro expansion and `source` resolution.
 *
 * Words and strings keep their source text (`raw`), `$(...)` references included, because the kernel expands
 * them in file order, interleaved with variable assignments and sourced files: that is the job of the
 * resolution stage (`source/`), not of the parser. Every node carries the location of its first token.
 * All data is readonly; the parser builds it once and nobody mutates it.
 */
import type { SourceLocation } from '../diagnostics.js';

export interface AstNode {
  readonly kind: string;
  readonly location: SourceLocation;
}

/**
 * A word (`FOO`, `0x10`, `$(cc-option,-mfoo)`) or a quoted string (`"Prompt $(ARCH)"`).
 * For a quoted string `raw` is the text between the quotes with its backslash escapes and macro
 * references still in place; the expander handles both in one pass, as conf's lexer does.
 */
export interface Word extends AstNode {
  readonly kind: 'word';
  readonly raw: string;
  /** The quote character of a quoted string; undefined for a bare word. */
  readonly quote?: '"' | "'";
}

// ---------------------------------------------------------------------------------------------------------------
// Expressions, with the kernel's precedence: `||` < `&&` < comparisons < `!`; comparisons take two symbols.

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** A symbol operand: a bare word names a (possibly undefined) symbol, a quoted one is a constant. */
export interface SymbolRef extends AstNode {
  readonly kind: 'symbol';
  readonly word: Word;
}
export interface NotExpr extends AstNode {
  readonly kind: 'not';
  readonly operand: Expr;
}
export interface AndExpr extends AstNode {
  readonly kind: 'and';
  readonly left: Expr;
  readonly right: Expr;
}
export interface OrExpr extends AstNode {
  readonly kind: 'or';
  readonly left: Expr;
  readonly right: Expr;
}
export interface CompareExpr extends AstNode {
  readonly kind: 'compare';
  readonly op: CompareOp;
  readonly left: SymbolRef;
  readonly right: SymbolRef;
}
export type Expr = SymbolRef | NotExpr | AndExpr | OrExpr | CompareExpr;

// ---------------------------------------------------------------------------------------------------------------
// Attributes (the indented lines under config, menuconfig, choice, menu and comment)

export type SymbolTypeName = 'bool' | 'tristate' | 'string' | 'hex' | 'int';

/** `bool`, `tristate "Prompt" if X`, ... (`boolean` in old trees is reported and read as bool). */
export interface TypeAttr extends AstNode {
  readonly kind: 'type';
  readonly type: SymbolTypeName;
  readonly prompt?: Word;
  readonly condition?: Expr;
}
/** `def_bool EXPR [if EXPR]`, `def_tristate EXPR [if EXPR]`: a type plus a default. */
export interface DefTypeAttr extends AstNode {
  readonly kind: 'def-type';
  readonly type: 'bool' | 'tristate';
  readonly value: Expr;
  readonly condition?: Expr;
}
export interface PromptAttr extends AstNode {
  readonly kind: 'prompt';
  readonly text: Word;
  readonly condition?: Expr;
}
export interface DefaultAttr extends AstNode {
  readonly kind: 'default';
  readonly value: Expr;
  readonly condition?: Expr;
}
/** `depends on EXPR`, and since 7.0 `depends on EXPR if COND`, which means `EXPR || (COND = n)`. */
export interface DependsAttr extends AstNode {
  readonly kind: 'depends';
  readonly expr: Expr;
  readonly condition?: Expr;
}
export interface SelectAttr extends AstNode {
  readonly kind: 'select' | 'imply';
  readonly target: Word;
  readonly condition?: Expr;
}
export interface RangeAttr extends AstNode {
  readonly kind: 'range';
  readonly low: SymbolRef;
  readonly high: SymbolRef;
  readonly condition?: Expr;
}
/** `visible if EXPR` (menus only). */
export interface VisibleAttr extends AstNode {
  readonly kind: 'visible';
  readonly condition: Expr;
}
/** `help` / `---help---`; `text` is already de-indented the way conf does it (tabs = 8 columns). */
export interface HelpAttr extends AstNode {
  readonly kind: 'help';
  readonly text: string;
}
/** `modules` (5.13+) marks the MODULES symbol. */
export interface ModulesAttr extends AstNode {
  readonly kind: 'modules';
}
/** `transitional` (6.18+): read from an old .config, never written. */
export interface TransitionalAttr extends AstNode {
  readonly kind: 'transitional';
}
/** `optional` on a choice (removed in 6.10). */
export interface OptionalAttr extends AstNode {
  readonly kind: 'optional';
}
/** The old `option env="X"`, `option defconfig_list`, `option modules`, `option allnoconfig_y`. */
export interface OptionAttr extends AstNode {
  readonly kind: 'option';
  readonly name: string;
  readonly value?: Word;
}

export type Attribute =
  | TypeAttr
  | DefTypeAttr
  | PromptAttr
  | DefaultAttr
  | DependsAttr
  | SelectAttr
  | RangeAttr
  | VisibleAttr
  | HelpAttr
  | ModulesAttr
  | TransitionalAttr
  | OptionalAttr
  | OptionAttr;

// ---------------------------------------------------------------------------------------------------------------
// Entries (statements at block level)

export interface ConfigEntry extends AstNode {
  readonly kind: 'config';
  readonly keyword: 'config' | 'menuconfig';
  readonly name: Word;
  readonly attributes: readonly Attribute[];
}
export interface ChoiceEntry extends AstNode {
  readonly kind: 'choice';
  /** Named choices existed until 6.11. */
  readonly name?: Word;
  readonly attributes: readonly Attribute[];
  readonly entries: readonly Entry[];
}
export interface MenuEntry extends AstNode {
  readonly kind: 'menu';
  readonly prompt: Word;
  readonly attributes: readonly Attribute[];
  readonly entries: readonly Entry[];
}
export interface CommentEntry extends AstNode {
  readonly kind: 'comment';
  readonly prompt: Word;
  readonly attributes: readonly Attribute[];
}
export interface IfBlock extends AstNode {
  readonly kind: 'if';
  readonly condition: Expr;
  readonly entries: readonly Entry[];
}
/**
 * `source "path"`. `osource`, `rsource` and `orsource` (optional and/or relative to the current file) are
 * Kconfiglib extensions used by Zephyr and ESP-IDF; the parser accepts them only with that dialect enabled.
 */
export interface SourceEntry extends AstNode {
  readonly kind: 'source';
  readonly keyword: 'source' | 'osource' | 'rsource' | 'orsource';
  readonly path: Word;
}
export interface MainMenuEntry extends AstNode {
  readonly kind: 'mainmenu';
  readonly prompt: Word;
}
/** A macro-language variable assignment: `NAME = value`, `NAME := value`, `NAME += value`. */
export interface AssignmentEntry extends AstNode {
  readonly kind: 'assignment';
  /** May itself contain `$(...)` references. */
  readonly name: Word;
  readonly op: '=' | ':=' | '+=';
  /** The rest of the line, raw (leading blanks removed), expanded according to `op`. */
  readonly value: string;
}

/**
 * A line made only of words holding `$(...)` references, such as `$(warning-if,y,text)`. conf expands each
 * word and drops those that expand to nothing, so the line exists for its side effects; a word that expands
 * to something is an "unknown statement", which only the expansion can tell.
 */
export interface MacroCallEntry extends AstNode {
  readonly kind: 'macro-call';
  readonly words: readonly Word[];
}

export type Entry =
  | ConfigEntry
  | ChoiceEntry
  | MenuEntry
  | CommentEntry
  | IfBlock
  | SourceEntry
  | MainMenuEntry
  | AssignmentEntry
  | MacroCallEntry;

export interface KconfigFile {
  readonly kind: 'file';
  readonly path: string;
  readonly entries: readonly Entry[];
}
