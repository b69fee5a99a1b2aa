/**
 * Evaluation: symbol values over a readonly model, computed the way sym_calc_value does (symbol.c).
 *
 * The state is the user values (conf's S_DEF_USER: what a .config or a conf mode assigned); everything else is
 * derived lazily and cached. Setting a user value invalidates only the symbols whose value may depend on it,
 * found through a reverse-dependency index (changing MODULES invalidates everything, because it changes how
 * every tristate behaves).
 *
 * A bool/tristate symbol's value: if visible and the user gave one, the user value limited by visibility; else
 * the first default whose visibility holds (limited by it), raised by weakRevDep (imply) within dirDep; then
 * raised by revDep (select), printing conf's unmet-dependency warning if dirDep is below revDep; m becomes y for
 * bools and when MODULES=n. int/hex/string: the visible user value, else the first active default, clamped to the
 * first active range. A symbol is written (SYMBOL_WRITE) when visible, or when a default, select or imply gave it
 * a value. Choices follow 6.12's sym_calc_choice, or 6.1's choice symbol rules (see dependencies.ts).
 */
import type { KconfigModel, MenuNode, SymbolType } from '@kconfig-solve/kconfig-parser';
import { compareValues, isValidNumber, strtoll } from './compare.js';
import {
  type ChoiceDeps,
  type DependencyModel,
  dependencyModelOf,
  type KconfigRules,
  type SymbolDeps,
} from './dependencies.js';
import { type DepExpr, formatExpr, type Operand } from './expr.js';
import {
  mod,
  no,
  parseTristate,
  type Tristate,
  tristateAnd,
  tristateName,
  tristateNot,
  tristateOr,
  yes,
} from './tristate.js';

export interface EvaluationOptions {
  /** Which kernel's semantics to reproduce; default: detected from the model (see detectRules). */
  readonly rules?: KconfigRules;
}

/** What sym_calc_value leaves in a symbol: its value, the tristates it was derived from, and SYMBOL_WRITE. */
export interface SymbolState {
  readonly tri: Tristate;
  /** sym_get_string_value: n/m/y for bool and tristate, the text for int/hex/string, the name otherwise. */
  readonly text: string;
  readonly visible: Tristate;
  readonly dirDep: Tristate;
  readonly revDep: Tristate;
  readonly weakRevDep: Tristate;
  /** SYMBOL_WRITE: conf writes this symbol to .config. */
  readonly write: boolean;
}

interface LegacyChoiceState {
  readonly tri: Tristate;
  readonly visible: Tristate;
  readonly selected: string | undefined;
}

interface LegacyChoiceUser {
  /** def[S_DEF_USER].tri of the choice symbol. */
  tri: Tristate;
  /** SYMBOL_DEF_USER on the choice symbol: whether `tri` counts as a user value. */
  hasValue: boolean;
  /** def[S_DEF_USER].val: the member the input chose, even when the choice has no user value. */
  selected: string | undefined;
}

const CHOICE_KEY = (index: number): string => `\u0000choice${index}`;

/**
 * The rules of a kernel release (`6.1.0`, `6.12.57`, `5.15`): 6.1's before 6.11, 6.12's from 6.11 on.
 * Callers that know the tree's version (its Makefile's VERSION and PATCHLEVEL) should pass it this way.
 */
export function rulesForVersion(version: string): KconfigRules | undefined {
  const match = /^(\d+)\.(\d+)/.exec(version);
  if (!match) return undefined;
  return Number(match[1]) * 1000 + Number(match[2]) < 6011 ? '6.1' : '6.12';
}

/**
 * The rules a model calls for: 6.1 if the kernel version the tree was read with is below 6.11 or the tree uses
 * what only older kernels accept (tristate, optional or named choices, `option ...`), else 6.12.
 */
export function detectRules(model: KconfigModel): KconfigRules {
  const byVersion = rulesForVersion(model.environment.get('KERNELVERSION') ?? '');
  if (byVersion) return byVersion;
  if (model.choices.some((c) => c.type === 'tristate' || c.optional || c.name !== undefined)) return '6.1';
  for (const s of model.symbols.values()) if (s.allnoconfigY || s.defconfigList || s.env !== undefined) return '6.1';
  return '6.12';
}

export class Evaluation {
  readonly deps: DependencyModel;
  readonly rules: KconfigRules;
  /** Unmet-dependency warnings, in the order the symbols were computed, each exactly as conf prints it. */
  readonly warnings: string[] = [];

  private readonly user = new Map<string, string>();
  private readonly cache = new Map<string, SymbolState>();
  private readonly visibilityCache = new Map<string, Tristate>();
  private readonly computing = new Set<string>();
  private readonly choiceCache = new Map<number, string | undefined>();
  private readonly legacyChoiceCache = new Map<number, LegacyChoiceState>();
  private readonly legacyChoiceUser: LegacyChoiceUser[];
  /** 6.12: choice members in priority order; a member the input set moves to the front (conf_read_simple). */
  private readonly choicePriority: string[][];
  /** Who reads each key, for `invalidate`; built on first need (a run that only reads a .config never needs it). */
  private dependents: Map<string, Set<string>> | undefined;
  private modulesVal: Tristate = no;
  private modulesSettled = false;
  /** See `recomputeWouldRepeat`: false once anything makes a second pass differ from the first. */
  private repeatable = true;

  constructor(
    readonly model: KconfigModel,
    options: EvaluationOptions = {},
  ) {
    this.rules = options.rules ?? detectRules(model);
    this.deps = dependencyModelOf(model, this.rules);
    this.choicePriority = this.deps.choices.map((c) => [...c.members]);
    this.legacyChoiceUser = this.deps.choices.map(() => ({ tri: no, hasValue: false, selected: undefined }));
  }

  // -------------------------------------------------------------------------------------------------------------
  // User values

  /** The user value of a symbol as stored (n/m/y for bool/tristate), if it has one (sym_has_value). */
  userValue(name: string): string | undefined {
    return this.user.get(name);
  }

  hasUserValue(name: string): boolean {
    return this.user.has(name);
  }

  /**
   * Sets a user value as conf_set_sym_val does: bool/tristate take the first letter (y/m/n; m only for
   * tristate), int/hex must be valid numbers of the type (sym_string_valid), strings are taken as given.
   * Returns false, changing nothing, for a value invalid for the type or a symbol without a type.
   */
  setUserValue(name: string, value: string): boolean {
    const sym = this.deps.symbol(name);
    if (!sym) return false;
    let stored: string;
    switch (sym.type) {
      case 'bool':
      case 'tristate': {
        const first = value[0];
        if (first === 'm' && sym.type === 'tristate') stored = 'm';
        else if (first === 'y' || first === 'n') stored = first;
        else return false;
        break;
      }
      case 'int':
      case 'hex':
        if (!isValidNumber(sym.type, value)) return false;
        stored = value;
        break;
      case 'string':
        stored = value;
        break;
      default:
        return false;
    }
    if (this.user.get(name) !== stored) {
      this.user.set(name, stored);
      this.invalidate(name);
    }
    return true;
  }

  /**
   * Drops every user value, as conf_read_simple does before reading a file. In 6.1 it also gives every choice
   * symbol a user mode (n, raised by the members read as m or y).
   */
  resetUserValues(): void {
    for (const name of [...this.user.keys()]) this.clearUserValue(name);
    this.legacyChoiceUser.forEach((state, index) => {
      state.tri = no;
      state.hasValue = this.rules === '6.1';
      state.selected = undefined;
      this.invalidate(CHOICE_KEY(index));
    });
    this.choicePriority.forEach((list, index) => {
      list.splice(0, list.length, ...(this.deps.choices[index]?.members ?? []));
    });
    this.choiceCache.clear();
  }

  /** Drops a user value (the symbol falls back to its defaults). */
  clearUserValue(name: string): void {
    if (this.user.delete(name)) this.invalidate(name);
  }

  /**
   * Drops a user value the way conf clears a symbol's SYMBOL_DEF_USER flag: what was computed from it, the
   * symbol's own value included, stays until invalidateAll or invalidateOwn, as conf's values stay valid
   * until recomputed. For conf_read's last pass, where recomputing more would repeat unmet-dependency warnings.
   */
  dropUserValue(name: string): void {
    if (this.user.delete(name)) this.repeatable = false;
  }

  /** Forgets what is computed for one symbol only (conf clearing its SYMBOL_VALID): its readers keep theirs. */
  invalidateOwn(name: string): void {
    this.repeatable = false;
    this.dropCached(name);
  }

  /**
   * Stores a tristate user value without checking the type, as conf's modes do (allmodconfig gives bools m,
   * which they then round to y).
   */
  assignUserTristate(name: string, value: Tristate): void {
    const stored = tristateName(value);
    if (this.user.get(name) === stored) return;
    this.user.set(name, stored);
    this.invalidate(name);
  }

  /** 6.12 conf_read_simple: a choice member named by the input takes the highest priority. */
  promoteChoiceMember(name: string): void {
    this.moveChoiceMember(name, 'front');
  }

  /** 6.12: moves a member to the front (highest priority) or back (lowest) of its choice's priority list. */
  moveChoiceMember(name: string, to: 'front' | 'back'): void {
    const choice = this.deps.symbol(name)?.choice;
    if (choice === undefined || this.rules !== '6.12') return;
    const list = this.choicePriority[choice] as string[];
    const at = list.indexOf(name);
    if (at < 0) return;
    list.splice(at, 1);
    if (to === 'front') list.unshift(name);
    else list.push(name);
    this.invalidate(name);
  }

  /**
   * 6.1: gives the choice symbol a user mode (conf's all*config modes, set_all_choice_values). randconfig
   * stores a mode without marking it as a user value (`counts: false`) until it picks a member.
   */
  setChoiceUserMode(choice: number, tri: Tristate, counts = true): void {
    const state = this.legacyChoiceUser[choice];
    if (!state || (state.hasValue === counts && state.tri === tri)) return;
    state.tri = tri;
    state.hasValue = counts;
    this.invalidate(CHOICE_KEY(choice));
  }

  /** 6.1: the member a choice selects while it is y (def[S_DEF_USER].val of the choice symbol). */
  setChoiceSelection(choice: number, member: string): void {
    const state = this.legacyChoiceUser[choice];
    if (!state || state.selected === member) return;
    state.selected = member;
    this.invalidate(CHOICE_KEY(choice));
  }

  /** 6.1: the choice symbol's mode (y: one member selected, m: members as tristates, n: none). */
  choiceMode(choice: number): Tristate {
    this.settleModules();
    return this.legacyChoice(choice).tri;
  }

  /** 6.1: sym_is_changeable on the choice symbol: its visibility is above what its rev_dep forces. */
  choiceIsChangeable(choice: number): boolean {
    this.settleModules();
    const visible = this.legacyChoice(choice).visible;
    const deps = this.deps.choices[choice];
    let revDep = deps?.revDep ? this.evalExpr(deps.revDep) : no;
    if (revDep === mod && (deps?.type !== 'tristate' || this.modulesVal === no)) revDep = yes;
    return visible > revDep;
  }

  /** 6.1: the choice symbol's stored user tristate (def[S_DEF_USER].tri), meaningful once it has a mode. */
  choiceUserTristate(choice: number): Tristate {
    return this.legacyChoiceUser[choice]?.tri ?? no;
  }

  /** 6.1: whether the choice symbol has a user mode (sym_has_value on the choice). */
  choiceHasUserMode(choice: number): boolean {
    return this.legacyChoiceUser[choice]?.hasValue ?? false;
  }

  /**
   * 6.1 conf_read_simple, after a choice value was read: y makes it the choice's selection (even though the
   * choice gets no user mode), m in a choice already y makes the state inconsistent. Returns conf's warning.
   */
  legacyChoiceInput(name: string): string | undefined {
    const sym = this.deps.symbol(name);
    const user = this.user.get(name);
    if (this.rules !== '6.1' || sym?.choice === undefined || user === undefined) return undefined;
    const state = this.legacyChoiceUser[sym.choice] as LegacyChoiceUser;
    const tri = parseTristate(user) ?? no;
    let message: string | undefined;
    if (tri === mod && state.tri === yes) {
      message = `${name} creates inconsistent choice state`;
      state.hasValue = false;
    } else if (tri === yes) {
      if (state.tri !== no) message = `override: ${name} changes choice state`;
      state.selected = name;
    }
    state.tri = tristateOr(state.tri, tri);
    this.invalidate(CHOICE_KEY(sym.choice));
    return message;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Results

  state(name: string): SymbolState {
    this.settleModules();
    return this.compute(name);
  }

  /** sym_get_string_value. */
  value(name: string): string {
    return this.state(name).text;
  }

  tristate(name: string): Tristate {
    return this.state(name).tri;
  }

  visibility(name: string): Tristate {
    this.settleModules();
    return this.visibilityOf(name);
  }

  /** SYMBOL_WRITE: whether conf writes the symbol. */
  isWritten(name: string): boolean {
    return this.state(name).write;
  }

  /** The type the symbol behaves as now (sym_get_type): tristate acts as bool while MODULES=n. */
  effectiveType(name: string): SymbolType {
    const type = this.deps.symbol(name)?.type ?? 'unknown';
    this.settleModules();
    return type === 'tristate' && this.modulesVal === no ? 'bool' : type;
  }

  modules(): Tristate {
    this.settleModules();
    return this.modulesVal;
  }

  /** sym_is_changeable: a visible symbol not forced to its visibility by selects. */
  isChangeable(name: string): boolean {
    const s = this.state(name);
    return s.visible > s.revDep;
  }

  /** The chosen member of a choice (6.12: sym_calc_choice; 6.1: the choice's selection when it is y). */
  choiceSelection(choice: number): string | undefined {
    this.settleModules();
    if (this.rules === '6.1') {
      const state = this.legacyChoice(choice);
      return state.tri === yes ? state.selected : undefined;
    }
    return this.calcChoice(choice);
  }

  /** sym_choice_default: the choice's first active default that is visible, else its first visible member. */
  choiceDefault(choice: number): string | undefined {
    this.settleModules();
    const deps = this.deps.choices[choice];
    if (!deps) return undefined;
    for (const d of deps.defaults) {
      if (this.evalExpr(d.visibility) === no) continue;
      if (this.visibilityOf(d.target) !== no) return d.target;
    }
    return deps.members.find((m) => this.visibilityOf(m) !== no);
  }

  /** menu_is_visible for a menu or comment node. */
  menuVisible(node: MenuNode): boolean {
    this.settleModules();
    const deps = this.deps.menus.get(node);
    if (!deps) return false;
    if (deps.visibleIf && this.evalExpr(deps.visibleIf) === no) return false;
    return this.evalExpr(deps.visibility) !== no;
  }

  /** Evaluates any dependency expression against the current values (expr_calc_value). */
  evaluate(e: DepExpr | undefined): Tristate {
    this.settleModules();
    return this.evalExpr(e);
  }

  /**
   * sym_get_string_default: the value the symbol would have without a user value (defaults, selects,
   * imply), used by savedefconfig.
   */
  defaultValue(name: string): string {
    this.settleModules();
    const sym = this.deps.symbol(name);
    if (!sym) return name;
    const state = this.compute(name);
    let tri: Tristate = no;
    let text = '';
    const prop = this.activeDefault(sym);
    if (prop) {
      if (sym.type === 'bool' || sym.type === 'tristate')
        tri = tristateAnd(this.evalExpr(prop.value), this.evalExpr(prop.visibility));
      else if (isOperand(prop.value)) text = this.operandText(prop.value);
    }
    tri = tristateOr(tri, state.revDep);
    if (tri === mod && sym.choice === undefined && this.modulesVal === no) tri = yes;
    if (sym.type === 'bool' && tri === mod) tri = yes;
    if (tri < state.weakRevDep) tri = state.weakRevDep;
    switch (sym.type) {
      case 'bool':
      case 'tristate':
        return tristateName(tri);
      case 'int':
        // 6.12 fills in the type's zero, as for the value; 6.1 keeps the empty string.
        return text === '' && this.rules === '6.12' ? '0' : text;
      case 'hex':
        return text === '' && this.rules === '6.12' ? '0x0' : text;
      default:
        return text;
    }
  }

  /** Forgets every computed value (conf's sym_clear_all_valid), e.g. to recompute in a new pass. */
  invalidateAll(): void {
    this.cache.clear();
    this.visibilityCache.clear();
    this.choiceCache.clear();
    this.legacyChoiceCache.clear();
    this.modulesSettled = false;
    this.repeatable = true;
  }

  /**
   * Whether invalidateAll followed by computing every symbol again would give back exactly what is cached,
   * so that a caller may keep the cache instead (conf_write recomputes an unchanged configuration from
   * scratch). It would when the values were computed under 6.12's rules (6.1's choices change their user
   * state as they are computed), nothing was invalidated since the last invalidateAll, no symbol was met
   * again while being computed (its value then depends on the order of computing), and no unmet-dependency
   * warning was raised (the second pass raises it again). Values are then a function of the user values alone.
   */
  recomputeWouldRepeat(): boolean {
    return this.rules === '6.12' && this.repeatable;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Computation

  private settleModules(): void {
    if (this.modulesSettled) return;
    this.modulesSettled = true;
    const name = this.deps.modulesSymbol;
    if (name === undefined) return;
    // sym_clear_all_valid computes MODULES first, with the MODULES value of the previous pass.
    const tri = this.compute(name).tri;
    if (tri !== this.modulesVal) {
      this.modulesVal = tri;
      this.cache.clear();
      this.visibilityCache.clear();
      this.choiceCache.clear();
      this.legacyChoiceCache.clear();
      this.compute(name);
    }
  }

  private compute(name: string): SymbolState {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const sym = this.deps.symbol(name);
    if (
      !sym ||
      (sym.type !== 'bool' &&
        sym.type !== 'tristate' &&
        sym.type !== 'int' &&
        sym.type !== 'hex' &&
        sym.type !== 'string')
    ) {
      return constantState(name);
    }
    if (this.computing.has(name)) {
      // conf: a symbol met again while being computed reads as its type's initial value.
      this.repeatable = false;
      return { ...this.initialState(sym), write: false };
    }
    this.computing.add(name);
    try {
      const state =
        sym.type === 'bool' || sym.type === 'tristate' ? this.computeTristate(sym) : this.computeString(sym);
      this.cache.set(name, state);
      return state;
    } finally {
      this.computing.delete(name);
    }
  }

  private initialState(sym: SymbolDeps): SymbolState {
    const text =
      sym.type === 'bool' || sym.type === 'tristate'
        ? 'n'
        : this.rules === '6.1'
          ? ''
          : sym.type === 'int'
            ? '0'
            : sym.type === 'hex'
              ? '0x0'
              : '';
    return { tri: no, text, visible: no, dirDep: yes, revDep: no, weakRevDep: no, write: false };
  }

  private isBoolNow(sym: SymbolDeps): boolean {
    return sym.type === 'bool' || (sym.type === 'tristate' && this.modulesVal === no);
  }

  /** sym_calc_visibility's dirDep/revDep/weakRevDep: m counts as y for a symbol acting as bool. */
  private boundTri(sym: SymbolDeps, e: DepExpr | undefined, absent: Tristate): Tristate {
    const tri = e ? this.evalExpr(e) : absent;
    return tri === mod && this.isBoolNow(sym) ? yes : tri;
  }

  private visibilityOf(name: string): Tristate {
    const cached = this.visibilityCache.get(name);
    if (cached !== undefined) return cached;
    const sym = this.deps.symbol(name);
    if (!sym) return no;
    let tri: Tristate = no;
    const legacyChoice =
      this.rules === '6.1' && sym.choice !== undefined && sym.type === 'tristate' ? sym.choice : undefined;
    for (const prompt of sym.prompts) {
      let v = this.evalExpr(prompt.visibility);
      // 6.1: a tristate choice value visible as m is hidden while its choice is y.
      if (legacyChoice !== undefined && v === mod && this.legacyChoice(legacyChoice).tri === yes) v = no;
      tri = tristateOr(tri, v);
    }
    if (tri === mod && (sym.type !== 'tristate' || this.modulesVal === no)) tri = yes;
    this.visibilityCache.set(name, tri);
    return tri;
  }

  private computeTristate(sym: SymbolDeps): SymbolState {
    const visible = this.visibilityOf(sym.name);
    if (sym.choice !== undefined) {
      if (this.rules === '6.12') return this.currentChoiceValue(sym, visible);
      if (visible === yes) return this.legacyChoiceValue(sym, visible);
    }
    // Choice values (6.1) never compute their dirDep/revDep/weakRevDep: they keep conf's zeroed n.
    const isChoiceValue = sym.choice !== undefined;
    const dirDep = isChoiceValue ? no : this.boundTri(sym, sym.dirDep, yes);
    const revDep = isChoiceValue ? no : this.boundTri(sym, sym.revDep, no);
    const weakRevDep = isChoiceValue ? no : this.boundTri(sym, sym.weakRevDep, no);
    let write = visible !== no;
    let tri: Tristate = no;
    const user = this.user.get(sym.name);
    if (visible !== no && user !== undefined) {
      tri = tristateAnd(parseTristate(user) ?? no, visible);
    } else {
      if (revDep !== no) write = true;
      const prop = this.activeDefault(sym);
      if (prop) {
        tri = tristateAnd(this.evalExpr(prop.value), this.evalExpr(prop.visibility));
        if (tri !== no) write = true;
      }
      if (weakRevDep !== no) {
        write = true;
        tri = tristateAnd(tristateOr(tri, weakRevDep), dirDep);
      }
    }
    if (dirDep < revDep) this.warnUnmet(sym, dirDep);
    tri = tristateOr(tri, revDep);
    if (tri === mod && this.isBoolNow(sym)) tri = yes;
    if (sym.transitional) write = false;
    return { tri, text: tristateName(tri), visible, dirDep, revDep, weakRevDep, write };
  }

  /** 6.12: a choice member's value is decided for the whole choice (sym_calc_choice). */
  private currentChoiceValue(sym: SymbolDeps, visible: Tristate): SymbolState {
    let tri: Tristate = no;
    if (visible !== no) tri = this.calcChoice(sym.choice as number) === sym.name ? yes : no;
    return { tri, text: tristateName(tri), visible, dirDep: yes, revDep: no, weakRevDep: no, write: visible !== no };
  }

  /** 6.1: a choice value visible as y is y exactly when it is the choice's selection. */
  private legacyChoiceValue(sym: SymbolDeps, visible: Tristate): SymbolState {
    const choice = this.legacyChoice(sym.choice as number);
    const tri: Tristate = choice.selected === sym.name ? yes : no;
    return { tri, text: tristateName(tri), visible, dirDep: no, revDep: no, weakRevDep: no, write: true };
  }

  private activeDefault(sym: SymbolDeps): { value: DepExpr; visibility: DepExpr | undefined } | undefined {
    return sym.defaults.find((d) => this.evalExpr(d.visibility) !== no);
  }

  private computeString(sym: SymbolDeps): SymbolState {
    const visible = this.visibilityOf(sym.name);
    let text = this.initialState(sym).text;
    let write = visible !== no;
    const user = this.user.get(sym.name);
    if (visible !== no && user !== undefined) {
      text = user;
    } else {
      const prop = this.activeDefault(sym);
      if (prop && isOperand(prop.value)) {
        write = true;
        text = this.operandText(prop.value);
      }
    }
    text = this.validateRange(sym, text);
    if (sym.transitional) write = false;
    return { tri: no, text, visible, dirDep: yes, revDep: no, weakRevDep: no, write };
  }

  /** sym_validate_range: a value outside the first active range becomes the bound it crossed. */
  private validateRange(sym: SymbolDeps, text: string): string {
    if (sym.type !== 'int' && sym.type !== 'hex') return text;
    const range = sym.ranges.find((r) => this.evalExpr(r.visibility) !== no);
    if (!range) return text;
    const base = sym.type === 'int' ? 10 : 16;
    const val = strtoll(text, base);
    if (val >= this.rangeBound(range.low, base)) {
      if (val <= this.rangeBound(range.high, base)) return text;
      return this.operandText(range.high);
    }
    return this.operandText(range.low);
  }

  /** sym_get_range_val: a bound is parsed in its own symbol's base when it is an int or hex symbol. */
  private rangeBound(bound: Operand, base: 10 | 16): bigint {
    const type = this.operandType(bound);
    return strtoll(this.operandText(bound), type === 'int' ? 10 : type === 'hex' ? 16 : base);
  }

  /** 6.12 sym_calc_choice: the chosen member of a choice, cached per pass. */
  private calcChoice(index: number): string | undefined {
    if (this.choiceCache.has(index)) return this.choiceCache.get(index);
    const deps = this.deps.choices[index] as ChoiceDeps;
    const priority = this.choicePriority[index] as string[];
    const visible = (m: string) => this.visibilityOf(m) !== no;
    // The first visible member the user set to y, in priority order.
    let res = priority.find((m) => visible(m) && this.user.get(m) === 'y');
    if (res === undefined) {
      // Else the default, unless the user set it to n.
      res = this.choiceDefault(index);
      if (res !== undefined && this.user.get(res) === 'n') res = undefined;
    }
    // Else the first visible member without a user value, else the least prioritized visible one.
    res ??= deps.members.find((m) => visible(m) && !this.user.has(m));
    res ??= [...priority].reverse().find(visible);
    this.choiceCache.set(index, res);
    return res;
  }

  /** 6.1: the choice symbol's mode and selection (sym_calc_value on a choice, sym_calc_choice). */
  private legacyChoice(index: number): LegacyChoiceState {
    const cached = this.legacyChoiceCache.get(index);
    if (cached) return cached;
    const key = CHOICE_KEY(index);
    const deps = this.deps.choices[index] as ChoiceDeps;
    if (this.computing.has(key)) return { tri: no, visible: no, selected: undefined };
    this.computing.add(key);
    try {
      let visible: Tristate = no;
      for (const p of deps.prompts) visible = tristateOr(visible, this.evalExpr(p.visibility));
      if (visible === mod && (deps.type !== 'tristate' || this.modulesVal === no)) visible = yes;
      const bool = deps.type !== 'tristate' || this.modulesVal === no;
      const user = this.legacyChoiceUser[index] as LegacyChoiceUser;
      let tri: Tristate = no;
      if (visible !== no && user.hasValue) tri = tristateAnd(user.tri, visible);
      let revDep = deps.revDep ? this.evalExpr(deps.revDep) : no;
      if (revDep === mod && bool) revDep = yes;
      tri = tristateOr(tri, revDep);
      if (tri === mod && bool) tri = yes;
      let selected: string | undefined;
      const state = { tri, visible, selected };
      // Members' visibility reads the choice's mode: publish it before choosing.
      this.legacyChoiceCache.set(index, state);
      if (tri === yes) {
        // 6.1 sym_calc_choice: the choice keeps its user mode only while every visible member has a value.
        if (user.hasValue && deps.members.some((m) => this.visibilityOf(m) !== no && !this.user.has(m))) {
          user.hasValue = false;
        }
        selected =
          user.selected !== undefined && this.visibilityOf(user.selected) !== no
            ? user.selected
            : this.choiceDefault(index);
      }
      const done = { tri, visible, selected };
      this.legacyChoiceCache.set(index, done);
      return done;
    } finally {
      this.computing.delete(key);
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Expressions

  private evalExpr(e: DepExpr | undefined): Tristate {
    if (!e) return yes;
    switch (e.kind) {
      case 'symbol':
        return this.compute(e.name).tri;
      case 'const':
        return constantTri(e.value);
      case 'choice':
        return this.legacyChoice(e.choice).tri;
      case 'not':
        return tristateNot(this.evalExpr(e.operand));
      case 'and':
        return tristateAnd(this.evalExpr(e.left), this.evalExpr(e.right));
      case 'or':
        return tristateOr(this.evalExpr(e.left), this.evalExpr(e.right));
      case 'compare':
        return compareValues(
          e.op,
          { type: this.operandType(e.left), text: this.operandText(e.left) },
          { type: this.operandType(e.right), text: this.operandText(e.right) },
        );
    }
  }

  private operandType(o: Operand): SymbolType {
    switch (o.kind) {
      case 'symbol': {
        const type = this.deps.symbol(o.name)?.type;
        if (type) return type;
        return isTristateName(o.name) ? 'tristate' : 'unknown';
      }
      case 'const':
        return isTristateName(o.value) ? 'tristate' : 'unknown';
      case 'choice':
        return this.deps.choices[o.choice]?.type ?? 'unknown';
    }
  }

  private operandText(o: Operand): string {
    switch (o.kind) {
      case 'symbol':
        return this.compute(o.name).text;
      case 'const':
        return o.value;
      case 'choice':
        return tristateName(this.legacyChoice(o.choice).tri);
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Warnings

  /** sym_warn_unmet_dep, word for word. */
  private warnUnmet(sym: SymbolDeps, dirDep: Tristate): void {
    this.repeatable = false;
    const withValues = (o: Operand): string => {
      const text = o.kind === 'choice' ? '<choice>' : o.kind === 'symbol' ? o.name : o.value;
      if (o.kind === 'choice' || this.operandType(o) === 'unknown') return text;
      return `${text} [=${this.operandText(o)}]`;
    };
    let out = `\nWARNING: unmet direct dependencies detected for ${sym.name}\n`;
    out += `  Depends on [${dirDep === mod ? 'm' : 'n'}]: ${formatExpr(sym.dirDep, withValues)}\n`;
    for (const [level, title] of [
      [yes, '  Selected by [y]:\n'],
      [mod, '  Selected by [m]:\n'],
    ] as const) {
      const terms = orTerms(sym.revDep).filter((t) => this.evalExpr(t) === level);
      if (terms.length > 0) out += title + terms.map((t) => `  - ${formatExpr(t, withValues)}\n`).join('');
    }
    this.warnings.push(out);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Invalidation

  private indexDependents(): Map<string, Set<string>> {
    const dependents = new Map<string, Set<string>>();
    const add = (reader: string, e: DepExpr | undefined) =>
      collectKeys(e, (key) => {
        const set = dependents.get(key);
        if (set) set.add(reader);
        else dependents.set(key, new Set([reader]));
      });
    for (const sym of this.deps.symbols.values()) {
      for (const p of sym.prompts) add(sym.name, p.visibility);
      for (const d of sym.defaults) {
        add(sym.name, d.value);
        add(sym.name, d.visibility);
      }
      for (const r of sym.ranges) {
        add(sym.name, r.low);
        add(sym.name, r.high);
        add(sym.name, r.visibility);
      }
      add(sym.name, sym.dirDep);
      add(sym.name, sym.revDep);
      add(sym.name, sym.weakRevDep);
    }
    for (const choice of this.deps.choices) {
      // Every member's value reads the whole choice, which reads its prompts, defaults and members.
      const key = CHOICE_KEY(choice.index);
      for (const m of choice.members) {
        add(m, { kind: 'choice', choice: choice.index });
        add(key, { kind: 'symbol', name: m });
      }
      for (const p of choice.prompts) add(key, p.visibility);
      for (const d of choice.defaults) {
        add(key, d.visibility);
        add(key, { kind: 'symbol', name: d.target });
      }
      add(key, choice.revDep);
    }
    return dependents;
  }

  /**
   * Drops the cached results that may depend on `key` (a symbol or a choice), transitively. A result that was
   * not cached cannot have been read by anyone (reading caches it), so the walk stops there.
   */
  private invalidate(key: string): void {
    this.repeatable = false;
    if (key === this.deps.modulesSymbol) {
      this.invalidateAll();
      return;
    }
    // Nothing computed, nothing to forget: the common case while a .config is read.
    const cached =
      this.cache.size + this.visibilityCache.size + this.choiceCache.size + this.legacyChoiceCache.size > 0;
    if (!cached) return;
    this.dependents ??= this.indexDependents();
    const dependents = this.dependents;
    const stack = [key];
    const seen = new Set<string>(stack);
    while (stack.length > 0) {
      const k = stack.pop() as string;
      if (!this.dropCached(k) && k !== key) continue;
      for (const d of dependents.get(k) ?? []) {
        if (!seen.has(d)) {
          seen.add(d);
          stack.push(d);
        }
      }
    }
  }

  /** Forgets what is cached under a key; whether anything was. */
  private dropCached(k: string): boolean {
    if (k.startsWith('\u0000choice')) {
      const index = Number(k.slice('\u0000choice'.length));
      const had = this.choiceCache.has(index) || this.legacyChoiceCache.has(index);
      this.choiceCache.delete(index);
      this.legacyChoiceCache.delete(index);
      return had;
    }
    const a = this.cache.delete(k);
    const b = this.visibilityCache.delete(k);
    return a || b;
  }
}

function collectKeys(e: DepExpr | undefined, add: (key: string) => void): void {
  if (!e) return;
  switch (e.kind) {
    case 'symbol':
      add(e.name);
      break;
    case 'choice':
      add(CHOICE_KEY(e.choice));
      break;
    case 'const':
      break;
    case 'not':
      collectKeys(e.operand, add);
      break;
    case 'and':
    case 'or':
    case 'compare':
      collectKeys(e.left, add);
      collectKeys(e.right, add);
      break;
  }
}

/** The top-level `||` terms of an expression, left to right (expr_print_revdep). */
export function orTerms(e: DepExpr | undefined): DepExpr[] {
  if (!e) return [];
  if (e.kind === 'or') return [...orTerms(e.left), ...orTerms(e.right)];
  return [e];
}

function isOperand(e: DepExpr): e is Operand {
  return e.kind === 'symbol' || e.kind === 'const' || e.kind === 'choice';
}

function isTristateName(name: string): boolean {
  return name === 'y' || name === 'm' || name === 'n';
}

function constantTri(value: string): Tristate {
  return value === 'y' ? yes : value === 'm' ? mod : no;
}

/** A name nothing defines with a type: conf gives it its own name as value and n as tristate. */
function constantState(name: string): SymbolState {
  return { tri: constantTri(name), text: name, visible: no, dirDep: yes, revDep: no, weakRevDep: no, write: false };
}
