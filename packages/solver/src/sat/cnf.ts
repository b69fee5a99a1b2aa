/**
 * Building CNF on a SatSolver: Tseitin gates for `and`/`or` with constant folding and structural sharing (the
 * same gate over the same inputs is one variable), and a sequential counter (Sinz 2005) whose outputs bound
 * how many of a set of literals are true, so a caller can tighten the bound with assumptions alone.
 */
import { type Lit, SatSolver } from './solver.js';

export class CnfBuilder {
  readonly solver: SatSolver;
  /** A literal fixed true (its negation is false). */
  readonly true: Lit;
  private readonly gates = new Map<string, Lit>();
  private readonly binaryGates = new Map<Lit, Map<Lit, Lit>>();

  constructor(solver: SatSolver = new SatSolver()) {
    this.solver = solver;
    this.true = solver.newVar();
    solver.addClause([this.true]);
  }

  get false(): Lit {
    return -this.true;
  }

  /** A gate or auxiliary variable: its value follows from the inputs. */
  fresh(): Lit {
    return this.solver.newVar();
  }

  /** An input of the problem: the solver branches on inputs first. */
  input(): Lit {
    return this.solver.newVar(true);
  }

  clause(lits: readonly Lit[]): void {
    this.solver.addClause(lits);
  }

  implies(a: Lit, b: Lit): void {
    this.clause([-a, b]);
  }

  /** `a <-> b`. */
  equal(a: Lit, b: Lit): void {
    if (a === b) return;
    this.clause([-a, b]);
    this.clause([a, -b]);
  }

  and(inputs: readonly Lit[]): Lit {
    if (inputs.length === 2) return this.and2(inputs[0] as Lit, inputs[1] as Lit);
    const set = new Set<Lit>();
    for (const l of inputs) {
      if (l === this.false || set.has(-l)) return this.false;
      if (l !== this.true) set.add(l);
    }
    if (set.size === 0) return this.true;
    const lits = [...set].sort((x, y) => x - y);
    if (lits.length === 1) return lits[0] as Lit;
    if (lits.length === 2) return this.and2(lits[0] as Lit, lits[1] as Lit);
    const key = lits.join(' ');
    const known = this.gates.get(key);
    if (known !== undefined) return known;
    const out = this.fresh();
    for (const l of lits) this.clause([-out, l]);
    this.clause([out, ...lits.map((l) => -l)]);
    this.gates.set(key, out);
    return out;
  }

  /** The two-input gate, the common case, kept in a table without string keys. */
  and2(a: Lit, b: Lit): Lit {
    if (a === this.false || b === this.false || a === -b) return this.false;
    if (a === this.true || a === b) return b;
    if (b === this.true) return a;
    const [x, y] = a < b ? [a, b] : [b, a];
    let row = this.binaryGates.get(x);
    if (!row) {
      row = new Map();
      this.binaryGates.set(x, row);
    }
    const known = row.get(y);
    if (known !== undefined) return known;
    const out = this.fresh();
    this.clause([-out, x]);
    this.clause([-out, y]);
    this.clause([out, -x, -y]);
    row.set(y, out);
    return out;
  }

  or(inputs: readonly Lit[]): Lit {
    return -this.and(inputs.map((l) => -l));
  }

  or2(a: Lit, b: Lit): Lit {
    return -this.and2(-a, -b);
  }

  /** `c ? a : b`. */
  ite(c: Lit, a: Lit, b: Lit): Lit {
    if (c === this.true || a === b) return a;
    if (c === this.false) return b;
    return this.or2(this.and2(c, a), this.and2(-c, b));
  }

  /**
   * A sequential counter over `inputs` up to `max`: `atLeast[j]` (j = 0..max+1) is implied by "at least j
   * inputs are true". Assuming `-atLeast[k + 1]` therefore allows at most k of them.
   */
  counter(inputs: readonly Lit[], max: number): readonly Lit[] {
    const width = max + 1;
    // previous[j]: at least j+1 of the inputs seen so far are true (one-sided: only implied, never implying).
    let previous: Lit[] = [];
    for (const x of inputs) {
      const current: Lit[] = [];
      for (let j = 0; j < width; j++) {
        const out = this.fresh();
        if (j === 0) this.implies(x, out);
        else {
          const below = previous[j - 1];
          if (below !== undefined) this.clause([-x, -below, out]);
        }
        const same = previous[j];
        if (same !== undefined) this.implies(same, out);
        current.push(out);
      }
      previous = current;
    }
    return [this.true, ...Array.from({ length: width }, (_, j) => previous[j] ?? this.false)];
  }
}
