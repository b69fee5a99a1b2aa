import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type Lit, SatSolver } from '../../src/sat/solver.js';

/** Every assignment of `vars` variables, as bit masks: whether any satisfies all clauses and assumptions. */
function bruteForce(vars: number, clauses: readonly (readonly Lit[])[], assumptions: readonly Lit[] = []): boolean {
  const holds = (mask: number, lit: Lit) => Boolean(mask & (1 << (Math.abs(lit) - 1))) === lit > 0;
  for (let mask = 0; mask < 1 << vars; mask++) {
    if (assumptions.every((a) => holds(mask, a)) && clauses.every((c) => c.some((l) => holds(mask, l)))) return true;
  }
  return false;
}

function solverWith(vars: number, clauses: readonly (readonly Lit[])[]): SatSolver {
  const solver = new SatSolver();
  for (let v = 0; v < vars; v++) solver.newVar();
  for (const c of clauses) solver.addClause(c);
  return solver;
}

const VARS = 8;
const literal = fc.integer({ min: 1, max: VARS }).chain((v) => fc.constantFrom(v, -v));
const clauses = fc.array(fc.array(literal, { minLength: 1, maxLength: 4 }), { maxLength: 40 });

describe('SatSolver', () => {
  test('a small satisfiable problem has a model that satisfies it', () => {
    const solver = solverWith(3, [[1, 2], [-1], [-2, 3]]);
    expect(solver.solve()).toBe('sat');
    expect([solver.value(1), solver.value(2), solver.value(3)]).toEqual([false, true, true]);
  });

  test('an empty clause set is satisfiable and a contradiction is not', () => {
    expect(solverWith(2, []).solve()).toBe('sat');
    const solver = solverWith(1, [[1], [-1]]);
    expect(solver.solve()).toBe('unsat');
    expect(solver.failedAssumptions()).toEqual([]);
  });

  test('agrees with brute force, and every model satisfies every clause', () => {
    fc.assert(
      fc.property(clauses, (cs) => {
        const solver = solverWith(VARS, cs);
        const status = solver.solve();
        expect(status).toBe(bruteForce(VARS, cs) ? 'sat' : 'unsat');
        if (status === 'sat') for (const c of cs) expect(c.some((l) => solver.value(l))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  test('under assumptions: agrees with brute force, and the failed assumptions alone are refuted', () => {
    const assumptions = fc.uniqueArray(literal, { maxLength: 5, selector: (l) => Math.abs(l) });
    fc.assert(
      fc.property(clauses, assumptions, (cs, as) => {
        const solver = solverWith(VARS, cs);
        const status = solver.solve({ assumptions: as });
        expect(status).toBe(bruteForce(VARS, cs, as) ? 'sat' : 'unsat');
        if (status === 'sat') {
          for (const a of as) expect(solver.value(a)).toBe(true);
          return;
        }
        const failed = solver.failedAssumptions();
        for (const f of failed) expect(as).toContain(f);
        expect(bruteForce(VARS, cs, failed)).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  test('is incremental: clauses added between calls, and learnt clauses kept, give the same answers', () => {
    fc.assert(
      fc.property(clauses, clauses, (first, second) => {
        const solver = solverWith(VARS, first);
        solver.solve();
        for (const c of second) solver.addClause(c);
        expect(solver.solve()).toBe(bruteForce(VARS, [...first, ...second]) ? 'sat' : 'unsat');
      }),
      { numRuns: 200 },
    );
  });

  test('solves a pigeonhole instance (5 pigeons, 4 holes) as unsat, and stops at a conflict budget', () => {
    const pigeons = 5;
    const holes = 4;
    const v = (p: number, h: number) => p * holes + h + 1;
    const cs: Lit[][] = [];
    for (let p = 0; p < pigeons; p++) cs.push(Array.from({ length: holes }, (_, h) => v(p, h)));
    for (let h = 0; h < holes; h++)
      for (let p = 0; p < pigeons; p++) for (let q = p + 1; q < pigeons; q++) cs.push([-v(p, h), -v(q, h)]);
    expect(solverWith(pigeons * holes, cs).solve({ conflictLimit: 1 })).toBe('unknown');
    expect(solverWith(pigeons * holes, cs).solve()).toBe('unsat');
  });

  test('a random 3-SAT instance with 300 variables below the threshold is solved', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const vars = 300;
    const cs: Lit[][] = [];
    for (let i = 0; i < vars * 3.5; i++) {
      cs.push(
        Array.from({ length: 3 }, () => {
          const x = 1 + Math.floor(random() * vars);
          return random() < 0.5 ? x : -x;
        }),
      );
    }
    const solver = solverWith(vars, cs);
    expect(solver.solve()).toBe('sat');
    for (const c of cs) expect(c.some((l) => solver.value(l))).toBe(true);
  });
});
