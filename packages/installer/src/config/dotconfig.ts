/**
 * .config / fragment values without a Kconfig tree: `CONFIG_FOO=value` and `# CONFIG_FOO is not set` lines, later
 * lines winning, as conf reads them (an "is not set" line means n), read by the solver's plain-text reader.
 *
 * The solver's reader (readConfig) needs the tree's Kconfig model; this one serves where there is none: the
 * build stage's and `--initramfs none`'s safety checks on a finished .config (loading the tree would cost
 * seconds for a few symbols), the kernel-tools resolver, and the fragments' lines, which merge_config.sh
 * reads with this same syntax. The config stage's checks use the solver's evaluation (solver.ts).
 */
import { readFile } from 'node:fs/promises';
import { type ConfigValues, type FragmentText, parseDotconfig } from '@kconfig-solve/solver';

export interface DotConfigEntry {
  /** Symbol name without the CONFIG_ prefix, as Kconfig names it. */
  readonly symbol: string;
  /** `y`, `m`, `n`, a number, or a string still in its double quotes, as written. */
  readonly value: string;
  /** 1-based line of the assignment that won. */
  readonly line: number;
}

export type DotConfig = ReadonlyMap<string, DotConfigEntry>;

/** The solver's plain-text reader does the parsing; this keeps the installer's lookup shape over it. */
export function readDotConfig(text: string, file = '.config'): DotConfig {
  const { entries } = parseDotconfig(text, file);
  return new Map([...entries].map(([symbol, e]) => [symbol, { symbol, value: e.value, line: e.line }]));
}

/** A symbol's value; an absent symbol is n, as conf treats it. */
export function configValue(config: DotConfig, symbol: string): string {
  return config.get(symbol)?.value ?? 'n';
}

/** The values of a read config, as the safety checks look them up. */
export function configValues(config: DotConfig): ConfigValues {
  return (symbol) => configValue(config, symbol);
}

/** Fragment files as the solver's merge and report take them (bytes as latin1; an unreadable one is empty). */
export async function readFragments(files: readonly string[]): Promise<readonly FragmentText[]> {
  return Promise.all(files.map(async (name) => ({ name, text: await readFile(name, 'latin1').catch(() => '') })));
}
