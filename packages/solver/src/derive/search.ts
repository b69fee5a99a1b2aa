/**
 * The search behind enableWith and deriveRequirements: goals on symbols (at least m, y, or n) are solved over
 * the CNF of their dependency cone, the number of changed user settings is minimised (a sequential counter
 * tightened by assumptions), and every candidate is verified by the exact Evaluation with the settings applied
 * as user values, as merge_config.sh and olddefconfig would apply them. A candidate the evaluation refutes is
 * blocked and the search goes on, a bounded number of times (counterexample-guided refinement). Verified
 * settings are then shrunk greedily, re-verifying each removal.
 *
 * When no settings exist, the reason is a smallest correction set of fixed facts (symbols without a prompt,
 * compares of fixed values, names the tree does not define, an n left in a condition): the facts that would
 * have to change, the nearest to the goals preferred, found with the same encoding in explain mode.
 */
import type { KconfigModel, MenuNode } from '@kconfig-solve/kconfig-parser';
import { escapeString } from '../config/write.js';
import type { SymbolDeps } from '../eval/dependencies.js';
import type { Evaluation } from '../eval/evaluation.js';
import { compareValues, isValidNumber, strtoll } from '../eval/compare.js';
import { type DepExpr, formatExpr, type Operand, referencedSymbols } from '../eval/expr.js';
import { mod, no, type Tristate, tristateName, yes } from '../eval/tristate.js';
import type { Lit, SatSolver } from '../sat/solver.js';
import { ConeEncoding, type FixedFact, modelTristate, type TriLits, type ValueLeaf } from './encode.js';

export interface Assignment {
  readonly symbol: string;
  /** 'y' | 'm' | 'n', or an int/hex/string value. */
  readonly value: string;
}

/** What a symbol must be: at least m (enabled), y, or n (not set). */
export interface Goal {
  readonly symbol: string;
  readonly want: 'm' | 'y' | 'n';
}

export interface SearchOptions {
  /** Goals whose symbol should take m rather than y when both cost the same number of changes. */
  readonly preferModule?: readonly string[];
  /** Conflicts allowed per SAT call (default 20000). */
  readonly conflictLimit?: number;
  /** Candidates the evaluation may refute before the search gives up (default 8). */
  readonly maxRefinements?: number;
  /**
   * When to stop minimising (a `performance.now()` time): the settings found by then are still verified, but
   * may not be the fewest. Finding and verifying a first answer is not cut short.
   */
  readonly deadline?: number;
}

export type Derivation =
  | {
      readonly status: 'found';
      readonly assignments: readonly Assignment[];
      /** False when the deadline stopped the minimisation: fewer settings may exist. */
      readonly minimal: boolean;
      /** Each goal symbol's value with the assignments applied. */
      readonly values: ReadonlyMap<string, Tristate>;
    }
  | {
      /** The encoding found settings, but the evaluation refuted every candidate: the last one and why. */
      readonly status: 'unverified';
      readonly assignments: readonly Assignment[];
      readonly reason: string;
    }
  | { readonly status: 'impossible' | 'gave-up'; readonly reason: string };

const DEFAULT_CONFLICTS = 20_000;
/** The counter's width: minimising starts from at most this many changes (more stay as the first model has them). */
const MAX_COUNTED = 64;

export function searchSettings(ev: Evaluation, goals: readonly Goal[], options: SearchOptions = {}): Derivation {
  if (goals.every((g) => goalHolds(ev, g))) {
    return { status: 'found', assignments: [], minimal: true, values: goalValues(ev, goals) };
  }
  // The common case first: a goal whose own prompt is enough (its dependencies already hold) needs no search.
  const direct = directSettings(ev, goals, options.preferModule ?? []);
  if (direct)
    return {
      status: 'found',
      assignments: direct,
      minimal: true,
      values: withAssignments(ev, direct, () => goalValues(ev, goals)),
    };
  const budget = options.conflictLimit ?? DEFAULT_CONFLICTS;
  const enc = new ConeEncoding(
    ev,
    goals.map((g) => g.symbol),
  );
  const solver = enc.cnf.solver;
  const goalLits = goals.map((g) => goalLiteral(enc.values.get(g.symbol) as TriLits, g.want));
  const changes = enc.changeLiterals();
  // The current config, solved once without the goals, leaves every variable's saved phase at its current
  // value: the search for the goals then starts there, and its first model changes little.
  solver.solve({
    assumptions: changes.map((l) => -l),
    conflictLimit: budget,
  });
  const first = solver.solve({ assumptions: goalLits, conflictLimit: budget });
  if (first === 'unsat') return { status: 'impossible', reason: explainImpossible(ev, goals, budget) };
  if (first === 'unknown') return { status: 'gave-up', reason: 'the search for settings ran out of its budget' };

  // A goal symbol's own setting is not counted: setting it directly beats reaching it through a select.
  const goalNames = new Set(goals.map((g) => g.symbol));
  const counted = enc.changeLiterals(goalNames);
  const primary = enc.cnf.counter(counted, Math.min(countTrue(solver, counted), MAX_COUNTED));
  const preferred = (options.preferModule ?? [])
    .map((name) => enc.values.get(name))
    .filter((v): v is TriLits => v !== undefined)
    .map((v) => -v.y);
  // Among settings of equal count, the fewest side effects: values that change in the cone.
  const sideEffects = enc.valueChangeLiterals(goalNames);
  let secondary: readonly Lit[] | undefined;

  let last: { assignments: readonly Assignment[]; reason: string } | undefined;
  const clock = { deadline: options.deadline, cut: false };
  const refinements = options.maxRefinements ?? 8;
  for (let round = 0; round <= refinements; round++) {
    if (round > 0 && solver.solve({ assumptions: goalLits, conflictLimit: budget }) !== 'sat') break;
    const bound = minimize(solver, goalLits, counted, primary, budget, clock);
    const fixed = [...goalLits];
    const withinBound = primary[bound + 1];
    if (withinBound !== undefined) fixed.push(-withinBound);
    // Prefer m for the goals that asked for it (a failed try leaves the model as it was).
    if (
      preferred.length > 0 &&
      solver.solve({ assumptions: [...fixed, ...preferred], conflictLimit: budget }) === 'sat'
    )
      fixed.push(...preferred);
    secondary ??= enc.cnf.counter(sideEffects, Math.min(countTrue(solver, sideEffects), MAX_COUNTED));
    minimize(solver, fixed, sideEffects, secondary, budget, clock);
    const groups = extractAssignments(enc, (l) => solver.value(l));
    const assignments = sortByConfigOrder(ev, groups.flat());
    if (verify(ev, goals, assignments)) {
      const shrunk = shrink(ev, goals, groups);
      return {
        status: 'found',
        assignments: shrunk,
        minimal: !clock.cut,
        values: withAssignments(ev, shrunk, () => goalValues(ev, goals)),
      };
    }
    last = { assignments, reason: refutation(ev, goals, assignments) };
    blockExactly(enc, solver, changes);
  }
  if (last) return { status: 'unverified', ...last };
  return { status: 'gave-up', reason: 'no candidate settings survived the evaluation' };
}

/**
 * Tightens the bound on how many of `counted` are true, under `assumptions`, until the solver fails (or gives
 * up, or the deadline passes: `clock.cut` says so); returns the lowest count reached. The solver's model stays
 * the last one found, which has that count.
 */
function minimize(
  solver: SatSolver,
  assumptions: readonly Lit[],
  counted: readonly Lit[],
  atLeast: readonly Lit[],
  budget: number,
  clock: { readonly deadline: number | undefined; cut: boolean },
): number {
  let best = countTrue(solver, counted);
  for (;;) {
    const atLeastBest = atLeast[best];
    if (best === 0 || atLeastBest === undefined) return best;
    if (clock.deadline !== undefined && performance.now() > clock.deadline) {
      clock.cut = true;
      return best;
    }
    if (solver.solve({ assumptions: [...assumptions, -atLeastBest], conflictLimit: budget }) !== 'sat') return best;
    best = countTrue(solver, counted);
  }
}

function countTrue(solver: SatSolver, lits: readonly Lit[]): number {
  let n = 0;
  for (const l of lits) if (solver.value(l)) n++;
  return n;
}

/**
 * Setting each failing goal symbol itself (m first where preferred, when modules are on), if that alone verifies:
 * the fewest changes there can be, found without encoding the cone.
 */
function directSettings(
  ev: Evaluation,
  goals: readonly Goal[],
  preferModule: readonly string[],
): Assignment[] | undefined {
  const failing = goals.filter((g) => !goalHolds(ev, g));
  if (failing.some((g) => ev.deps.symbol(g.symbol)?.prompts.length === 0)) return undefined;
  const values = (g: Goal): string[] => {
    if (g.want !== 'm') return [g.want];
    const tristate = ev.deps.symbol(g.symbol)?.type === 'tristate';
    return tristate && ev.modules() !== no && preferModule.includes(g.symbol) ? ['m', 'y'] : ['y'];
  };
  const first = failing.map((g) => ({ symbol: g.symbol, value: values(g)[0] as string }));
  if (verify(ev, goals, first)) return sortByConfigOrder(ev, first);
  const second = failing.map((g) => ({ symbol: g.symbol, value: values(g).at(-1) as string }));
  return verify(ev, goals, second) ? sortByConfigOrder(ev, second) : undefined;
}

function goalLiteral(value: TriLits, want: Goal['want']): Lit {
  return want === 'y' ? value.y : want === 'm' ? value.m : -value.m;
}

export function goalHolds(ev: Evaluation, goal: Goal): boolean {
  const tri = ev.tristate(goal.symbol);
  return goal.want === 'y' ? tri === yes : goal.want === 'm' ? tri >= mod : tri === no;
}

function goalValues(ev: Evaluation, goals: readonly Goal[]): Map<string, Tristate> {
  return new Map(goals.map((g) => [g.symbol, ev.tristate(g.symbol)]));
}

// ---------------------------------------------------------------------------------------------------------------
// From a model to settings

/**
 * The settings a model makes, in groups that stand or fall together: one per changed user value, and per
 * changed choice its new member with the members set so far turned off.
 */
function extractAssignments(enc: ConeEncoding, value: (l: Lit) => boolean): Assignment[][] {
  const ev = enc.ev;
  const groups: Assignment[][] = [];
  const taken = new Set<string>();
  const add = (group: Assignment[]) => {
    const fresh = group.filter((a) => !taken.has(a.symbol));
    for (const a of fresh) taken.add(a.symbol);
    if (fresh.length > 0) groups.push(fresh);
  };
  const modules = ev.deps.modulesSymbol !== undefined ? enc.values.get(ev.deps.modulesSymbol) : undefined;
  const modulesOn = modules !== undefined && value(modules.m);
  for (const user of enc.users.values()) {
    if (!value(user.changed)) continue;
    const tri = modelTristate(value, user.value);
    // With MODULES=n an m acts as y: write what it means.
    add([{ symbol: user.symbol, value: tri === mod && !modulesOn ? 'y' : tristateName(tri) }]);
  }
  for (const pick of enc.picks) {
    if (!value(pick.changed)) continue;
    const chosen = pick.members.find((m) => value(m.picked))?.symbol;
    if (chosen === undefined) continue;
    // The members set to y so far are turned off, so the new one is the only y whatever the order the
    // settings are read in (6.12 conf_read_simple gives the member read last the priority).
    const others = (ev.deps.choices[pick.choice]?.members ?? []).filter((m) => m !== chosen && ev.userValue(m) === 'y');
    add([{ symbol: chosen, value: 'y' }, ...others.map((m) => ({ symbol: m, value: 'n' }))]);
  }
  for (const leaf of enc.leaves) {
    if (!value(leaf.changed)) continue;
    const witness = witnessValue(ev, leaf, value(leaf.holds));
    if (witness !== undefined) add([{ symbol: leaf.symbol, value: witness }]);
  }
  return groups;
}

export function sortByConfigOrder(ev: Evaluation, assignments: readonly Assignment[]): Assignment[] {
  const order = configOrder(ev.model);
  const at = (a: Assignment) => order.get(a.symbol) ?? Number.MAX_SAFE_INTEGER;
  return [...assignments].sort((a, b) => at(a) - at(b) || a.symbol.localeCompare(b.symbol));
}

/** A value of the leaf's int/hex/string symbol that makes its compare come out as `holds`, if one is simple. */
function witnessValue(ev: Evaluation, leaf: ValueLeaf, holds: boolean): string | undefined {
  const sym = ev.deps.symbol(leaf.symbol) as SymbolDeps;
  const { left, right, op } = leaf.compare;
  const mine = left.kind === 'symbol' && left.name === leaf.symbol ? 'left' : 'right';
  const other = mine === 'left' ? right : left;
  const otherText = operandText(ev, other);
  const candidates = [otherText];
  if (sym.type === 'int' || sym.type === 'hex') {
    const base = sym.type === 'int' ? 10 : 16;
    const n = strtoll(otherText, base);
    for (const d of [1n, -1n, 0n]) {
      const v = n + d;
      candidates.push(sym.type === 'int' ? v.toString() : `0x${(v < 0n ? 0n : v).toString(16)}`);
    }
  } else {
    candidates.push('', `${otherText}x`);
  }
  const otherValue = { type: operandType(ev, other), text: otherText };
  return candidates.find((text) => {
    if ((sym.type === 'int' || sym.type === 'hex') && !isValidNumber(sym.type, text)) return false;
    const me = { type: sym.type, text };
    const result = mine === 'left' ? compareValues(op, me, otherValue) : compareValues(op, otherValue, me);
    return (result === yes) === holds;
  });
}

function operandText(ev: Evaluation, o: Operand): string {
  if (o.kind === 'const') return o.value;
  if (o.kind === 'choice') return tristateName(ev.choiceMode(o.choice));
  return ev.deps.symbol(o.name) ? ev.value(o.name) : o.name;
}

function operandType(ev: Evaluation, o: Operand): SymbolDeps['type'] {
  if (o.kind === 'symbol' && ev.deps.symbol(o.name)) return (ev.deps.symbol(o.name) as SymbolDeps).type;
  const text = o.kind === 'const' ? o.value : o.kind === 'symbol' ? o.name : 'y';
  return text === 'y' || text === 'm' || text === 'n' ? 'tristate' : 'unknown';
}

// ---------------------------------------------------------------------------------------------------------------
// Verification with the exact evaluation

/**
 * Runs `read` with the assignments applied to `ev` as user values (as reading them from a merged .config
 * would), then restores every user value, choice state and the warning list as they were.
 */
export function withAssignments<T>(ev: Evaluation, assignments: readonly Assignment[], read: () => T): T {
  const saved = assignments.map((a) => ({ symbol: a.symbol, user: ev.userValue(a.symbol) }));
  const legacy = new Map<number, { tri: Tristate; has: boolean; selected: string | undefined }>();
  const warnings = ev.warnings.length;
  try {
    for (const a of assignments) {
      ev.setUserValue(a.symbol, a.value);
      const choice = ev.deps.symbol(a.symbol)?.choice;
      // 6.1 keeps the selected member on the choice symbol (conf_read_simple).
      if (ev.rules === '6.1' && choice !== undefined && a.value === 'y') {
        if (!legacy.has(choice)) {
          legacy.set(choice, {
            tri: ev.choiceUserTristate(choice),
            has: ev.choiceHasUserMode(choice),
            selected: ev.choiceSelection(choice),
          });
        }
        ev.legacyChoiceInput(a.symbol);
      }
    }
    return read();
  } finally {
    for (const { symbol, user } of saved.reverse()) {
      if (user === undefined) ev.clearUserValue(symbol);
      else ev.setUserValue(symbol, user);
    }
    for (const [choice, state] of legacy) {
      ev.setChoiceUserMode(choice, state.tri, state.has);
      if (state.selected !== undefined) ev.setChoiceSelection(choice, state.selected);
    }
    ev.warnings.length = warnings;
  }
}

export function verify(ev: Evaluation, goals: readonly Goal[], assignments: readonly Assignment[]): boolean {
  return withAssignments(ev, assignments, () => goals.every((g) => goalHolds(ev, g)));
}

/** Drops every group of settings the goals hold without, last first (later settings tend to be consequences). */
function shrink(ev: Evaluation, goals: readonly Goal[], groups: readonly Assignment[][]): Assignment[] {
  let kept = [...groups];
  for (let i = kept.length - 1; i >= 0; i--) {
    const without = kept.filter((_, at) => at !== i);
    if (verify(ev, goals, without.flat())) kept = without;
  }
  return sortByConfigOrder(ev, kept.flat());
}

/** Why a candidate did not verify: the first goal it misses, with the evaluation's values. */
function refutation(ev: Evaluation, goals: readonly Goal[], assignments: readonly Assignment[]): string {
  return withAssignments(ev, assignments, () => {
    const missed = goals.find((g) => !goalHolds(ev, g));
    if (!missed) return 'the settings did not verify';
    const sym = ev.deps.symbol(missed.symbol);
    const state = ev.state(missed.symbol);
    const parts = [`with these settings CONFIG_${missed.symbol} is ${tristateName(state.tri)}`];
    if (sym?.dirDep && state.dirDep === no) parts.push(`it depends on ${shownExpr(ev, sym.dirDep)}`);
    else if (state.revDep > no && missed.want === 'n') parts.push(`it is selected by ${shownExpr(ev, sym?.revDep)}`);
    return parts.join(': ');
  });
}

/** Blocks the model's exact set of changes (the same settings and nothing else), so the next candidate differs. */
function blockExactly(enc: ConeEncoding, solver: SatSolver, changes: readonly Lit[]): void {
  const clause: Lit[] = [];
  for (const l of changes) if (!solver.value(l)) clause.push(l);
  for (const user of enc.users.values()) {
    if (!solver.value(user.changed)) continue;
    for (const l of [user.has, user.value.m, user.value.y]) clause.push(solver.value(l) ? -l : l);
  }
  for (const pick of enc.picks) {
    if (!solver.value(pick.changed)) continue;
    for (const m of pick.members) if (solver.value(m.picked)) clause.push(-m.picked);
  }
  for (const leaf of enc.leaves) if (solver.value(leaf.changed)) clause.push(-leaf.changed);
  enc.cnf.clause(clause);
}

// ---------------------------------------------------------------------------------------------------------------
// Reasons

/** The largest correction set searched for: more fixed facts than this in the way are summed up. */
const MAX_CORRECTION = 3;

/**
 * Why no settings reach the goals: the fixed facts (symbols without prompt, compares of fixed values, names the
 * tree does not define, an n in a condition) in the way, each with its value. The reason is a smallest correction set: facts whose
 * change would let the goals hold, the nearest to the goals preferred ("depends on X86_32 [=n]"), with the
 * alternatives when several single facts would each do (`A || B`: "A [=n] or B [=n]").
 *
 * Facts are fixed by distance from the goals, one selector literal per distance, so each call takes a handful
 * of assumptions however many facts the cone has; a counter over the override literals bounds how many may
 * change.
 */
export function explainImpossible(ev: Evaluation, goals: readonly Goal[], budget = DEFAULT_CONFLICTS): string {
  const enc = new ConeEncoding(
    ev,
    goals.map((g) => g.symbol),
    { explain: true },
  );
  const cnf = enc.cnf;
  const solver = cnf.solver;
  const goalLits = goals.map((g) => goalLiteral(enc.values.get(g.symbol) as TriLits, g.want));
  const goalNames = new Set(goals.map((g) => g.symbol));
  const distanceOf = (f: FixedFact) => (enc.distance.get(f.owner) ?? 0) + (f.kind === 'no-prompt' ? 0 : 1);
  const facts: FixedFact[] = [];
  const selectors = new Map<number, Lit>();
  for (const f of enc.facts) {
    // A goal symbol's own formula stays: freeing it would "explain" anything.
    if (f.kind === 'no-prompt' && goalNames.has(f.owner)) {
      cnf.clause([-f.override]);
      continue;
    }
    facts.push(f);
    const d = distanceOf(f);
    let selector = selectors.get(d);
    if (selector === undefined) {
      selector = cnf.fresh();
      selectors.set(d, selector);
    }
    cnf.clause([-selector, -f.override]);
  }
  /** Assumptions fixing every fact at distance `from` or more. */
  const fixedFrom = (from: number) => [...selectors].filter(([d]) => d >= from).map(([, l]) => l);
  const solve = (assumptions: readonly Lit[]) =>
    solver.solve({ assumptions: [...goalLits, ...assumptions], conflictLimit: budget });
  const changed = () => facts.filter((f) => solver.value(f.override));

  const refuted = solve(fixedFrom(0));
  if (refuted === 'sat') return 'the encoding and the evaluation disagree on this symbol';
  if (refuted === 'unknown') return 'the search for a reason ran out of its budget';
  if (!solver.failedAssumptions().some((l) => [...selectors.values()].includes(l))) return contradiction(ev, goals);

  const atLeast = cnf.counter(
    facts.map((f) => f.override),
    MAX_CORRECTION,
  );
  // One fact: the nearest, then the other single facts as near, which would do as well.
  if (solve([-(atLeast[2] as Lit)]) === 'sat') {
    let nearest = changed()[0] as FixedFact;
    while (solve([-(atLeast[2] as Lit), ...fixedFrom(distanceOf(nearest))]) === 'sat') {
      nearest = changed()[0] as FixedFact;
    }
    const alternatives = [nearest];
    const distance = distanceOf(nearest);
    while (alternatives.length < MAX_CORRECTION) {
      const others = alternatives.map((f) => -f.override);
      if (solve([-(atLeast[2] as Lit), ...fixedFrom(distance + 1), ...others]) !== 'sat') break;
      alternatives.push(changed()[0] as FixedFact);
    }
    return describeFacts(ev, goals, alternatives, 'or');
  }
  for (let k = 2; k <= MAX_CORRECTION; k++) {
    if (solve([-(atLeast[k + 1] as Lit)]) === 'sat') {
      return describeFacts(
        ev,
        goals,
        changed().sort((a, b) => distanceOf(a) - distanceOf(b)),
        'and',
      );
    }
  }
  solve([]);
  const nearest = changed().sort((a, b) => distanceOf(a) - distanceOf(b));
  return `${describeFacts(ev, goals, nearest.slice(0, MAX_CORRECTION), 'and')}, and more`;
}

/** The facts with their relation to the goal: `depends on X [=n], which no prompt can change`. */
function describeFacts(
  ev: Evaluation,
  goals: readonly Goal[],
  facts: readonly FixedFact[],
  join: 'or' | 'and',
): string {
  const goal = goals[0] as Goal;
  const sym = ev.deps.symbol(goal.symbol);
  const relation = (f: FixedFact): string => {
    const found = (e: DepExpr | undefined) => {
      if (f.kind === 'compare') return findCompare(e, f.text) !== undefined;
      const set = new Set<string>();
      referencedSymbols(e, set);
      return f.symbols.some((s) => set.has(s));
    };
    if (goals.length > 1 || !sym) return 'needs';
    if (goal.want === 'n' && found(sym.revDep)) return 'is selected by';
    if (found(sym.dirDep)) return 'depends on';
    if (sym.prompts.some((p) => found(p.visibility))) return 'has a prompt that needs';
    return 'needs';
  };
  const parts = facts.map((f) => {
    switch (f.kind) {
      case 'no-prompt':
        return `${relation(f)} ${f.text} [=${ev.value(f.text)}], which no prompt can change`;
      case 'undefined':
        return `${relation(f)} ${f.text}, which this tree does not define`;
      case 'constant': {
        const fixedWhen = 'a condition fixed when the Kconfig files were read (such as a $(success,...) test)';
        if (goals.some((g) => g.symbol === f.owner)) return `depends on n, ${fixedWhen}`;
        return `${relation(f)} ${f.owner} [=${ev.value(f.owner)}], which depends on n, ${fixedWhen}`;
      }
      case 'compare': {
        const values = f.symbols.filter((s) => ev.deps.symbol(s)).map((s) => `${s}=${ev.value(s)}`);
        const now = tristateName(ev.evaluate(compareOf(ev, f)));
        return `${relation(f)} ${f.text} [=${now}]${values.length > 0 ? ` (${values.join(', ')})` : ''}, which no prompt can change`;
      }
    }
  });
  // Alternatives: any one would do; else each of them has to change.
  return parts.join(join === 'or' ? '; or ' : '; and ');
}

/** The compare a `compare` fact stands for, found again in its owner's formulas by its printed text. */
function compareOf(ev: Evaluation, f: FixedFact): DepExpr | undefined {
  const sym = ev.deps.symbol(f.owner);
  const exprs = [
    sym?.dirDep,
    sym?.revDep,
    sym?.weakRevDep,
    ...(sym?.prompts ?? []).map((p) => p.visibility),
    ...(sym?.defaults ?? []).flatMap((d) => [d.value, d.visibility]),
  ];
  for (const e of exprs) {
    const found = findCompare(e, f.text);
    if (found) return found;
  }
  return undefined;
}

function findCompare(e: DepExpr | undefined, text: string): DepExpr | undefined {
  if (!e) return undefined;
  switch (e.kind) {
    case 'compare':
      return formatExpr(e) === text ? e : undefined;
    case 'not':
      return findCompare(e.operand, text);
    case 'and':
    case 'or':
      return findCompare(e.left, text) ?? findCompare(e.right, text);
    default:
      return undefined;
  }
}

/** Goals that fail even with every fixed fact free: their own formulas (or each other) exclude them. */
function contradiction(ev: Evaluation, goals: readonly Goal[]): string {
  if (goals.length > 1) return `${goals.map(goalText).join(', ')} cannot hold together`;
  const goal = goals[0] as Goal;
  const sym = ev.deps.symbol(goal.symbol);
  if (sym && sym.prompts.length === 0 && goal.want !== 'n') {
    return `CONFIG_${goal.symbol} has no prompt, and no setting makes a default or a select give it ${goal.want}`;
  }
  if (sym?.dirDep) return `its dependencies cannot hold: ${shownExpr(ev, sym.dirDep)}`;
  return `no setting gives CONFIG_${goal.symbol} the value ${goal.want}`;
}

export function goalText(g: Goal): string {
  return g.want === 'n' ? `!${g.symbol}` : g.want === 'y' ? `${g.symbol}=y` : g.symbol;
}

/** An expression with each symbol's value, as conf's help and warnings print it. */
export function shownExpr(ev: Evaluation, e: DepExpr | undefined): string {
  return formatExpr(e, (o) => {
    if (o.kind === 'symbol') return `${o.name} [=${ev.deps.symbol(o.name) ? ev.value(o.name) : 'n'}]`;
    return o.kind === 'const' ? o.value : '<choice>';
  });
}

/** A settings line as merge_config.sh reads it: `CONFIG_X=y`, `CONFIG_S="text"`, `# CONFIG_X is not set`. */
export function formatAssignment(ev: Evaluation, a: Assignment, prefix = 'CONFIG_'): string {
  if (a.value === 'n' && isTristateType(ev, a.symbol)) return `# ${prefix}${a.symbol} is not set`;
  if (ev.deps.symbol(a.symbol)?.type === 'string') return `${prefix}${a.symbol}="${escapeString(a.value)}"`;
  return `${prefix}${a.symbol}=${a.value}`;
}

function isTristateType(ev: Evaluation, name: string): boolean {
  const type = ev.deps.symbol(name)?.type;
  return type === 'bool' || type === 'tristate';
}

/** Symbols in .config order: the menu tree walked depth first, each symbol at its first definition. */
const configOrders = new WeakMap<KconfigModel, ReadonlyMap<string, number>>();
export function configOrder(model: KconfigModel): ReadonlyMap<string, number> {
  let order = configOrders.get(model);
  if (order) return order;
  const map = new Map<string, number>();
  const walk = (node: MenuNode) => {
    if (node.kind === 'config' && !map.has(node.symbol)) map.set(node.symbol, map.size);
    for (const child of node.children) walk(child);
  };
  walk(model.root);
  order = map;
  configOrders.set(model, order);
  return order;
}
