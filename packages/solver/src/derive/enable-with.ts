/**
 * enableWith: the user settings that give a symbol y or m, found by SAT over its dependency cone (encode.ts,
 * search.ts) and confirmed by our exact Evaluation with the settings applied as user values, as
 * `merge_config.sh -m .config fragment` followed by `make olddefconfig` applies them. When no settings can,
 * the reason names the fixed facts (no prompt, fixed compares, undefined names) in the way.
 *
 * The evaluation passed in holds the current config's user values (read as olddefconfig reads .config); it is
 * used for verification and left exactly as it was.
 */
import type { Evaluation } from '../eval/evaluation.js';
import { mod, tristateName } from '../eval/tristate.js';
import { type Assignment, searchSettings } from './search.js';

export type { Assignment } from './search.js';

export interface EnableWithResult {
  readonly symbol: string;
  /** The lowest enabled value reachable, or what was asked. */
  readonly target: 'y' | 'm';
  /** User-settable symbols to set, in .config order; absent when impossible. */
  readonly assignments?: readonly Assignment[];
  /** When impossible: why (e.g. "depends on X86_32 [=n], which no prompt can change"). */
  readonly reason?: string;
  /** Our exact Evaluation, with the assignments applied as user values, gives the symbol >= target. */
  readonly verified: boolean;
  /** False when `timeLimitMs` stopped the search for fewer settings (the ones given still work). */
  readonly minimal?: boolean;
}

export interface EnableWithOptions {
  /** The value wanted; default: enabled at all (m for a tristate where modules can be, else y). */
  readonly target?: 'y' | 'm';
  /** Stop minimising after this long (ms); the answer is then verified but may not have the fewest settings. */
  readonly timeLimitMs?: number;
}

export function enableWith(ev: Evaluation, symbol: string, options: EnableWithOptions = {}): EnableWithResult {
  const sym = ev.deps.symbol(symbol);
  const asked = options.target;
  const fallback: 'y' | 'm' = asked ?? (sym?.type === 'tristate' ? 'm' : 'y');
  if (!sym)
    return { symbol, target: fallback, reason: `CONFIG_${symbol} is not defined in this tree`, verified: false };
  if (sym.type !== 'bool' && sym.type !== 'tristate') {
    return {
      symbol,
      target: fallback,
      reason: `CONFIG_${symbol} is a ${sym.type} symbol, not bool or tristate`,
      verified: false,
    };
  }
  if (sym.type === 'bool' && asked === 'm') {
    return { symbol, target: 'm', reason: `CONFIG_${symbol} is a bool: it is y or n, never m`, verified: false };
  }
  const want = asked ?? 'm';
  const found = searchSettings(ev, [{ symbol, want }], {
    ...(asked !== 'y' && sym.type === 'tristate' ? { preferModule: [symbol] } : {}),
    ...(options.timeLimitMs !== undefined ? { deadline: performance.now() + options.timeLimitMs } : {}),
  });
  switch (found.status) {
    case 'found': {
      const value = found.values.get(symbol) ?? mod;
      const target = asked ?? (tristateName(value) === 'm' ? 'm' : 'y');
      return {
        symbol,
        target,
        assignments: found.assignments,
        verified: true,
        ...(found.minimal ? {} : { minimal: false }),
      };
    }
    case 'unverified':
      return { symbol, target: fallback, assignments: found.assignments, reason: found.reason, verified: false };
    case 'impossible':
    case 'gave-up':
      return { symbol, target: fallback, reason: found.reason, verified: false };
  }
}
