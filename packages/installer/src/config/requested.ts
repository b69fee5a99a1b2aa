/**
 * The requested-vs-actual report both resolvers give, as merge_config.sh's closing check does: every
 * assignment of the fragments that no later fragment overrides, next to the value the final config has.
 */
import { readFile } from 'node:fs/promises';
import { readDotConfig } from './dotconfig.js';
import type { RequestedValue } from './resolver.js';

/** A symbol's value as the final .config writes it (strings quoted), `n` when the config does not have it. */
export type ConfigValues = (symbol: string) => string;

/** Why a requested value did not take, when the resolver can tell. */
export type NotTakenReason = (symbol: string, requested: string) => string | undefined;

export async function requestedValues(
  fragments: readonly string[],
  actual: ConfigValues,
  reason?: NotTakenReason,
): Promise<readonly RequestedValue[]> {
  const bySymbol = new Map<string, RequestedValue>();
  for (const fragment of fragments) {
    // Fragments are read with merge_config.sh's line syntax, which is what the merge itself goes by.
    const text = await readFile(fragment, 'utf8').catch(() => '');
    for (const entry of readDotConfig(text).values()) {
      bySymbol.set(entry.symbol, {
        symbol: entry.symbol,
        requested: entry.value,
        actual: actual(entry.symbol),
        fragment,
        line: entry.line,
      });
    }
  }
  return [...bySymbol.values()].map((r) => {
    const why = r.requested === r.actual ? undefined : reason?.(r.symbol, r.requested);
    return why === undefined ? r : { ...r, reason: why };
  });
}
