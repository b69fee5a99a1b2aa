/**
 * What one logical line of Kconfig says, before it is placed in the block structure.
 *
 * Every Kconfig statement and attribute is exactly one logical line (conf's grammar ends each with T_EOL), so
 * the grammar reads lines and the builder (builder.ts) nests them with an explicit stack: deep nesting cannot
 * overflow the call stack, and an error costs one line, never the rest of the file.
 */
import type { AssignmentEntry, Attribute, Expr, MainMenuEntry, SourceEntry, Word } from '../ast/nodes.js';
import type { SourceLocation } from '../diagnostics.js';

export type BlockKind = 'menu' | 'choice' | 'if';

/** The keyword that closes each kind of block. */
export const END_KEYWORDS: Readonly<Record<BlockKind, string>> = { menu: 'endmenu', choice: 'endchoice', if: 'endif' };

/** The kind of block an `endmenu`, `endchoice` or `endif` closes. */
export function blockEndedBy(keyword: string): BlockKind {
  return keyword === 'endmenu' ? 'menu' : keyword === 'endchoice' ? 'choice' : 'if';
}

export type Line =
  | {
      readonly kind: 'config';
      readonly keyword: 'config' | 'menuconfig';
      readonly name: Word;
      readonly location: SourceLocation;
    }
  | { readonly kind: 'choice'; readonly name: Word | undefined; readonly location: SourceLocation }
  | { readonly kind: 'menu' | 'comment'; readonly prompt: Word; readonly location: SourceLocation }
  | { readonly kind: 'if'; readonly condition: Expr; readonly location: SourceLocation }
  | { readonly kind: 'end'; readonly block: BlockKind; readonly location: SourceLocation }
  | { readonly kind: 'leaf'; readonly entry: SourceEntry | MainMenuEntry | AssignmentEntry }
  /** A line of bare words that is not an assignment: a macro call line, or an unknown statement. */
  | { readonly kind: 'words'; readonly words: readonly Word[] }
  /** `keyword` is the spelling used (`def_bool`, `---help---`, ...), for messages. */
  | { readonly kind: 'attribute'; readonly attribute: Attribute; readonly keyword: string }
  /** A line that parsed but says nothing (a bare `visible`). */
  | { readonly kind: 'nothing' };
