/**
 * Why a requested value did not take, from the solver's evaluation, as data and in conf's vocabulary.
 *
 * sym_calc_value keeps a bool/tristate's user value within [revDep, visibility]: the visibility (the prompts'
 * conditions, each with its definition's dirDep) caps it, the selects (revDep) raise it; a symbol without a
 * visible prompt takes its default, raised by `imply` within its dirDep; a choice (6.11+: sym_calc_choice)
 * sets exactly one member; MODULES=n turns m into y. An int/hex is clamped to its first active range
 * (sym_validate_range). The reason names the operands that decide it: the `&&` terms of a dependency or
 * prompt condition that are too low, the `||` terms of a select or imply that are too high, the member the
 * choice took, the range. Expressions print as menuconfig's help does, each symbol with its value:
 * `PCI [=n] && VIRTIO_MENU [=y]` (a symbol the tree does not define prints without a value).
 */
import { isValidNumber } from './compare.js';
import type { SymbolDeps } from './dependencies.js';
import type { Evaluation } from './evaluation.js';
import { type DepExpr, formatExpr, type Operand, referencedSymbols } from './expr.js';
import { mod, no, type Tristate, type TristateName, tristateName, yes } from './tristate.js';

export type NotTakenKind =
  /** The tree does not define the symbol (removed, renamed, misspelt, or another arch's). */
  | 'undefined'
  /** Not a value of the symbol's type (m for a bool, a word for an int, an unquoted string). */
  | 'invalid-value'
  /** Its dependencies (dirDep) are below the value: `terms` are the failing `&&` terms. */
  | 'dependency'
  /** Its prompt's own condition (or an enclosing `visible if`) hides it, so defaults decide: failing terms. */
  | 'prompt-hidden'
  /** It has no prompt: only defaults and selects set it. */
  | 'no-prompt'
  /** Selects (revDep) force it higher: `terms` are the active `||` terms, `by` their selecting symbols. */
  | 'selected'
  /** Without a visible prompt, an `imply` raises its default: the active terms and implying symbols. */
  | 'implied'
  /** m asked while MODULES is n: a tristate is then y or n. */
  | 'modules'
  /** An int/hex value outside its active range, clamped to the bound it crossed. */
  | 'range'
  /** Its choice took another member (`chosen`), or took this one although n was asked. */
  | 'choice'
  /** None of the above explains it. */
  | 'unknown';

/** One operand of a reason: an expression term with its value now and the symbols in it. */
export interface ReasonTerm {
  /** As menuconfig prints it: `PCI [=n]`, `(A [=n] || B [=m])`, `ARCH_X [=y] && PCI [=y]`. */
  readonly text: string;
  readonly value: TristateName;
  /** Every symbol the term reads, with its value (as sym_get_string_value gives it). */
  readonly symbols: readonly { readonly name: string; readonly value: string }[];
  /** The term itself, for tools that evaluate it again. */
  readonly expr: DepExpr;
}

export interface NotTakenReason {
  readonly kind: NotTakenKind;
  /** One sentence, e.g. `it depends on PCI [=n]`. */
  readonly message: string;
  readonly terms: readonly ReasonTerm[];
  /** selected / implied: the symbols that select or imply it (the first operand of each term). */
  readonly by?: readonly string[];
  /** choice: the member the choice took. */
  readonly chosen?: string;
  /** range: the active range's bounds, as values. */
  readonly range?: { readonly low: string; readonly high: string };
  /** prompt-hidden / no-prompt: the value its defaults (and selects) give instead. */
  readonly defaultValue?: string;
}

/**
 * Why `symbol` (without prefix) does not have the `requested` value (as written after `=`, strings quoted;
 * `n` for "is not set") in the evaluation. Meant for a value that did not take; kind `unknown` otherwise.
 */
export function notTakenReason(ev: Evaluation, symbol: string, requested: string): NotTakenReason {
  const sym = ev.deps.symbol(symbol);
  if (!sym || sym.type === 'unknown') {
    return reason('undefined', `CONFIG_${symbol} is not defined in this kernel's Kconfig`);
  }
  return sym.type === 'bool' || sym.type === 'tristate'
    ? tristateReason(ev, sym, requested)
    : valueReason(ev, sym, requested);
}

function reason(
  kind: NotTakenKind,
  message: string,
  terms: readonly ReasonTerm[] = [],
  extra: Partial<NotTakenReason> = {},
): NotTakenReason {
  return { kind, message, terms, ...extra };
}

function tristateReason(ev: Evaluation, sym: SymbolDeps, requested: string): NotTakenReason {
  // conf_set_sym_val reads the first character, lower case only.
  const first = requested[0];
  const wanted = first === 'y' ? yes : first === 'm' ? mod : first === 'n' ? no : undefined;
  if (wanted === undefined) return reason('invalid-value', `"${requested}" is not a value a ${sym.type} takes`);
  if (sym.type === 'bool' && wanted === mod) {
    return reason('invalid-value', `CONFIG_${sym.name} is a bool: it cannot be m`);
  }
  const state = ev.state(sym.name);
  const actsAsBool = ev.effectiveType(sym.name) === 'bool';
  // A bool (or a tristate while MODULES=n) counts an m bound as y: only n bounds hold it down.
  const below = actsAsBool ? mod : wanted;
  if (wanted > state.tri) {
    if (sym.choice === undefined && rounded(ev.evaluate(sym.dirDep), actsAsBool) < wanted) {
      const terms = failing(ev, sym.dirDep, below);
      return reason('dependency', `it depends on ${shownTerms(terms)}`, terms);
    }
    if (state.visible < wanted) return hidden(ev, sym, below, state.visible === no ? state.text : undefined);
    if (sym.choice !== undefined) return chosenInstead(ev, sym);
    return unexplained(sym, requested, state.text);
  }
  if (state.revDep > wanted) return forcedBy(ev, 'selected', 'it is selected by', sym.revDep, wanted);
  if (wanted === mod && sym.type === 'tristate' && ev.modules() === no) {
    return reason('modules', 'CONFIG_MODULES is not set: a tristate is y or n');
  }
  if (state.visible === no) {
    // Invisible: the default, then `imply` raises it (within dirDep). Name imply only when the default alone
    // would have kept the requested value.
    if (state.weakRevDep > wanted && rounded(defaultOnly(ev, sym), actsAsBool) <= wanted) {
      const implied = forcedBy(ev, 'implied', 'it is implied by', sym.weakRevDep, wanted);
      const why = hidden(ev, sym, mod, undefined);
      return { ...implied, message: `${why.message}, and ${implied.message}`, terms: [...why.terms, ...implied.terms] };
    }
    return hidden(ev, sym, mod, state.text);
  }
  if (sym.choice !== undefined) {
    return reason('choice', 'it is the member its choice selected (a choice in use has one member y)', [], {
      chosen: sym.name,
    });
  }
  return unexplained(sym, requested, state.text);
}

/** The active `||` terms of a revDep (select) or weakRevDep (imply) above the requested value. */
function forcedBy(
  ev: Evaluation,
  kind: 'selected' | 'implied',
  words: string,
  e: DepExpr | undefined,
  wanted: Tristate,
): NotTakenReason {
  const terms = orTerms(e)
    .filter((t) => ev.evaluate(t) > wanted)
    .map((t) => term(ev, t));
  return reason(kind, `${words} ${terms.map((t) => t.text).join(', ')}`, terms, {
    by: terms.map((t) => firstSymbol(t.expr)),
  });
}

function valueReason(ev: Evaluation, sym: SymbolDeps, requested: string): NotTakenReason {
  if (sym.type === 'string' && !isQuoted(requested)) {
    return reason('invalid-value', `a string value must be in double quotes: ${requested}`);
  }
  if ((sym.type === 'int' || sym.type === 'hex') && !isValidNumber(sym.type, requested)) {
    return reason('invalid-value', `"${requested}" is not a value a ${sym.type} takes`);
  }
  const state = ev.state(sym.name);
  const shownValue = sym.type === 'string' ? `"${state.text}"` : state.text;
  if (state.visible === no) {
    if (ev.evaluate(sym.dirDep) === no) {
      const terms = failing(ev, sym.dirDep, mod);
      return reason('dependency', `it depends on ${shownTerms(terms)}`, terms);
    }
    return hidden(ev, sym, mod, shownValue);
  }
  // sym_validate_range: the first range whose condition holds clamps the value.
  const range = sym.ranges.find((r) => ev.evaluate(r.visibility) !== no);
  if (range !== undefined && (sym.type === 'int' || sym.type === 'hex')) {
    const low = boundValue(ev, range.low);
    const high = boundValue(ev, range.high);
    const base = sym.type === 'int' ? 10 : 16;
    const value = parseNumber(requested, base);
    const outside =
      value !== undefined && ((parseNumber(low, base) ?? value) > value || (parseNumber(high, base) ?? value) < value);
    if (outside) {
      return reason('range', `${requested} is outside its range ${low} to ${high}`, [], { range: { low, high } });
    }
  }
  return unexplained(sym, requested, shownValue);
}

function unexplained(sym: SymbolDeps, requested: string, actual: string): NotTakenReason {
  return reason('unknown', `conf did not keep ${requested} for CONFIG_${sym.name} (it is ${actual})`);
}

/**
 * Not visible enough: no prompt at all, or the prompts' conditions (each with its definition's dependencies)
 * below `below`. `value`: what the symbol has instead, when its defaults decide it.
 */
function hidden(ev: Evaluation, sym: SymbolDeps, below: Tristate, value: string | undefined): NotTakenReason {
  const applies = value === undefined ? '' : `, so its default (${value}) applies`;
  const extra = value === undefined ? {} : { defaultValue: value };
  if (sym.prompts.length === 0) {
    return reason('no-prompt', `CONFIG_${sym.name} has no prompt: only a default or a select sets it`, [], extra);
  }
  const terms = sym.prompts.flatMap((p) => failing(ev, p.visibility, below));
  const limited = ev.state(sym.name).visible === mod ? 'its prompt is visible only as m' : 'its prompt is not visible';
  return reason('prompt-hidden', `${limited}: ${shownTerms(terms)}${applies}`, terms, extra);
}

function chosenInstead(ev: Evaluation, sym: SymbolDeps): NotTakenReason {
  const chosen = ev.choiceSelection(sym.choice as number);
  if (chosen === undefined) return unexplained(sym, 'y', ev.value(sym.name));
  return reason('choice', `its choice selected CONFIG_${chosen} instead`, [], { chosen });
}

/** The default's value alone (no user value, no imply), within the dependencies: sym_calc_value's first step. */
function defaultOnly(ev: Evaluation, sym: SymbolDeps): Tristate {
  const active = sym.defaults.find((d) => ev.evaluate(d.visibility) !== no);
  if (!active) return no;
  const value = ev.evaluate(active.value);
  const condition = ev.evaluate(active.visibility);
  return value < condition ? value : condition;
}

function rounded(t: Tristate, actsAsBool: boolean): Tristate {
  return t === mod && actsAsBool ? yes : t;
}

/** The `&&` terms of a condition that are below `wanted` (the whole condition if it is one term). */
function failing(ev: Evaluation, e: DepExpr | undefined, wanted: Tristate): ReasonTerm[] {
  const terms = andTerms(e);
  const low = terms.filter((t) => ev.evaluate(t) < wanted);
  return (low.length > 0 ? low : terms).map((t) => term(ev, t));
}

/** Terms joined by `&&`, an `||` term in parentheses as expr_print puts it. */
function shownTerms(terms: readonly ReasonTerm[]): string {
  if (terms.length === 0) return 'y';
  if (terms.length === 1) return (terms[0] as ReasonTerm).text;
  return terms.map((t) => (t.expr.kind === 'or' ? `(${t.text})` : t.text)).join(' && ');
}

function andTerms(e: DepExpr | undefined): readonly DepExpr[] {
  if (!e) return [];
  return e.kind === 'and' ? [...andTerms(e.left), ...andTerms(e.right)] : [e];
}

function orTerms(e: DepExpr | undefined): readonly DepExpr[] {
  if (!e) return [];
  return e.kind === 'or' ? [...orTerms(e.left), ...orTerms(e.right)] : [e];
}

/** A select/imply term is `SELECTOR && <its condition>`: the selector is its first symbol. */
function firstSymbol(e: DepExpr): string {
  const first = andTerms(e)[0];
  return first?.kind === 'symbol' ? first.name : formatExpr(e);
}

function term(ev: Evaluation, e: DepExpr): ReasonTerm {
  const names = new Set<string>();
  referencedSymbols(e, names);
  return {
    text: formatExpr(e, (o) => operandText(ev, o)),
    value: tristateName(ev.evaluate(e)),
    symbols: [...names].filter((n) => ev.deps.symbol(n)).map((name) => ({ name, value: ev.value(name) })),
    expr: e,
  };
}

/** expr_print's symbol printer: `NAME [=value]` for a symbol with a type, the bare name otherwise. */
function operandText(ev: Evaluation, o: Operand): string {
  if (o.kind === 'const') return o.value;
  if (o.kind === 'choice') return '<choice>';
  const sym = ev.deps.symbol(o.name);
  return sym && sym.type !== 'unknown' ? `${o.name} [=${ev.value(o.name)}]` : o.name;
}

/** A range bound: a number is a constant symbol whose value is its name, as sym_get_string_value gives it. */
function boundValue(ev: Evaluation, o: Operand): string {
  if (o.kind === 'const') return o.value;
  if (o.kind === 'choice') return '<choice>';
  return ev.deps.symbol(o.name) ? ev.value(o.name) : o.name;
}

/** strtoll-like, for comparing with a range: undefined when not a number. */
function parseNumber(text: string, base: 10 | 16): bigint | undefined {
  const body = base === 16 ? text.replace(/^0[xX]/, '') : text;
  const valid = base === 16 ? /^[0-9a-fA-F]+$/ : /^-?[0-9]+$/;
  if (!valid.test(body)) return undefined;
  return base === 16 ? BigInt(`0x${body}`) : BigInt(body);
}

function isQuoted(value: string): boolean {
  if (!value.startsWith('"')) return false;
  for (let i = 1; i < value.length; i++) {
    if (value[i] === '\\') i++;
    else if (value[i] === '"') return true;
  }
  return false;
}
