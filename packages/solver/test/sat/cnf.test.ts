import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CnfBuilder } from '../../src/sat/cnf.js';

describe('CnfBuilder', () => {
  test('gates fold constants and share structure', () => {
    const cnf = new CnfBuilder();
    const a = cnf.input();
    const b = cnf.input();
    expect(cnf.and([a, cnf.true])).toBe(a);
    expect(cnf.and([a, -a])).toBe(cnf.false);
    expect(cnf.or([a, cnf.true])).toBe(cnf.true);
    expect(cnf.and([a, b])).toBe(cnf.and([b, a]));
    expect(cnf.ite(cnf.true, a, b)).toBe(a);
  });

  test('and/or/ite gates take the value of their function in every model', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), (x, y, z) => {
        const cnf = new CnfBuilder();
        const [a, b, c] = [cnf.input(), cnf.input(), cnf.input()] as const;
        const gates = [cnf.and([a, b, c]), cnf.or([a, -b]), cnf.ite(a, b, c)];
        const status = cnf.solver.solve({ assumptions: [x ? a : -a, y ? b : -b, z ? c : -c] });
        expect(status).toBe('sat');
        expect(gates.map((g) => cnf.solver.value(g))).toEqual([x && y && z, x || !y, x ? y : z]);
      }),
    );
  });

  test('the counter bounds how many inputs are true', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 6 }), (n, k) => {
        const cnf = new CnfBuilder();
        const inputs = Array.from({ length: n }, () => cnf.input());
        const atLeast = cnf.counter(inputs, n);
        // At most k, and at least min(k, n) of them forced true one way or another: exactly min(k, n) fits.
        const wanted = Math.min(k, n);
        const exactly = [-(atLeast[wanted + 1] ?? cnf.false), ...inputs.slice(0, wanted)];
        expect(cnf.solver.solve({ assumptions: exactly })).toBe('sat');
        expect(inputs.filter((l) => cnf.solver.value(l)).length).toBe(wanted);
        if (wanted < n) {
          const tooMany = [-(atLeast[wanted + 1] as number), ...inputs.slice(0, wanted + 1)];
          expect(cnf.solver.solve({ assumptions: tooMany })).toBe('unsat');
        }
      }),
    );
  });
});
