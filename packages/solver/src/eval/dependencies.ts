/**
 * The finalized dependency model: what menu_finalize (scripts/kconfig/menu.c) derives from the menu tree.
 *
 * - Every entry's dependency is its own `depends on` (with `m` rewritten to `m && MODULES`) AND-ed after the
 *   dependencies of every enclosing menu, `if` and choice (parent first, as conf builds it), in the shape conf
 *   gives it (simplify.ts), since conf prints these expressions in its warnings.
 * - A property's visibility is its `if` condition AND the entry's dependency; prompts also take the `visible if`
 *   of every enclosing menu (menu_add_prompt).
 * - A symbol's dirDep is the OR of the dependencies of its definitions, revDep the OR of `selector && visibility`
 *   of every `select` that names it, weakRevDep the same for `imply`.
 * - Choices differ by kernel: before 6.11 (`rules: '6.1'`) a choice is a tristate symbol its members depend on,
 *   a member that depends on the previous member becomes its child and is not a choice value, a bool member of
 *   a tristate choice also depends on `<choice>=y`, and a non-optional choice is "selected" by its visibility
 *   AND m. From 6.11 on, members only inherit the choice block's dependencies and have no dirDep of their own.
 */
import type {
  ChoiceNode,
  KconfigModel,
  MenuNode,
  MenuNodeMenu,
  Property,
  SymbolNode,
  SymbolType,
} from '@kconfig-solve/kconfig-parser';
import {
  constant,
  type DepExpr,
  dependsOnSymbol,
  exprAnd,
  exprOr,
  type Operand,
  rewriteModules,
  symbolRef,
} from './expr.js';
import { isValidNumber } from './compare.js';
import { eliminateDups, type SimplifyMemo, transform } from './simplify.js';

/** Which kernel's scripts/kconfig semantics to reproduce: 6.1 (choices are symbols) or 6.12 (6.11 and later). */
export type KconfigRules = '6.1' | '6.12';

export interface PromptDep {
  readonly text: string;
  readonly visibility: DepExpr | undefined;
  readonly definition: SymbolNode | ChoiceNode;
}
export interface DefaultDep {
  readonly value: DepExpr;
  readonly visibility: DepExpr | undefined;
}
export interface RangeDep {
  readonly low: Operand;
  readonly high: Operand;
  readonly visibility: DepExpr | undefined;
}

export interface SymbolDeps {
  readonly name: string;
  readonly type: SymbolType;
  readonly prompts: readonly PromptDep[];
  readonly defaults: readonly DefaultDep[];
  readonly ranges: readonly RangeDep[];
  readonly dirDep: DepExpr | undefined;
  readonly revDep: DepExpr | undefined;
  readonly weakRevDep: DepExpr | undefined;
  /** The choice this symbol is a value of (sym_is_choice_value), if any. */
  readonly choice: number | undefined;
  /** `transitional` (6.18+): read from old configs, never written. */
  readonly transitional: boolean;
}

export interface ChoiceDeps {
  readonly index: number;
  readonly type: SymbolType;
  readonly optional: boolean;
  readonly prompts: readonly PromptDep[];
  /** `default SYM` lines of the choice, in order. */
  readonly defaults: readonly { readonly target: string; readonly visibility: DepExpr | undefined }[];
  /** Choice values in menu order (menu_for_each_sub_entry), each once. */
  readonly members: readonly string[];
  /** 6.1 only: `<prompt visibility> && m` for a non-optional choice. */
  readonly revDep: DepExpr | undefined;
}

export interface MenuDeps {
  /** The prompt's visibility: the node's dependencies with its parents'. */
  readonly visibility: DepExpr | undefined;
  /** A menu's own `visible if`. */
  readonly visibleIf: DepExpr | undefined;
}

interface MutableSymbolDeps {
  name: string;
  type: SymbolType;
  prompts: PromptDep[];
  defaults: DefaultDep[];
  ranges: RangeDep[];
  dirDep: DepExpr | undefined;
  revDep: DepExpr | undefined;
  weakRevDep: DepExpr | undefined;
  choice: number | undefined;
  transitional: boolean;
  /** 6.12: the choice holding the symbol's first prompted definition (sym_get_choice_menu). */
  firstPromptChoice: number | undefined;
}

interface ReverseTerm {
  readonly target: MutableSymbolDeps;
  readonly term: DepExpr;
  readonly kind: 'select' | 'imply';
}

/**
 * The dependency model of a model under given rules, made once: it is readonly, and every Evaluation of the
 * model needs the same one (a conf mode after another, a merge then olddefconfig).
 */
export function dependencyModelOf(model: KconfigModel, rules: KconfigRules): DependencyModel {
  let byRules = finalized.get(model);
  if (byRules === undefined) {
    byRules = new Map();
    finalized.set(model, byRules);
  }
  let deps = byRules.get(rules);
  if (deps === undefined) {
    deps = new DependencyModel(model, rules);
    byRules.set(rules, deps);
  }
  return deps;
}

const finalized = new WeakMap<KconfigModel, Map<KconfigRules, DependencyModel>>();

export class DependencyModel {
  /** Every symbol the tree defines, by name (not the names only referenced, which act as constants). */
  readonly symbols = new Map<string, SymbolDeps>();
  /** Indexed like the model's choices. */
  readonly choices: ChoiceDeps[] = [];
  readonly menus = new Map<MenuNode, MenuDeps>();
  /** The `modules` symbol, if the tree has one; `m` is rewritten to `m && <it>` (or `m && n`). */
  readonly modulesSymbol: string | undefined;
  /** The visibilities of the choices' own properties (the loop check's quick look reads them). */
  readonly choicePropertyVisibilities = new Map<Property, DepExpr | undefined>();

  private readonly modulesOperand: Operand;
  private readonly mutable = new Map<string, MutableSymbolDeps>();
  private readonly choiceMembers: string[][] = [];
  private readonly choiceRevDep: (DepExpr | undefined)[] = [];
  private readonly choicePrompts: PromptDep[][] = [];
  private readonly choiceDefaults: { target: string; visibility: DepExpr | undefined }[][] = [];
  /**
   * What definitionDep and propertyVisibilities map, in pairs as the walk finds them: most runs never ask
   * (evaluation reads each symbol's own lists), and a map of every property of a tree is costly to fill.
   */
  private readonly definitionDeps: (SymbolNode | ChoiceNode | DepExpr | undefined)[] = [];
  private readonly visibilities: (Property | DepExpr | undefined)[] = [];
  private definitionDepMap: Map<SymbolNode | ChoiceNode, DepExpr | undefined> | undefined;
  private visibilityMap: Map<Property, DepExpr | undefined> | undefined;
  /** eliminateDups results, by input (see SimplifyMemo). */
  private readonly simplified: SimplifyMemo = new WeakMap();
  /** Each definition's `select`/`imply` terms, added to their targets in conf's order by `addReverseDeps`. */
  private readonly reverseTerms = new Map<MenuNode, ReverseTerm[]>();

  constructor(
    readonly model: KconfigModel,
    readonly rules: KconfigRules,
  ) {
    let modulesSymbol: string | undefined;
    // forEach rather than for...of, here and in the walks below: they run once per model, unoptimized, where
    // each step of a for...of allocates an iterator result.
    model.symbols.forEach((sym) => {
      if (sym.isModules) modulesSymbol ??= sym.name;
      this.mutable.set(sym.name, {
        name: sym.name,
        type: sym.type,
        prompts: [],
        defaults: [],
        ranges: [],
        dirDep: undefined,
        revDep: undefined,
        weakRevDep: undefined,
        choice: undefined,
        transitional: sym.transitional,
        firstPromptChoice: undefined,
      });
    });
    this.modulesSymbol = modulesSymbol;
    this.modulesOperand = modulesSymbol !== undefined ? symbolRef(modulesSymbol) : constant('n');
    for (const choice of model.choices) {
      this.choiceMembers[choice.index] = [];
      this.choicePrompts[choice.index] = [];
      this.choiceDefaults[choice.index] = [];
    }
    this.walk(model.root.children, undefined, [], undefined);
    this.addReverseDeps(model.root.children);
    this.settleChoices();
    this.mutable.forEach((deps, name) => this.symbols.set(name, deps));
  }

  symbol(name: string): SymbolDeps | undefined {
    return this.symbols.get(name);
  }

  /** Each definition's dependency after propagation (menu->dep). */
  get definitionDep(): ReadonlyMap<SymbolNode | ChoiceNode, DepExpr | undefined> {
    this.definitionDepMap ??= pairMap<SymbolNode | ChoiceNode, DepExpr | undefined>(this.definitionDeps);
    return this.definitionDepMap;
  }

  /** Each property's finalized visibility (prop->visible.expr). */
  get propertyVisibilities(): ReadonlyMap<Property, DepExpr | undefined> {
    this.visibilityMap ??= pairMap<Property, DepExpr | undefined>(this.visibilities);
    return this.visibilityMap;
  }

  /** rewrite_m then expr_transform: what conf does to an entry's own dependency or a property's condition. */
  private rewrite(e: DepExpr | undefined): DepExpr | undefined {
    return transform(rewriteModules(e, this.modulesOperand), this.typeOf);
  }

  /** The parent's dependency AND the entry's own, with duplicates eliminated (expr_eliminate_dups). */
  private combine(parent: DepExpr | undefined, own: DepExpr | undefined): DepExpr | undefined {
    return eliminateDups(exprAnd(parent, own), this.typeOf, this.rules, this.simplified);
  }

  /** Declared types, as the rewrites see them (y, m and n are tristate constants). */
  private readonly typeOf = (o: Operand): SymbolType => {
    switch (o.kind) {
      case 'symbol':
        return this.model.symbols.get(o.name)?.type ?? 'unknown';
      case 'const':
        return o.value === 'y' || o.value === 'm' || o.value === 'n' ? 'tristate' : 'unknown';
      case 'choice':
        return this.model.choices[o.choice]?.type ?? 'unknown';
    }
  };

  /**
   * Propagates dependencies down one child list. `visibleIf` holds the enclosing menus' `visible if`,
   * nearest first; `choice` is the choice block the list is directly in.
   */
  private walk(
    children: readonly MenuNode[],
    parentDep: DepExpr | undefined,
    visibleIf: readonly DepExpr[],
    choice: number | undefined,
  ): void {
    for (const child of children) {
      const dep = this.combine(parentDep, this.rewrite(child.dependsOn));
      switch (child.kind) {
        case 'config':
          this.definition(child, dep, visibleIf, choice);
          break;
        case 'choice':
          this.choiceDefinition(child, dep, visibleIf);
          break;
        case 'menu':
        case 'comment':
          this.menus.set(child, {
            visibility: dep,
            visibleIf: child.kind === 'menu' ? (child as MenuNodeMenu).visibleIf : undefined,
          });
          if (child.kind === 'menu') {
            const own = (child as MenuNodeMenu).visibleIf;
            this.walk(child.children, dep, own ? [own, ...visibleIf] : visibleIf, undefined);
          } else {
            this.walk(child.children, dep, visibleIf, undefined);
          }
          break;
        case 'if':
          this.walk(child.children, dep, visibleIf, choice);
          break;
        default:
          break;
      }
    }
  }

  private definition(
    node: SymbolNode,
    dep: DepExpr | undefined,
    visibleIf: readonly DepExpr[],
    choice: number | undefined,
  ): void {
    const sym = this.mutable.get(node.symbol);
    if (!sym) return;
    // 6.1 menu.c: a bool member of a tristate choice can only be set while the choice is y (added last,
    // after the dependencies were propagated).
    const legacyBoolInTristate =
      this.rules === '6.1' &&
      choice !== undefined &&
      this.model.choices[choice]?.type === 'tristate' &&
      sym.type !== 'tristate';
    const choiceIsYes: DepExpr | undefined = legacyBoolInTristate
      ? { kind: 'compare', op: '=', left: { kind: 'choice', choice: choice as number }, right: constant('y') }
      : undefined;
    this.definitionDeps.push(node, dep);
    // 6.12 (_menu_finalize): entries directly in a choice get no dirDep from that definition.
    if (choice === undefined || this.rules === '6.1') sym.dirDep = exprOr(sym.dirDep, dep);
    for (const prop of node.properties) {
      const visibility = exprAnd(choiceIsYes, this.propertyVisibility(prop, dep, visibleIf));
      this.visibilities.push(prop, visibility);
      switch (prop.kind) {
        case 'prompt':
          if (sym.prompts.length === 0) sym.firstPromptChoice = choice;
          sym.prompts.push({ text: prop.text, visibility, definition: node });
          break;
        case 'default':
          sym.defaults.push({ value: prop.value, visibility });
          break;
        case 'range':
          sym.ranges.push({ low: prop.low, high: prop.high, visibility });
          break;
        case 'select':
        case 'imply': {
          const target = this.mutable.get(prop.target);
          if (!target) break;
          const term = exprAnd(symbolRef(node.symbol), visibility) as DepExpr;
          const terms = this.reverseTerms.get(node) ?? [];
          terms.push({ target, term, kind: prop.kind });
          this.reverseTerms.set(node, terms);
          break;
        }
      }
    }
    if (choice !== undefined) (this.choiceMembers[choice] as string[]).push(node.symbol);
  }

  /**
   * _menu_finalize adds a child list's select/imply terms for the whole list before it descends into any
   * child, so a select at an outer level comes before one nested deeper even when it is later in the file.
   * revDep's term order shows in "Selected by" (help texts) and in the order of unmet-dependency warnings.
   */
  private addReverseDeps(children: readonly MenuNode[]): void {
    for (let i = 0; i < children.length; i++) {
      const terms = this.reverseTerms.get(children[i] as MenuNode);
      if (terms === undefined) continue;
      for (let j = 0; j < terms.length; j++) {
        const { target, term, kind } = terms[j] as ReverseTerm;
        if (kind === 'select') target.revDep = exprOr(target.revDep, term);
        else target.weakRevDep = exprOr(target.weakRevDep, term);
      }
    }
    for (let i = 0; i < children.length; i++) this.addReverseDeps((children[i] as MenuNode).children);
  }

  private choiceDefinition(node: ChoiceNode, dep: DepExpr | undefined, visibleIf: readonly DepExpr[]): void {
    this.definitionDeps.push(node, dep);
    const index = node.choice;
    for (const prop of node.properties) {
      const visibility = this.propertyVisibility(prop, dep, visibleIf);
      this.visibilities.push(prop, visibility);
      this.choicePropertyVisibilities.set(prop, visibility);
      if (prop.kind === 'prompt') {
        (this.choicePrompts[index] as PromptDep[]).push({ text: prop.text, visibility, definition: node });
        // 6.1 menu.c: a non-optional choice is forced to at least m while its prompt is visible.
        if (this.rules === '6.1' && !this.model.choices[index]?.optional) {
          this.choiceRevDep[index] = exprOr(this.choiceRevDep[index], exprAnd(visibility, constant('m')) as DepExpr);
        }
      } else if (prop.kind === 'default' && prop.value.kind === 'symbol') {
        (this.choiceDefaults[index] as { target: string; visibility: DepExpr | undefined }[]).push({
          target: prop.value.name,
          visibility,
        });
      }
    }
    // 6.1: the members depend on the choice symbol itself, which carries the block's dependencies.
    const memberDep: DepExpr | undefined = this.rules === '6.1' ? { kind: 'choice', choice: index } : dep;
    this.walk(node.children, memberDep, visibleIf, index);
  }

  private propertyVisibility(
    prop: Property,
    dep: DepExpr | undefined,
    visibleIf: readonly DepExpr[],
  ): DepExpr | undefined {
    let condition: DepExpr | undefined = prop.condition;
    if (prop.kind === 'prompt') for (const v of visibleIf) condition = exprAnd(condition, v);
    return this.combine(dep, this.rewrite(condition));
  }

  private settleChoices(): void {
    for (const choice of this.model.choices) {
      const listed = this.choiceMembers[choice.index] as string[];
      const members =
        this.rules === '6.1'
          ? this.legacyChoiceValues(choice.index, listed)
          : this.currentChoiceValues(choice.index, listed);
      for (const m of members) {
        const sym = this.mutable.get(m);
        if (sym) sym.choice = choice.index;
      }
      this.choices[choice.index] = {
        index: choice.index,
        type: choice.type,
        optional: choice.optional,
        prompts: this.choicePrompts[choice.index] as PromptDep[],
        defaults: this.choiceDefaults[choice.index] as { target: string; visibility: DepExpr | undefined }[],
        members,
        revDep: this.choiceRevDep[choice.index],
      };
    }
  }

  /** 6.12 (sym_get_choice_menu): a member is a symbol whose first prompted definition is in the choice. */
  private currentChoiceValues(index: number, listed: readonly string[]): string[] {
    return unique(listed).filter((name) => this.mutable.get(name)?.firstPromptChoice === index);
  }

  /**
   * 6.1 (menu_finalize): inside a choice block, entries following a member that depend on it become its
   * children (automatic submenu) and are not choice values. `if` blocks are examined list by list.
   */
  private legacyChoiceValues(index: number, listed: readonly string[]): string[] {
    const values: string[] = [];
    const visitList = (nodes: readonly MenuNode[]): void => {
      let i = 0;
      while (i < nodes.length) {
        const node = nodes[i] as MenuNode;
        if (node.kind === 'if') {
          visitList(node.children);
          i++;
          continue;
        }
        if (node.kind !== 'config') {
          i++;
          continue;
        }
        values.push(node.symbol);
        i = this.skipNested(nodes, i);
      }
    };
    for (const def of this.model.choices[index]?.definitions ?? []) visitList(def.children);
    const listedSet = new Set(listed);
    return unique(values).filter((v) => listedSet.has(v));
  }

  /** Index after the entries nested under nodes[at] by 6.1's automatic submenu rule (recursively). */
  private skipNested(nodes: readonly MenuNode[], at: number): number {
    const parent = nodes[at] as SymbolNode;
    let i = at + 1;
    while (i < nodes.length) {
      const next = nodes[i] as MenuNode;
      if (!dependsOnSymbol(this.entryCondition(next), parent.symbol)) break;
      i = next.kind === 'config' ? this.skipNested(nodes, i) : i + 1;
    }
    return i;
  }

  /** What the automatic submenu rule inspects: the prompt's visibility, else the entry's dependency. */
  private entryCondition(node: MenuNode): DepExpr | undefined {
    if (node.kind === 'config') {
      const prompt = this.mutable.get(node.symbol)?.prompts.find((p) => p.definition === node);
      return prompt ? prompt.visibility : this.definitionDep.get(node);
    }
    if (node.kind === 'menu' || node.kind === 'comment') return this.menus.get(node)?.visibility;
    return node.kind === 'choice' ? this.definitionDep.get(node) : this.rewrite(node.dependsOn);
  }
}

/** A warning conf prints while finalizing the menu tree (`FILE:LINE:warning: MESSAGE`). */
export interface PropertyWarning {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/**
 * The checks conf makes once per symbol while finalizing (menu.c), in the order it finalizes them (a choice
 * after its members): a symbol without a type, then sym_check_prop's: non-symbol defaults of int/hex/string symbols, int/hex defaults
 * and ranges that are not numbers of the type, select/imply on non-bool symbols or targets, ranges on other
 * types, and choice defaults outside the choice.
 */
export function propertyWarnings(deps: DependencyModel): readonly PropertyWarning[] {
  let warnings = checkedProperties.get(deps);
  if (warnings === undefined) {
    warnings = Object.freeze(checkProperties(deps));
    checkedProperties.set(deps, warnings);
  }
  return warnings;
}

/** Per dependency model: it is readonly, and each conf run on it prints the same warnings. */
const checkedProperties = new WeakMap<DependencyModel, readonly PropertyWarning[]>();

function checkProperties(deps: DependencyModel): PropertyWarning[] {
  const model = deps.model;
  const warnings: PropertyWarning[] = [];
  const checked = new Set<string>();
  const typeOf = (name: string): SymbolType =>
    model.symbols.get(name)?.type ?? (name === 'y' || name === 'm' || name === 'n' ? 'tristate' : 'unknown');
  const isNumber = (type: SymbolType, o: Operand): boolean => {
    if (o.kind === 'choice') return false;
    const name = o.kind === 'symbol' ? o.name : o.value;
    const t = typeOf(name);
    if (t === 'int' || t === 'hex') return true;
    if (t !== 'unknown') return false;
    // sym_string_valid of the checked symbol's own type.
    if (type === 'int' || type === 'hex') return isValidNumber(type, name);
    if (type === 'string') return true;
    return (type === 'bool' || type === 'tristate') && /^[yYmMnN]/.test(name);
  };
  const warn = (prop: Property, message: string) =>
    warnings.push({ file: prop.location.file, line: prop.location.line, message });

  const checkSymbol = (name: string): void => {
    if (checked.has(name)) return;
    checked.add(name);
    const sym = model.symbols.get(name);
    if (!sym) return;
    const first = sym.definitions[0];
    if (sym.type === 'unknown' && first) {
      warnings.push({
        file: first.location.file,
        line: first.location.line,
        message: 'config symbol defined without type',
      });
    }
    for (const definition of sym.definitions)
      for (const prop of definition.properties) {
        switch (prop.kind) {
          case 'default': {
            const single = prop.value.kind === 'symbol' || prop.value.kind === 'const';
            if ((sym.type === 'string' || sym.type === 'int' || sym.type === 'hex') && !single) {
              warn(prop, `default for config symbol '${name}' must be a single symbol`);
            }
            if (single && (sym.type === 'int' || sym.type === 'hex') && !isNumber(sym.type, prop.value as Operand)) {
              warn(prop, `'${name}': number is invalid`);
            }
            break;
          }
          case 'select':
          case 'imply': {
            const target = typeOf(prop.target);
            if (sym.type !== 'bool' && sym.type !== 'tristate') {
              warn(prop, `config symbol '${name}' uses ${prop.kind}, but is not bool or tristate`);
            } else if (target !== 'unknown' && target !== 'bool' && target !== 'tristate') {
              warn(
                prop,
                `'${prop.target}' has wrong type. '${prop.kind}' only accept arguments of bool and tristate type`,
              );
            }
            break;
          }
          case 'range':
            if (sym.type !== 'int' && sym.type !== 'hex') warn(prop, 'range is only allowed for int or hex symbols');
            if (!isNumber(sym.type, prop.low) || !isNumber(sym.type, prop.high)) warn(prop, 'range is invalid');
            break;
          default:
            break;
        }
      }
  };
  const visit = (node: MenuNode): void => {
    for (const child of node.children) visit(child);
    if (node.kind === 'config') checkSymbol(node.symbol);
    if (node.kind === 'choice') {
      for (const prop of node.properties) {
        if (prop.kind !== 'default' || prop.value.kind !== 'symbol') continue;
        const target = prop.value.name;
        if (deps.symbol(target)?.choice !== node.choice) {
          warn(prop, `choice default symbol '${target}' is not contained in the choice`);
        }
      }
    }
  };
  visit(model.root);
  return warnings;
}

/** A map from the pairs of a flat [key, value, key, value, ...] list; a later pair wins, as Map.set does. */
function pairMap<K, V>(pairs: readonly (K | V)[]): Map<K, V> {
  const map = new Map<K, V>();
  for (let i = 0; i < pairs.length; i += 2) map.set(pairs[i] as K, pairs[i + 1] as V);
  return map;
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}
