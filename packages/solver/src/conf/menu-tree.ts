/**
 * The menu tree as conf's line-oriented modes walk it, after menu_finalize (scripts/kconfig/menu.c): `if`
 * blocks are flattened into their parent, and the entries following a symbol that depend on it become its
 * children (the automatic submenu), which conf indents by two more columns. Entries under a symbol without a
 * prompt are moved back up, as conf does.
 *
 * The automatic submenu takes an entry when its condition (its prompt's visibility, else its dependency)
 * depends on the symbol (expr_depends_symbol), or mentions it and carries every AND-term of the symbol's own
 * prompt condition (menu_finalize's "superset" case, compared term by term here).
 */
import type { MenuNode } from '@kconfig-solve/kconfig-parser';
import type { DependencyModel, KconfigRules } from '../eval/dependencies.js';
import { type DepExpr, dependsOnSymbol, exprAnd, referencedSymbols } from '../eval/expr.js';
import { sameExpr } from '../eval/simplify.js';

/** One node of conf's menu tree: a menu entry and the entries below it. */
export interface ConfMenu {
  readonly node: MenuNode;
  readonly parent: ConfMenu | undefined;
  readonly children: ConfMenu[];
}

interface Draft {
  readonly node: MenuNode;
  children: Draft[];
}

export function buildConfMenu(deps: DependencyModel): ConfMenu {
  const builder = new MenuTreeBuilder(deps, deps.rules);
  const root: Draft = { node: deps.model.root, children: builder.finalize(deps.model.root, undefined, false) };
  const link = (draft: Draft, parent: ConfMenu | undefined): ConfMenu => {
    const menu: ConfMenu = { node: draft.node, parent, children: [] };
    for (const child of draft.children) menu.children.push(link(child, menu));
    return menu;
  };
  return link(root, undefined);
}

/**
 * Whether an entry's prompt is a menu prompt (P_MENU): a `menu`, the root, or a `menuconfig` definition with
 * a prompt (the parser turns its prompt into a menu prompt).
 */
export function isMenuEntry(node: MenuNode): boolean {
  if (node.kind === 'menu' || node.kind === 'root') return true;
  return node.kind === 'config' && node.keyword === 'menuconfig' && node.properties.some((p) => p.kind === 'prompt');
}

/** menu_get_parent_menu: the nearest enclosing menu entry (or the root), the entry itself if it is one. */
export function parentMenu(menu: ConfMenu): ConfMenu {
  let at: ConfMenu = menu;
  while (at.parent !== undefined && !isMenuEntry(at.node)) at = at.parent;
  return at;
}

class MenuTreeBuilder {
  constructor(
    private readonly deps: DependencyModel,
    private readonly rules: KconfigRules,
  ) {}

  /** The children of `node` after automatic submenus and flattening. */
  finalize(node: MenuNode, containerDep: DepExpr | undefined, insideChoice: boolean): Draft[] {
    const ownDep = this.containerDep(node, containerDep);
    const list: Draft[] = node.children.map((child) => ({ node: child, children: [] }));
    const choice = node.kind === 'choice';
    for (let i = 0; i < list.length; i++) {
      const draft = list[i] as Draft;
      const child = draft.node;
      if (child.kind === 'config') {
        // 6.12 makes no automatic submenus inside a choice block; 6.1 does (its choice values stop there).
        if (choice && this.rules === '6.12') continue;
        draft.children = this.absorb(draft, list, i + 1, ownDep);
      } else {
        draft.children = this.finalize(child, ownDep, choice || (insideChoice && child.kind === 'if'));
      }
    }
    return this.flatten(list);
  }

  /**
   * Automatic submenu of `parent` (a symbol): moves the consecutive entries at list[pos...] that depend on it
   * into its children, each finalized in turn (so a taken symbol first takes its own followers).
   */
  private absorb(parent: Draft, list: Draft[], pos: number, containerDep: DepExpr | undefined): Draft[] {
    const symbol = (parent.node as Extract<MenuNode, { kind: 'config' }>).symbol;
    const base = andTerms(this.promptCondition(parent.node));
    const taken: Draft[] = [];
    while (pos < list.length) {
      const next = list[pos] as Draft;
      const dep = this.condition(next.node, containerDep);
      const names = new Set<string>();
      referencedSymbols(dep, names);
      if (!names.has(symbol)) break;
      if (!dependsOnSymbol(dep, symbol)) {
        const terms = andTerms(dep);
        if (!base.every((b) => terms.some((t) => sameExpr(t, b)))) break;
      }
      list.splice(pos, 1);
      taken.push(next);
      next.children =
        next.node.kind === 'config'
          ? this.absorb(next, list, pos, containerDep)
          : this.finalize(next.node, containerDep, false);
    }
    return this.flatten(taken);
  }

  /** `if` blocks and promptless symbols give their children to their parent list. */
  private flatten(list: Draft[]): Draft[] {
    const out: Draft[] = [];
    for (const draft of list) {
      out.push(draft);
      if (draft.children.length > 0 && !this.hasPrompt(draft.node)) {
        out.push(...draft.children);
        draft.children = [];
      }
    }
    return out;
  }

  private hasPrompt(node: MenuNode): boolean {
    switch (node.kind) {
      case 'config':
      case 'choice':
        return node.properties.some((p) => p.kind === 'prompt');
      case 'if':
        return false;
      default:
        return true;
    }
  }

  /** The prompt's visibility of a symbol or choice definition, if it has a prompt there. */
  private promptCondition(node: MenuNode): DepExpr | undefined {
    if (node.kind === 'config')
      return this.deps.symbol(node.symbol)?.prompts.find((p) => p.definition === node)?.visibility;
    if (node.kind === 'choice')
      return this.deps.choices[node.choice]?.prompts.find((p) => p.definition === node)?.visibility;
    return undefined;
  }

  /** What menu_finalize inspects: `menu->prompt ? prompt visibility : menu->dep`. */
  private condition(node: MenuNode, containerDep: DepExpr | undefined): DepExpr | undefined {
    switch (node.kind) {
      case 'config':
      case 'choice':
        return this.hasPrompt(node) ? this.promptCondition(node) : this.deps.definitionDep.get(node);
      case 'menu':
      case 'comment':
        return this.deps.menus.get(node)?.visibility;
      case 'if':
        return exprAnd(containerDep, node.dependsOn);
      default:
        return undefined;
    }
  }

  /** menu->dep of a container: what its children inherit. */
  private containerDep(node: MenuNode, outer: DepExpr | undefined): DepExpr | undefined {
    switch (node.kind) {
      case 'menu':
        return this.deps.menus.get(node)?.visibility;
      case 'if':
        return exprAnd(outer, node.dependsOn);
      case 'choice':
        return this.deps.definitionDep.get(node);
      default:
        return undefined;
    }
  }
}

function andTerms(e: DepExpr | undefined): DepExpr[] {
  if (!e) return [];
  if (e.kind === 'and') return [...andTerms(e.left), ...andTerms(e.right)];
  return [e];
}
