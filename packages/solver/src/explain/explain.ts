/**
 * explainSymbol: everything that decides a symbol's value, as readonly data. menuconfig's help screen
 * (get_symbol_str: definitions, prompts, "Depends on", "Location:", selects and implies, each symbol with its
 * value) comes from conf/help.ts; on top of it: where the value comes from (the .config's user value, which
 * default, which selects or implies, which choice member), the defaults and ranges with their conditions, the
 * dependencies that are not met, and enableWith's user settings that would enable the symbol.
 *
 * The origin follows sym_calc_value (symbol.c): a visible symbol takes the user value, limited by its
 * visibility; otherwise the first default whose condition holds, raised by imply within dirDep; then select
 * raises the result; a choice member is y when its choice picks it.
 */
import type { MenuNode, SymbolType } from '@kconfig-solve/kconfig-parser';
import { type ChoiceSummary, type ShownExpr, type SymbolSummary, showExpr, symbolSummary } from '../conf/help.js';
import { buildConfMenu, type ConfMenu } from '../conf/menu-tree.js';
import { escapeString } from '../config/write.js';
import { type EnableWithResult, enableWith } from '../derive/enable-with.js';
import { closeMatches } from '../eval/close-matches.js';
import type { DependencyModel, SymbolDeps } from '../eval/dependencies.js';
import { type Evaluation, orTerms } from '../eval/evaluation.js';
import type { DepExpr, Operand } from '../eval/expr.js';
import { type NotTakenReason, notTakenReason } from '../eval/reason.js';
import {
  mod,
  no,
  parseTristate,
  type Tristate,
  type TristateName,
  tristateAnd,
  tristateName,
  tristateOr,
  yes,
} from '../eval/tristate.js';

/**
 * explain answers at once: after this long, enableWith stops looking for fewer settings and gives the verified
 * ones it has (marked not minimal). `derive`, whose whole job the settings are, searches without a limit.
 */
const ENABLE_WITH_TIME_LIMIT_MS = 300;

export type { ChoiceSummary, ShownExpr, SymbolSummary };

/** A `default` line of the symbol, in file order. */
export interface DefaultInfo {
  readonly value: ShownExpr;
  /** The default's own `if` condition. */
  readonly condition?: ShownExpr;
  /** Whether it is the default in effect: the first whose condition and the symbol's dependencies hold. */
  readonly active: boolean;
  /** What it gives now: n/m/y (the value limited by its condition and dependencies), or the text. */
  readonly gives: string;
  readonly file: string;
  readonly line: number;
}

/** A `range` line of an int or hex symbol. */
export interface RangeInfo {
  readonly low: string;
  readonly high: string;
  readonly condition?: ShownExpr;
  /** The first range whose condition holds: the one conf clamps to. */
  readonly active: boolean;
  readonly file: string;
  readonly line: number;
}

/** The choice a symbol is a member of, and which member it picked. */
export interface ChoiceInfo {
  readonly prompt: string;
  readonly file: string;
  readonly line: number;
  readonly members: readonly { readonly name: string; readonly value: string }[];
  /** The member that is y, if any. */
  readonly selected?: string;
  /**
   * How the choice picked it: the member the .config set to y, the choice's `default`, or (no default line
   * applying) its first visible member without a value.
   */
  readonly pickedBy?: 'user' | 'default' | 'first-visible';
  /** The choice's `default` line in effect. */
  readonly default?: {
    readonly target: string;
    readonly condition?: ShownExpr;
    readonly file: string;
    readonly line: number;
  };
}

/** Where a symbol's value comes from. */
export type ValueOrigin =
  /** The .config's value (a user value), possibly limited by visibility (see userValueNotTaken). */
  | { readonly kind: 'user'; readonly userValue: string }
  | { readonly kind: 'default'; readonly default: DefaultInfo }
  /** Raised by `select`: the selectors with the value that forces it. */
  | { readonly kind: 'select'; readonly by: readonly ShownExpr[] }
  /** Raised by `imply` above its default. */
  | { readonly kind: 'imply'; readonly by: readonly ShownExpr[] }
  /** A choice member: y when picked, else n. */
  | { readonly kind: 'choice'; readonly choice: ChoiceInfo }
  /** No user value, default, select or imply gives it a value: n (or an empty or zero number). */
  | { readonly kind: 'not-set'; readonly why: string };

export interface SymbolExplanation extends SymbolSummary {
  readonly kind: 'symbol';
  readonly type: SymbolType;
  /** The help text of the first definition that has one. */
  readonly help?: string;
  readonly origin: ValueOrigin;
  /** The value the .config gave (conf's user value), if it gave one. */
  readonly userValue?: string;
  /** Why the .config's value is not the value, when they differ. */
  readonly userValueNotTaken?: NotTakenReason;
  /** The prompt's visibility: how far a user value can go. */
  readonly visibility: TristateName;
  /** Whether conf writes the symbol to .config (SYMBOL_WRITE). */
  readonly written: boolean;
  /** The direct dependencies (dirDep: every definition's `depends on` with its menus' and ifs'). */
  readonly dirDep: ShownExpr;
  /** Their `&&` terms, each with its value: the ones at n are what keeps the symbol off. */
  readonly dirDepTerms: readonly ShownExpr[];
  readonly defaults: readonly DefaultInfo[];
  readonly ranges: readonly RangeInfo[];
  readonly choice?: ChoiceInfo;
  /** For a bool or tristate that is n: user settings that would enable it, or why none exists. */
  readonly enableWith?: EnableWithResult;
}

export interface UnknownSymbol {
  readonly kind: 'unknown';
  readonly name: string;
  readonly message: string;
  readonly closeMatches: readonly string[];
}

export type Explanation = SymbolExplanation | UnknownSymbol;

export interface ExplainOptions {
  /** Compute enableWith for a bool or tristate that is n (default true). */
  readonly enableWith?: boolean;
}

/** conf's menu tree, indexed by node, built once per dependency model. */
const menuIndexes = new WeakMap<DependencyModel, ReadonlyMap<MenuNode, ConfMenu>>();
function menuIndex(deps: DependencyModel): ReadonlyMap<MenuNode, ConfMenu> {
  let index = menuIndexes.get(deps);
  if (!index) {
    const map = new Map<MenuNode, ConfMenu>();
    const add = (m: ConfMenu) => {
      map.set(m.node, m);
      for (const c of m.children) add(c);
    };
    add(buildConfMenu(deps));
    index = map;
    menuIndexes.set(deps, index);
  }
  return index;
}

/**
 * The symbol a name given on a command line means: as given, without a `CONFIG_` prefix, or upper-cased
 * (scripts/config upper-cases too); undefined when the tree defines none of these.
 */
export function resolveSymbolName(ev: Evaluation, given: string, prefix = 'CONFIG_'): string | undefined {
  const bare = given.toUpperCase().startsWith(prefix) ? given.slice(prefix.length) : given;
  return [given, bare, bare.toUpperCase()].find((n) => isDefined(ev, n));
}

function isDefined(ev: Evaluation, name: string): boolean {
  return (ev.model.symbols.get(name)?.definitions.length ?? 0) > 0;
}

export function explainSymbol(ev: Evaluation, given: string, options: ExplainOptions = {}): Explanation {
  const name = resolveSymbolName(ev, given);
  const sym = name === undefined ? undefined : ev.deps.symbol(name);
  if (name === undefined || sym === undefined) return unknownSymbol(ev, given);
  const summary = symbolSummary(ev, name, menuIndex(ev.deps));
  const state = ev.state(name);
  const definitions = ev.model.symbols.get(name)?.definitions ?? [];
  const help = definitions.find((d) => d.help !== undefined)?.help;
  const defaults = defaultInfos(ev, sym);
  const choice = sym.choice !== undefined ? choiceInfo(ev, sym.choice) : undefined;
  const origin = valueOrigin(ev, sym, defaults, choice);
  const userValue = ev.userValue(name);
  const userValueNotTaken =
    userValue !== undefined && userValue !== state.text
      ? notTakenReason(ev, name, sym.type === 'string' ? escapeString(userValue) : userValue)
      : undefined;
  const wantsEnable = (sym.type === 'bool' || sym.type === 'tristate') && state.tri === no;
  return {
    kind: 'symbol',
    ...summary,
    type: sym.type,
    ...(help !== undefined ? { help } : {}),
    origin,
    ...(userValue !== undefined ? { userValue } : {}),
    ...(userValueNotTaken !== undefined ? { userValueNotTaken } : {}),
    visibility: tristateName(state.visible),
    written: state.write,
    dirDep: showExpr(ev, sym.dirDep),
    dirDepTerms: andTerms(sym.dirDep).map((t) => showExpr(ev, t)),
    defaults,
    ranges: rangeInfos(ev, sym),
    ...(choice ? { choice } : {}),
    ...(wantsEnable && options.enableWith !== false
      ? { enableWith: enableWith(ev, name, { timeLimitMs: ENABLE_WITH_TIME_LIMIT_MS }) }
      : {}),
  };
}

/** A name the tree does not define: the error, with the defined names closest to it. */
export function unknownSymbol(ev: Evaluation, given: string, prefix = 'CONFIG_'): UnknownSymbol {
  const bare = given.toUpperCase().startsWith(prefix) ? given.slice(prefix.length) : given;
  const defined = [...ev.model.symbols.values()].filter((s) => s.definitions.length > 0).map((s) => s.name);
  const close = closeMatches(bare.toUpperCase(), defined);
  const hint = close.length > 0 ? `; did you mean ${close.map((c) => `${prefix}${c}`).join(', ')}?` : '';
  return {
    kind: 'unknown',
    name: bare,
    message: `${prefix}${bare} is not defined in this kernel's Kconfig${hint}`,
    closeMatches: close,
  };
}

/** sym_calc_value's decisions, replayed to say which one gave the value. */
function valueOrigin(
  ev: Evaluation,
  sym: SymbolDeps,
  defaults: readonly DefaultInfo[],
  choice: ChoiceInfo | undefined,
): ValueOrigin {
  const state = ev.state(sym.name);
  const user = ev.userValue(sym.name);
  const active = defaults.find((d) => d.active);
  if (sym.type !== 'bool' && sym.type !== 'tristate') {
    if (sym.type === 'unknown') return { kind: 'not-set', why: 'it is defined without a type' };
    if (state.visible !== no && user !== undefined) return { kind: 'user', userValue: user };
    if (active) return { kind: 'default', default: active };
    return { kind: 'not-set', why: 'no default applies' };
  }
  if (choice && state.visible !== no && (ev.rules === '6.12' || ev.choiceMode(sym.choice as number) === yes)) {
    return { kind: 'choice', choice };
  }
  let base: Tristate;
  let fromUser = false;
  let defaultTri: Tristate = no;
  if (state.visible !== no && user !== undefined) {
    base = tristateAnd(parseTristate(user) ?? no, state.visible);
    fromUser = true;
  } else {
    defaultTri = active ? (parseTristate(active.gives) ?? no) : no;
    base = defaultTri;
    // An imply raises the default, within the direct dependencies.
    if (state.weakRevDep !== no) base = tristateAnd(tristateOr(base, state.weakRevDep), state.dirDep);
  }
  if (state.revDep > base) return { kind: 'select', by: activeTerms(ev, sym.revDep, state.revDep) };
  if (fromUser) return { kind: 'user', userValue: user as string };
  if (base > defaultTri) return { kind: 'imply', by: activeTerms(ev, sym.weakRevDep, mod) };
  if (active) return { kind: 'default', default: active };
  if (state.dirDep === no) return { kind: 'not-set', why: 'its dependencies are not met' };
  if (state.visible !== no)
    return { kind: 'not-set', why: 'no value in .config, no default applies, nothing selects it' };
  return { kind: 'not-set', why: 'no default applies and nothing selects it' };
}

/** The `||` terms of a reverse dependency at `level` or above. */
function activeTerms(ev: Evaluation, e: DepExpr | undefined, level: Tristate): ShownExpr[] {
  return orTerms(e)
    .filter((t) => ev.evaluate(t) >= level)
    .map((t) => showExpr(ev, t));
}

function defaultInfos(ev: Evaluation, sym: SymbolDeps): DefaultInfo[] {
  const infos: DefaultInfo[] = [];
  let found = false;
  for (const def of ev.model.symbols.get(sym.name)?.definitions ?? []) {
    for (const prop of def.properties) {
      if (prop.kind !== 'default') continue;
      const visibility = ev.deps.propertyVisibilities.get(prop);
      const active = !found && ev.evaluate(visibility) !== no;
      if (active) found = true;
      const gives =
        sym.type === 'bool' || sym.type === 'tristate'
          ? tristateName(tristateAnd(ev.evaluate(prop.value), ev.evaluate(visibility)))
          : prop.value.kind === 'symbol' || prop.value.kind === 'const'
            ? operandText(ev, prop.value)
            : '';
      infos.push({
        value: defaultValue(ev, sym, prop.value),
        ...(prop.condition ? { condition: showExpr(ev, prop.condition) } : {}),
        active,
        gives,
        file: prop.location.file,
        line: prop.location.line,
      });
    }
  }
  return infos;
}

function rangeInfos(ev: Evaluation, sym: SymbolDeps): RangeInfo[] {
  const infos: RangeInfo[] = [];
  let found = false;
  for (const def of ev.model.symbols.get(sym.name)?.definitions ?? []) {
    for (const prop of def.properties) {
      if (prop.kind !== 'range') continue;
      const active = !found && ev.evaluate(ev.deps.propertyVisibilities.get(prop)) !== no;
      if (active) found = true;
      infos.push({
        low: operandText(ev, prop.low),
        high: operandText(ev, prop.high),
        ...(prop.condition ? { condition: showExpr(ev, prop.condition) } : {}),
        active,
        file: prop.location.file,
        line: prop.location.line,
      });
    }
  }
  return infos;
}

/** A default's value as the help screen would print it, a constant as written (a string's in quotes). */
function defaultValue(ev: Evaluation, sym: SymbolDeps, e: DepExpr): ShownExpr {
  const shown = showExpr(ev, e);
  if (e.kind !== 'const') return shown;
  const text = sym.type === 'string' ? escapeString(e.value) : e.value;
  return { ...shown, expr: text, shown: text };
}

/** A default's or a range bound's text: a constant as written, a symbol's value (sym_get_string_value). */
function operandText(ev: Evaluation, o: Operand): string {
  if (o.kind === 'const') return o.value;
  if (o.kind === 'choice') return '<choice>';
  return ev.value(o.name);
}

function choiceInfo(ev: Evaluation, index: number): ChoiceInfo | undefined {
  const deps = ev.deps.choices[index];
  const choice = ev.model.choices[index];
  const first = choice?.definitions[0];
  if (!deps || !first) return undefined;
  const selected = ev.choiceSelection(index);
  let defaultLine: ChoiceInfo['default'];
  for (const node of choice.definitions) {
    for (const prop of node.properties) {
      if (defaultLine || prop.kind !== 'default' || prop.value.kind !== 'symbol') continue;
      // sym_choice_default: the first default whose condition holds and whose member is visible.
      if (ev.evaluate(ev.deps.propertyVisibilities.get(prop)) === no) continue;
      if (ev.visibility(prop.value.name) === no) continue;
      defaultLine = {
        target: prop.value.name,
        ...(prop.condition ? { condition: showExpr(ev, prop.condition) } : {}),
        file: prop.location.file,
        line: prop.location.line,
      };
    }
  }
  let pickedBy: ChoiceInfo['pickedBy'];
  if (selected !== undefined) {
    if (ev.userValue(selected) === 'y') pickedBy = 'user';
    else if (selected === ev.choiceDefault(index))
      pickedBy = defaultLine?.target === selected ? 'default' : 'first-visible';
    else pickedBy = 'first-visible';
  }
  return {
    prompt: deps.prompts[0]?.text.replace(/^\s+/, '') ?? '',
    file: first.location.file,
    line: first.location.line,
    members: deps.members.map((m) => ({ name: m, value: ev.value(m) })),
    ...(selected !== undefined ? { selected } : {}),
    ...(pickedBy !== undefined ? { pickedBy } : {}),
    ...(defaultLine ? { default: defaultLine } : {}),
  };
}

function andTerms(e: DepExpr | undefined): DepExpr[] {
  if (!e) return [];
  return e.kind === 'and' ? [...andTerms(e.left), ...andTerms(e.right)] : [e];
}
