/**
 * The symbol and menu model: what the whole tree defines, after macro expansion and `source` resolution.
 *
 * This mirrors the kernel's own model (scripts/kconfig/expr.h, menu.c):
 * - a *menu tree* of nodes in file order: menus, comments, choices, `if` blocks and one node per `config`
 *   definition, each holding the dependencies it adds (`dependsOn`) and inheriting its parents';
 * - *symbols*, each with every definition (a symbol may be defined in several places, its properties add up);
 * - *properties* (prompt, default, select, imply, range), each attached to the definition that declared it.
 * Derived kernel expressions (a symbol's dirDep, revDep, weakRevDep, property visibility) are computed from
 * this by the evaluator; the model records only what the files say, so it stays plain readonly data.
 */
import type { SourceLocation } from '../diagnostics.js';

export type SymbolType = 'bool' | 'tristate' | 'string' | 'hex' | 'int' | 'unknown';

/**
 * Expressions with macros expanded. A bare word is a `symbol` reference even when nothing defines it
 * (conf then treats it as a constant whose value is its name); `y`, `m`, `n` and quoted strings are `const`.
 */
export type Expr =
  | { readonly kind: 'symbol'; readonly name: string }
  | { readonly kind: 'const'; readonly value: string }
  | { readonly kind: 'not'; readonly operand: Expr }
  | { readonly kind: 'and'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'or'; readonly left: Expr; readonly right: Expr }
  | {
      readonly kind: 'compare';
      readonly op: '=' | '!=' | '<' | '<=' | '>' | '>=';
      readonly left: SymbolOperand;
      readonly right: SymbolOperand;
    };
export type SymbolOperand = Extract<Expr, { kind: 'symbol' | 'const' }>;

interface PropertyBase {
  /** The property's own `if` condition, undefined when it has none. */
  readonly condition?: Expr;
  readonly location: SourceLocation;
}
export interface PromptProperty extends PropertyBase {
  readonly kind: 'prompt';
  readonly text: string;
}
export interface DefaultProperty extends PropertyBase {
  readonly kind: 'default';
  readonly value: Expr;
}
/** `select` and `imply`: `target` is the symbol raised (revDep / weakRevDep of the target). */
export interface SelectProperty extends PropertyBase {
  readonly kind: 'select' | 'imply';
  readonly target: string;
}
export interface RangeProperty extends PropertyBase {
  readonly kind: 'range';
  readonly low: SymbolOperand;
  readonly high: SymbolOperand;
}
export type Property = PromptProperty | DefaultProperty | SelectProperty | RangeProperty;

// ---------------------------------------------------------------------------------------------------------------
// The menu tree

interface MenuNodeBase {
  readonly location: SourceLocation;
  /** Dependencies this node adds (its `depends on` lines AND-ed; an `if` block's condition). */
  readonly dependsOn?: Expr;
  readonly children: readonly MenuNode[];
}
export interface RootNode extends MenuNodeBase {
  readonly kind: 'root';
  /** The `mainmenu` text, or conf's default "Main menu". */
  readonly prompt: string;
}
export interface MenuNodeMenu extends MenuNodeBase {
  readonly kind: 'menu';
  readonly prompt: string;
  /** `visible if` conditions AND-ed: they hide the menu without adding a dependency to its children. */
  readonly visibleIf?: Expr;
}
export interface CommentNode extends MenuNodeBase {
  readonly kind: 'comment';
  readonly prompt: string;
}
export interface IfNode extends MenuNodeBase {
  readonly kind: 'if';
}
/** One `config` or `menuconfig` block: a definition of `symbol`. */
export interface SymbolNode extends MenuNodeBase {
  readonly kind: 'config';
  readonly keyword: 'config' | 'menuconfig';
  readonly symbol: string;
  /** The type this definition declares, if it declares one. */
  readonly type?: SymbolType;
  readonly properties: readonly Property[];
  readonly help?: string;
}
export interface ChoiceNode extends MenuNodeBase {
  readonly kind: 'choice';
  /** Index into `KconfigModel.choices`. */
  readonly choice: number;
  readonly type?: SymbolType;
  readonly properties: readonly Property[];
  readonly help?: string;
}
export type MenuNode = RootNode | MenuNodeMenu | CommentNode | IfNode | SymbolNode | ChoiceNode;

// ---------------------------------------------------------------------------------------------------------------
// Symbols and choices

export interface KSymbol {
  readonly name: string;
  /** The declared type (the first declaration wins, as in conf; a conflicting one is diagnosed). */
  readonly type: SymbolType;
  /** Every `config`/`menuconfig` block that defines this symbol, in file order. */
  readonly definitions: readonly SymbolNode[];
  /** Set by the `modules` attribute or the old `option modules`. */
  readonly isModules: boolean;
  /** `transitional` (6.18+). */
  readonly transitional: boolean;
  /** The old `option allnoconfig_y`. */
  readonly allnoconfigY: boolean;
  /** The old `option defconfig_list`. */
  readonly defconfigList: boolean;
  /** The old `option env="VAR"`: the environment variable whose value becomes the default. */
  readonly env?: string;
  /** Index of the choice this symbol is a member of, if it is one. */
  readonly choice?: number;
}

export interface Choice {
  readonly index: number;
  /** Named choices (before 6.11) can be defined in several places. */
  readonly name?: string;
  readonly type: SymbolType;
  readonly definitions: readonly ChoiceNode[];
  /** Member symbols in menu order (direct children of the choice blocks). */
  readonly members: readonly string[];
  /** `optional` (before 6.10). */
  readonly optional: boolean;
}

export interface KconfigModel {
  readonly root: RootNode;
  readonly symbols: ReadonlyMap<string, KSymbol>;
  readonly choices: readonly Choice[];
  /** Every file read, in the order conf reads them (the top file first). */
  readonly files: readonly string[];
  /** Environment variables the tree referenced and the values it saw (for rebuild tracking, like auto.conf.cmd). */
  readonly environment: ReadonlyMap<string, string | undefined>;
}
