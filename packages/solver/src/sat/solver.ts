/**
 * A compact CDCL SAT solver: two watched literals per clause, first-UIP conflict learning with local clause
 * minimization, VSIDS branching with phase saving, Luby restarts. It is incremental: clauses can be added
 * between calls, and each call may take assumptions; when the assumptions make the problem unsatisfiable, the
 * solver says which of them were needed for the refutation (MiniSat's analyzeFinal), which is what explains
 * "why can't this symbol be enabled". Every call can be given a conflict budget, so no call runs unbounded.
 *
 * Literals are DIMACS integers: variable v (from 1) is `v`, its negation `-v`. Internally a literal is
 * `2 * (v - 1) + sign`, so that a literal and its negation differ in the last bit.
 */

export type Lit = number;

export type SolveStatus = 'sat' | 'unsat' | 'unknown';

export interface SolveOptions {
  /** Literals assumed true for this call only. */
  readonly assumptions?: readonly Lit[];
  /** Give up ('unknown') after this many conflicts; default: no limit. */
  readonly conflictLimit?: number;
}

interface Clause {
  /** Internal literals; lits[0] and lits[1] are watched, and lits[0] is the implied one of a reason. */
  readonly lits: number[];
  readonly learnt: boolean;
}

/** A clause, the false literal of a binary clause, or undefined for a decision. */
type Reason = Clause | number | undefined;

const UNDEF = 0;
const TRUE = 1;
const FALSE = -1;

export class SatSolver {
  private numVars = 0;
  /** Per variable: TRUE, FALSE or UNDEF. */
  private readonly assigns: number[] = [];
  private readonly levels: number[] = [];
  /** Why a variable was set: a clause, the false literal of a binary clause, or nothing (a decision). */
  private readonly reasons: Reason[] = [];
  /** Per internal literal p: the clauses watching its negation (visited when p becomes true). */
  private readonly watches: Clause[][] = [];
  /**
   * Binary clauses apart (most of a Tseitin encoding), as plain implications: per internal literal p, the
   * literals q of the clauses `(-p | q)`. An implied q's reason is the literal -p.
   */
  private readonly binaries: number[][] = [];
  private readonly trail: number[] = [];
  private readonly trailLim: number[] = [];
  private qhead = 0;
  private readonly activity: number[] = [];
  private varInc = 1;
  /** Branching candidates: the primary variables (the problem's inputs) by activity, then the rest in order. */
  private readonly heap = new VarHeap(this.activity);
  private readonly primary: boolean[] = [];
  /** No secondary variable below this index is unassigned. */
  private secondaryCursor = 0;
  /** Saved phases: the value each variable had last (phase saving). */
  private readonly phase: boolean[] = [];
  private readonly seen: number[] = [];
  private readonly model: boolean[] = [];
  private failed: Lit[] = [];
  /** False once the clauses alone are unsatisfiable. */
  private ok = true;
  /** Total conflicts over all calls, for callers that measure effort. */
  conflicts = 0;

  get variables(): number {
    return this.numVars;
  }

  /**
   * A new variable. A primary one (an input of the problem) is branched on before any other: Tseitin gate
   * outputs then follow by propagation instead of being guessed, which keeps the search short.
   */
  newVar(primary = false): Lit {
    const v = this.numVars++;
    this.primary.push(primary);
    this.assigns.push(UNDEF);
    this.levels.push(0);
    this.reasons.push(undefined);
    this.activity.push(0);
    this.phase.push(false);
    this.seen.push(0);
    this.model.push(false);
    this.watches.push([], []);
    this.binaries.push([], []);
    if (primary) this.heap.insert(v);
    return v + 1;
  }

  /**
   * Adds a clause (a disjunction). Returns false when the clauses are now known to be unsatisfiable.
   * Literals must name existing variables; duplicates and tautologies are handled.
   */
  addClause(clause: readonly Lit[]): boolean {
    if (!this.ok) return false;
    this.cancelUntil(0);
    const lits: number[] = [];
    for (const ext of clause) {
      const l = toInternal(ext);
      const value = this.litValue(l);
      // Satisfied at the root, or a tautology: the clause adds nothing.
      if (value === TRUE || lits.includes(l ^ 1)) return true;
      if (value === FALSE || lits.includes(l)) continue;
      lits.push(l);
    }
    if (lits.length === 0) {
      this.ok = false;
      return false;
    }
    if (lits.length === 1) {
      this.enqueue(lits[0] as number, undefined);
      this.ok = this.propagate() === undefined;
      return this.ok;
    }
    this.attach({ lits, learnt: false });
    return true;
  }

  /**
   * Searches for an assignment satisfying every clause and the assumptions. After 'sat', `value` reads the
   * model; after 'unsat', `failedAssumptions` holds assumptions that together cannot hold (empty when the
   * clauses alone are unsatisfiable).
   */
  solve(options: SolveOptions = {}): SolveStatus {
    this.failed = [];
    if (!this.ok) return 'unsat';
    const assumptions = (options.assumptions ?? []).map(toInternal);
    const budget = options.conflictLimit ?? Number.POSITIVE_INFINITY;
    const start = this.conflicts;
    for (let restart = 0; ; restart++) {
      const limit = Math.min(100 * luby(restart), budget - (this.conflicts - start));
      const status = this.search(assumptions, limit);
      if (status !== 'restart') {
        this.cancelUntil(0);
        return status;
      }
      if (this.conflicts - start >= budget) {
        this.cancelUntil(0);
        return 'unknown';
      }
    }
  }

  /** The value to try first when branching on the literal's variable (until the search saves another). */
  setPhase(lit: Lit): void {
    this.phase[Math.abs(lit) - 1] = lit > 0;
  }

  /** The variable's value in the last model (a DIMACS literal reads as true or false). */
  value(lit: Lit): boolean {
    const v = Math.abs(lit) - 1;
    const value = this.model[v] ?? false;
    return lit > 0 ? value : !value;
  }

  /** After 'unsat' under assumptions: the assumptions used to refute them. */
  failedAssumptions(): readonly Lit[] {
    return this.failed;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Search

  private search(assumptions: readonly number[], conflictLimit: number): SolveStatus | 'restart' {
    let conflictsHere = 0;
    for (;;) {
      const conflict = this.propagate();
      if (conflict) {
        this.conflicts++;
        conflictsHere++;
        if (this.decisionLevel() === 0) {
          this.ok = false;
          return 'unsat';
        }
        const { learnt, backtrack } = this.analyze(conflict);
        this.cancelUntil(backtrack);
        if (learnt.length === 1) {
          this.enqueue(learnt[0] as number, undefined);
        } else {
          const clause: Clause = { lits: learnt, learnt: true };
          this.attach(clause);
          this.enqueue(learnt[0] as number, clause);
        }
        this.varInc /= 0.95;
        continue;
      }
      if (conflictsHere >= conflictLimit) {
        this.cancelUntil(0);
        return 'restart';
      }
      // Assumptions first, one decision level each, then VSIDS.
      let next: number | undefined;
      while (this.decisionLevel() < assumptions.length) {
        const p = assumptions[this.decisionLevel()] as number;
        const value = this.litValue(p);
        if (value === TRUE) {
          this.trailLim.push(this.trail.length);
        } else if (value === FALSE) {
          this.failed = this.analyzeFinal(p).map(toExternal);
          return 'unsat';
        } else {
          next = p;
          break;
        }
      }
      if (next === undefined) {
        next = this.pickBranch();
        if (next === undefined) {
          for (let v = 0; v < this.numVars; v++) this.model[v] = this.assigns[v] === TRUE;
          return 'sat';
        }
      }
      this.trailLim.push(this.trail.length);
      this.enqueue(next, undefined);
    }
  }

  private pickBranch(): number | undefined {
    while (!this.heap.empty()) {
      const v = this.heap.removeMax();
      if (this.assigns[v] === UNDEF) return 2 * v + (this.phase[v] ? 0 : 1);
    }
    // Secondary variables (gate outputs, counters) are nearly all set by propagation by now: scan, no heap.
    for (; this.secondaryCursor < this.numVars; this.secondaryCursor++) {
      const v = this.secondaryCursor;
      if (!this.primary[v] && this.assigns[v] === UNDEF) return 2 * v + (this.phase[v] ? 0 : 1);
    }
    return undefined;
  }

  /** Unit propagation over the binary clauses and the watches; returns a conflicting clause, if any. */
  private propagate(): Clause | undefined {
    while (this.qhead < this.trail.length) {
      const p = this.trail[this.qhead++] as number;
      const implied = this.binaries[p] as number[];
      for (let k = 0; k < implied.length; k++) {
        const q = implied[k] as number;
        const value = this.litValue(q);
        if (value === TRUE) continue;
        if (value === FALSE) {
          this.qhead = this.trail.length;
          return { lits: [q, p ^ 1], learnt: false };
        }
        this.enqueue(q, p ^ 1);
      }
      const falseLit = p ^ 1;
      const list = this.watches[p] as Clause[];
      let i = 0;
      let j = 0;
      while (i < list.length) {
        const clause = list[i++] as Clause;
        const lits = clause.lits;
        if (lits[0] === falseLit) {
          lits[0] = lits[1] as number;
          lits[1] = falseLit;
        }
        const first = lits[0] as number;
        if (this.litValue(first) === TRUE) {
          list[j++] = clause;
          continue;
        }
        // Look for a new literal to watch.
        let moved = false;
        for (let k = 2; k < lits.length; k++) {
          const l = lits[k] as number;
          if (this.litValue(l) !== FALSE) {
            lits[1] = l;
            lits[k] = falseLit;
            (this.watches[l ^ 1] as Clause[]).push(clause);
            moved = true;
            break;
          }
        }
        if (moved) continue;
        list[j++] = clause;
        if (this.litValue(first) === FALSE) {
          while (i < list.length) list[j++] = list[i++] as Clause;
          list.length = j;
          this.qhead = this.trail.length;
          return clause;
        }
        this.enqueue(first, clause);
      }
      list.length = j;
    }
    return undefined;
  }

  /** First-UIP learning: the learnt clause (asserting literal first) and the level to go back to. */
  private analyze(conflict: Clause): { learnt: number[]; backtrack: number } {
    const learnt: number[] = [0];
    const level = this.decisionLevel();
    let pathCount = 0;
    let p = -1;
    let index = this.trail.length - 1;
    let clause: Clause | undefined = conflict;
    do {
      const lits = (clause as Clause).lits;
      for (let k = p === -1 ? 0 : 1; k < lits.length; k++) {
        const q = lits[k] as number;
        const v = q >> 1;
        if (this.seen[v] || this.levels[v] === 0) continue;
        this.bump(v);
        this.seen[v] = 1;
        if ((this.levels[v] as number) >= level) pathCount++;
        else learnt.push(q);
      }
      while (!this.seen[(this.trail[index] as number) >> 1]) index--;
      p = this.trail[index--] as number;
      clause = this.reasonClause(p >> 1);
      this.seen[p >> 1] = 0;
      pathCount--;
    } while (pathCount > 0);
    learnt[0] = p ^ 1;

    // Local minimization: drop a literal whose reason's other literals are all in the clause (or at level 0).
    const kept = [learnt[0] as number];
    for (let k = 1; k < learnt.length; k++) {
      const q = learnt[k] as number;
      const reason = this.reasonClause(q >> 1);
      const redundant =
        reason !== undefined &&
        reason.lits.every((r, at) => at === 0 || this.seen[r >> 1] === 1 || this.levels[r >> 1] === 0);
      if (!redundant) kept.push(q);
    }
    for (const q of learnt) this.seen[q >> 1] = 0;

    let backtrack = 0;
    if (kept.length > 1) {
      // The literal of the highest level goes second, so the clause watches it after backtracking.
      let max = 1;
      for (let k = 2; k < kept.length; k++) {
        if ((this.levels[(kept[k] as number) >> 1] as number) > (this.levels[(kept[max] as number) >> 1] as number))
          max = k;
      }
      const swap = kept[max] as number;
      kept[max] = kept[1] as number;
      kept[1] = swap;
      backtrack = this.levels[swap >> 1] as number;
    }
    return { learnt: kept, backtrack };
  }

  /**
   * MiniSat's analyzeFinal: the assumption `p` is false, implied by earlier assumptions; returns `p` and those
   * assumptions, as internal literals.
   */
  private analyzeFinal(p: number): number[] {
    const out = [p];
    if (this.decisionLevel() === 0) return out;
    this.seen[p >> 1] = 1;
    for (let i = this.trail.length - 1; i >= (this.trailLim[0] as number); i--) {
      const x = (this.trail[i] as number) >> 1;
      if (!this.seen[x]) continue;
      const reason = this.reasonClause(x);
      // A decision at these levels is an assumption.
      if (reason === undefined) out.push(this.trail[i] as number);
      else {
        for (let k = 1; k < reason.lits.length; k++) {
          const v = (reason.lits[k] as number) >> 1;
          if ((this.levels[v] as number) > 0) this.seen[v] = 1;
        }
      }
      this.seen[x] = 0;
    }
    this.seen[p >> 1] = 0;
    return out;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Assignment

  private decisionLevel(): number {
    return this.trailLim.length;
  }

  private litValue(l: number): number {
    const a = this.assigns[l >> 1] as number;
    return l & 1 ? -a : a;
  }

  /** A variable's reason as a clause, its implied literal first (made up for a binary implication). */
  private reasonClause(v: number): Clause | undefined {
    const reason = this.reasons[v];
    if (typeof reason !== 'number') return reason;
    return { lits: [2 * v + (this.assigns[v] === TRUE ? 0 : 1), reason], learnt: false };
  }

  private enqueue(l: number, reason: Reason): void {
    const v = l >> 1;
    this.assigns[v] = l & 1 ? FALSE : TRUE;
    this.levels[v] = this.decisionLevel();
    this.reasons[v] = reason;
    this.trail.push(l);
  }

  private cancelUntil(level: number): void {
    if (this.decisionLevel() <= level) return;
    const stop = this.trailLim[level] as number;
    for (let i = this.trail.length - 1; i >= stop; i--) {
      const v = (this.trail[i] as number) >> 1;
      this.phase[v] = this.assigns[v] === TRUE;
      this.assigns[v] = UNDEF;
      this.reasons[v] = undefined;
      if (!this.primary[v]) this.secondaryCursor = Math.min(this.secondaryCursor, v);
      else if (!this.heap.contains(v)) this.heap.insert(v);
    }
    this.trail.length = stop;
    this.trailLim.length = level;
    this.qhead = stop;
  }

  private attach(clause: Clause): void {
    const [a, b] = clause.lits as [number, number];
    if (clause.lits.length === 2) {
      // Both directions: -a implies b, -b implies a.
      (this.binaries[a ^ 1] as number[]).push(b);
      (this.binaries[b ^ 1] as number[]).push(a);
      return;
    }
    (this.watches[a ^ 1] as Clause[]).push(clause);
    (this.watches[b ^ 1] as Clause[]).push(clause);
  }

  private bump(v: number): void {
    this.activity[v] = (this.activity[v] as number) + this.varInc;
    if ((this.activity[v] as number) > 1e100) {
      for (let k = 0; k < this.numVars; k++) this.activity[k] = (this.activity[k] as number) * 1e-100;
      this.varInc *= 1e-100;
    }
    if (this.heap.contains(v)) this.heap.increased(v);
  }
}

function toInternal(lit: Lit): number {
  return lit > 0 ? 2 * (lit - 1) : 2 * (-lit - 1) + 1;
}

function toExternal(l: number): Lit {
  const v = (l >> 1) + 1;
  return l & 1 ? -v : v;
}

/** The Luby sequence 1 1 2 1 1 2 4 1 1 2 ... (restart intervals). */
function luby(i: number): number {
  let size = 1;
  let seq = 0;
  while (size < i + 1) {
    seq++;
    size = 2 * size + 1;
  }
  let x = i;
  while (size - 1 !== x) {
    size = (size - 1) >> 1;
    seq--;
    x %= size;
  }
  return 2 ** seq;
}

/** A binary max-heap of variables by activity, with positions for decrease/increase. */
class VarHeap {
  private readonly items: number[] = [];
  private readonly position: number[] = [];

  constructor(private readonly activity: readonly number[]) {}

  empty(): boolean {
    return this.items.length === 0;
  }

  contains(v: number): boolean {
    return (this.position[v] ?? -1) >= 0;
  }

  insert(v: number): void {
    this.position[v] = this.items.length;
    this.items.push(v);
    this.up(this.items.length - 1);
  }

  increased(v: number): void {
    this.up(this.position[v] as number);
  }

  removeMax(): number {
    const top = this.items[0] as number;
    const last = this.items.pop() as number;
    this.position[top] = -1;
    if (this.items.length > 0) {
      this.items[0] = last;
      this.position[last] = 0;
      this.down(0);
    }
    return top;
  }

  private up(at: number): void {
    const v = this.items[at] as number;
    const act = this.activity[v] as number;
    let i = at;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pv = this.items[parent] as number;
      if ((this.activity[pv] as number) >= act) break;
      this.items[i] = pv;
      this.position[pv] = i;
      i = parent;
    }
    this.items[i] = v;
    this.position[v] = i;
  }

  private down(at: number): void {
    const v = this.items[at] as number;
    const act = this.activity[v] as number;
    let i = at;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.items.length) break;
      const right = left + 1;
      const child =
        right < this.items.length &&
        (this.activity[this.items[right] as number] as number) > (this.activity[this.items[left] as number] as number)
          ? right
          : left;
      const cv = this.items[child] as number;
      if ((this.activity[cv] as number) <= act) break;
      this.items[i] = cv;
      this.position[cv] = i;
      i = child;
    }
    this.items[i] = v;
    this.position[v] = i;
  }
}
