/**
 * Why a requested value did not take, from the solver's evaluation and in conf's vocabulary: the terms of the
 * symbol's dependencies (dirDep) that are too low, the selects (revDep) that force it higher, a prompt that is
 * not visible, the member a choice took instead. Expressions print as menuconfig's help does, each symbol
 * with its value: `PCI [=n] && VIRTIO_MENU [=y]`.
 */
import type { SymbolDeps } from './dependencies.js';
import type { Evaluation } from './evaluation.js';
import { type DepExpr, formatExpr, type Operand } from './expr.js';
import { mod, no, type Tristate, tristateName, yes } from './tristate.js';

export function notTakenReason(ev: Evaluation, symbol: string, requested: string): string | undefined {
  const sym = ev.deps.symbol(symbol);
  if (!sym || sym.type === 'unknown') return `CONFIG_${symbol} is not defined in this kernel's Kconfig`;
  if (sym.type !== 'bool' && sym.type !== 'tristate') {
    if (ev.state(symbol).visible === no) return hiddenPrompt(ev, sym, mod);
    // sym_calc_value clamps an int/hex to the first range whose condition holds.
    const range = sym.ranges.find((r) => ev.evaluate(r.visibility) !== no);
    if (range === undefined || (sym.type !== 'int' && sym.type !== 'hex')) return undefined;
    return `${requested} is outside its range ${boundValue(ev, range.low)} to ${boundValue(ev, range.high)}`;
  }
  const wanted = requested === 'y' ? yes : requested === 'm' ? mod : requested === 'n' ? no : undefined;
  if (wanted === undefined) return `"${requested}" is not a value a ${sym.type} takes`;
  const state = ev.state(symbol);
  // sym_calc_value keeps a user value within [revDep, visibility], and visibility within dirDep.
  if (wanted > state.tri) {
    if (state.dirDep < wanted) return `it depends on ${tooLow(ev, sym.dirDep, wanted)}`;
    if (sym.type === 'bool' && wanted === mod) return `CONFIG_${symbol} is a bool: it cannot be m`;
    if (state.visible < wanted) return hiddenPrompt(ev, sym, wanted);
    if (sym.choice !== undefined) return chosenInstead(ev, sym.choice);
    return undefined;
  }
  if (state.revDep > wanted) {
    const selects = orTerms(sym.revDep).filter((t) => ev.evaluate(t) > wanted);
    return `it is selected by ${selects.map((t) => shown(ev, t)).join(', ')}`;
  }
  if (wanted === mod && sym.type === 'tristate' && ev.modules() === no)
    return 'CONFIG_MODULES is not set: a tristate is y or n';
  if (state.visible === no) {
    const hidden = hiddenPrompt(ev, sym, mod);
    return state.weakRevDep > wanted
      ? `${hidden}, and it is implied by ${shown(ev, sym.weakRevDep)}`
      : `${hidden}, so its default (${tristateName(state.tri)}) applies`;
  }
  if (sym.choice !== undefined) return 'it is the member its choice selected (a choice in use has one member y)';
  return undefined;
}

/** A prompt that is not visible enough for the requested value: none at all, or its conditions. */
function hiddenPrompt(ev: Evaluation, sym: SymbolDeps, wanted: Tristate): string {
  const prompt = sym.prompts[0];
  if (prompt === undefined) return `CONFIG_${sym.name} has no prompt: only a default or a select sets it`;
  return `its prompt is not visible: ${tooLow(ev, prompt.visibility, wanted)}`;
}

function chosenInstead(ev: Evaluation, choice: number): string | undefined {
  const chosen = ev.choiceSelection(choice);
  return chosen === undefined ? undefined : `its choice selected CONFIG_${chosen} instead`;
}

/** The `&&` terms of a condition that are below `wanted` (the whole condition if it is one term). */
function tooLow(ev: Evaluation, e: DepExpr | undefined, wanted: Tristate): string {
  const failing = andTerms(e).filter((t) => ev.evaluate(t) < wanted);
  return (failing.length > 0 ? failing : andTerms(e)).map((t) => shown(ev, t)).join(' && ');
}

function andTerms(e: DepExpr | undefined): readonly DepExpr[] {
  if (!e) return [];
  return e.kind === 'and' ? [...andTerms(e.left), ...andTerms(e.right)] : [e];
}

function orTerms(e: DepExpr | undefined): readonly DepExpr[] {
  if (!e) return [];
  return e.kind === 'or' ? [...orTerms(e.left), ...orTerms(e.right)] : [e];
}

function shown(ev: Evaluation, e: DepExpr | undefined): string {
  return formatExpr(e, (o: Operand) =>
    o.kind === 'symbol' ? `${o.name} [=${operandValue(ev, o)}]` : operandValue(ev, o),
  );
}

/** A range bound: a number is a constant symbol whose value is its name, as sym_get_string_value gives it. */
function boundValue(ev: Evaluation, o: Operand): string {
  return o.kind === 'symbol' ? ev.value(o.name) : operandValue(ev, o);
}

function operandValue(ev: Evaluation, o: Operand): string {
  if (o.kind === 'const') return o.value;
  if (o.kind === 'choice') return '<choice>';
  return ev.deps.symbol(o.name) ? ev.value(o.name) : 'n';
}
