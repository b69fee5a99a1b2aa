/**
 * The requested-vs-actual report: what the merged inputs ask for, next to what the final .config has.
 *
 * Two views of it, because merge_config.sh's own closing check is textual:
 * - `requestedValues`: per symbol, the assignment conf takes (the last line assigning it, read with conf's
 *   line syntax), where it came from (file:line), the final value, and for a value that did not take, the
 *   reason. `n`, `# CONFIG_X is not set` and a symbol the config leaves out all mean n here.
 * - `scriptCheck`: the script's loop, for every `CONFIG_X` line of the merged file (repeats included): the
 *   `grep -w` lines of the symbol in the merged file and in the final .config, reported when they differ.
 *   It also reports `CONFIG_X=n` against `# CONFIG_X is not set`, as 6.12's script does.
 */
import type { NotTakenReason } from '../eval/reason.js';
import { assignedSymbols, type FragmentText } from './merge.js';
import { grepWordOutput, readTextFile, type SourceLine, type TextFile } from './shell-text.js';

/** A symbol's value as the final .config writes it (strings quoted), `n` when the config does not set it. */
export type ConfigValues = (symbol: string) => string;

/** One assignment the inputs asked for, and the value the final config has. */
export interface RequestedValue {
  /** Without the prefix. */
  readonly symbol: string;
  /** As written after `=` (strings quoted); `n` for "is not set". */
  readonly requested: string;
  /** `n` when the final config does not set the symbol. */
  readonly actual: string;
  /** The input file and 1-based line of the assignment that counts. */
  readonly fragment: string;
  readonly line: number;
  /** Why the value did not take, when it did not and a reason was asked for. */
  readonly reason?: NotTakenReason;
}

export interface RequestedOptions {
  /** The symbol prefix (conf's `CONFIG_` variable); default `CONFIG_`. */
  readonly prefix?: string;
  /** Asked for every value that did not take. */
  readonly reason?: (symbol: string, requested: string) => NotTakenReason;
}

/** conf's line syntax (conf_read_simple): the symbol a line assigns and the value, or undefined. */
export function lineAssignment(
  text: string,
  prefix = 'CONFIG_',
): { readonly symbol: string; readonly value: string } | undefined {
  const line = text.endsWith('\r') ? text.slice(0, -1) : text;
  if (line.startsWith(`# ${prefix}`)) {
    const rest = line.slice(2 + prefix.length);
    const space = rest.indexOf(' ');
    if (space <= 0 || rest.slice(space + 1) !== 'is not set') return undefined;
    return { symbol: rest.slice(0, space), value: 'n' };
  }
  if (!line.startsWith(prefix)) return undefined;
  const eq = line.indexOf('=', prefix.length);
  if (eq <= prefix.length) return undefined;
  return { symbol: line.slice(prefix.length, eq), value: line.slice(eq + 1) };
}

/** The lines of several inputs in order, each with its origin (the installer's fragments, without a base). */
export function fragmentLines(fragments: readonly FragmentText[]): readonly SourceLine[] {
  return fragments.flatMap((f) => readTextFile(f.text, f.name).lines);
}

/** A config's values by symbol, as ConfigValues (the last assignment wins; absent is n). */
export function configValues(text: string, prefix = 'CONFIG_'): ConfigValues {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const a = lineAssignment(line, prefix);
    if (a) values.set(a.symbol, a.value);
  }
  return (symbol) => values.get(symbol) ?? 'n';
}

/**
 * Per symbol, in the order symbols are first assigned: the assignment that counts (the last), with the final
 * value and, when it did not take, the reason.
 */
export function requestedValues(
  lines: readonly SourceLine[],
  actual: ConfigValues,
  options: RequestedOptions = {},
): readonly RequestedValue[] {
  const bySymbol = new Map<string, { value: string; line: SourceLine }>();
  for (const line of lines) {
    const a = lineAssignment(line.text, options.prefix);
    if (a && line.file !== undefined) bySymbol.set(a.symbol, { value: a.value, line });
  }
  return [...bySymbol].map(([symbol, { value, line }]) => {
    const final = actual(symbol);
    const base: RequestedValue = {
      symbol,
      requested: value,
      actual: final,
      fragment: line.file as string,
      line: line.line,
    };
    // Both sides are read the same way, so n, "is not set" and an absent symbol compare equal.
    if (value === final || !options.reason) return base;
    return { ...base, reason: options.reason(symbol, value) };
  });
}

/** One block of merge_config.sh's closing check. */
export interface ScriptMismatch {
  /** With the prefix, as the script prints it. */
  readonly symbol: string;
  /** `grep -w` of the symbol in the merged file and in the final .config (lines joined by newlines). */
  readonly requested: string;
  readonly actual: string;
}

/** merge_config.sh's closing check, in its order, repeats included. */
export function scriptCheck(merged: TextFile, finalConfig: string, prefix = 'CONFIG_'): readonly ScriptMismatch[] {
  const final = readTextFile(finalConfig, undefined);
  const out: ScriptMismatch[] = [];
  for (const symbol of assignedSymbols(merged, prefix)) {
    const requested = grepWordOutput(merged, symbol);
    const actual = grepWordOutput(final, symbol);
    if (requested !== actual) out.push({ symbol, requested, actual });
  }
  return out;
}
