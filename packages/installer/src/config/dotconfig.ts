/**
 * A minimal .config / fragment reader: `CONFIG_FOO=value` and `# CONFIG_FOO is not set` lines, later lines
 * winning, as conf reads them (an "is not set" line means n).
 *
 * The solver's reader (readConfig) needs the tree's Kconfig model; this one serves where there is none: the
 * build stage's and `--initramfs none`'s safety checks on a finished .config (loading the tree would cost
 * seconds for a few symbols), the kernel-tools resolver, and the fragments' lines, which merge_config.sh
 * reads with this same syntax. The config stage's checks use the solver's evaluation (solver.ts).
 */
import type { ConfigValues } from './requested.js';

export interface DotConfigEntry {
  /** Symbol name without the CONFIG_ prefix, as Kconfig names it. */
  readonly symbol: string;
  /** `y`, `m`, `n`, a number, or a string still in its double quotes, as written. */
  readonly value: string;
  /** 1-based line of the assignment that won. */
  readonly line: number;
}

export type DotConfig = ReadonlyMap<string, DotConfigEntry>;

const ASSIGNMENT = /^CONFIG_([A-Za-z0-9_]+)=(.*)$/;
const NOT_SET = /^# CONFIG_([A-Za-z0-9_]+) is not set\s*$/;

export function readDotConfig(text: string): DotConfig {
  const entries = new Map<string, DotConfigEntry>();
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trimEnd();
    const assignment = ASSIGNMENT.exec(line);
    const notSet = assignment ? undefined : NOT_SET.exec(line);
    const symbol = assignment?.[1] ?? notSet?.[1];
    if (symbol === undefined) continue;
    entries.set(symbol, { symbol, value: assignment ? (assignment[2] ?? '') : 'n', line: index + 1 });
  }
  return entries;
}

/** A symbol's value; an absent symbol is n, as conf treats it. */
export function configValue(config: DotConfig, symbol: string): string {
  return config.get(symbol)?.value ?? 'n';
}

/** The values of a read config, as the safety checks look them up. */
export function configValues(config: DotConfig): ConfigValues {
  return (symbol) => configValue(config, symbol);
}
