/**
 * scripts/kconfig/merge_config.sh's merge, on text, with the script's rules (6.1 and 6.12 merge alike):
 * - start from the base; for each fragment in order, take the symbols it assigns (`CONFIG_X=...` or exactly
 *   `# CONFIG_X is not set`, sed's expressions);
 * - for each of them that occurs as a word in the config so far (`grep -w`), compare the lines holding it
 *   there and in the fragment: different is a redefinition, equal is redundant (reported with -r); then drop
 *   the config's lines that assign it (`sed "/CONFIG_X[ =]/d"`, unanchored);
 * - with -y, a fragment's `=m` over a `=y` is dropped from the fragment instead ("will not demote y to m");
 * - then an empty line (`echo >>`, which only ends the last line if it had no newline) and the fragment.
 * conf reads the result, so a later fragment wins, and the order of lines conf sees (which decides a choice's
 * member in 6.11+) is the one the kernel tools give. Every line keeps the file:line it came from.
 */
import {
  appendFile,
  deleteAssignments,
  fileText,
  grepWord,
  grepWordOutput,
  readTextFile,
  type TextFile,
} from './shell-text.js';

/** An input of the merge: its name as given on the command line, and its text (read as latin1). */
export interface FragmentText {
  readonly name: string;
  readonly text: string;
}

export interface MergeOptions {
  /** The symbol prefix (merge_config.sh's `$CONFIG_`, default `CONFIG_`). */
  readonly prefix?: string;
  /** -y: a fragment never demotes a y to m. */
  readonly builtin?: boolean;
}

/** What the script reports about one symbol of a fragment that the config so far already has. */
export type MergeEvent =
  | {
      /** The fragment's lines for the symbol differ from the config's: the fragment's win. */
      readonly kind: 'redefined';
      readonly symbol: string;
      readonly fragment: string;
      /** `grep -w` of the symbol in the config so far and in the fragment (lines joined by newlines). */
      readonly previous: string;
      readonly value: string;
    }
  | { readonly kind: 'redundant'; readonly symbol: string; readonly fragment: string }
  | {
      /** -y: the fragment's m is dropped, the config's y stays. */
      readonly kind: 'builtin-kept';
      readonly symbol: string;
      readonly fragment: string;
      readonly previous: string;
      readonly value: string;
    };

export interface MergeStep {
  readonly fragment: string;
  readonly events: readonly MergeEvent[];
}

export interface MergedConfig {
  readonly base: string;
  readonly steps: readonly MergeStep[];
  /** The merged file, line by line with each line's origin. */
  readonly file: TextFile;
  readonly text: string;
  /**
   * Where the script stops under `set -e` without a message: with -y, a symbol the fragment names twice
   * is no longer in the fragment once its first line was dropped, and `grep` fails.
   */
  readonly stopped?: { readonly symbol: string; readonly fragment: string };
}

/** sed's two expressions: the symbols (with prefix) a fragment assigns, in order, repeats kept. */
export function assignedSymbols(file: TextFile, prefix = 'CONFIG_'): readonly string[] {
  const p = prefix.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const assignment = new RegExp(`^(${p}[a-zA-Z0-9_]*)=`);
  const notSet = new RegExp(`^# (${p}[a-zA-Z0-9_]*) is not set$`);
  const symbols: string[] = [];
  for (const { text } of file.lines) {
    const symbol = assignment.exec(text)?.[1] ?? notSet.exec(text)?.[1];
    if (symbol !== undefined) symbols.push(symbol);
  }
  return symbols;
}

/** `${VALUE#CONFIG_*=}`: the text after the first `=` of a line starting with CONFIG_ (literally). */
function assignedValue(lines: string): string {
  if (!lines.startsWith('CONFIG_')) return lines;
  const eq = lines.indexOf('=', 'CONFIG_'.length);
  return eq < 0 ? lines : lines.slice(eq + 1);
}

export function mergeFragments(
  base: FragmentText,
  fragments: readonly FragmentText[],
  options: MergeOptions = {},
): MergedConfig {
  const prefix = options.prefix ?? 'CONFIG_';
  let config = readTextFile(base.text, base.name);
  const steps: MergeStep[] = [];
  for (const fragment of fragments) {
    let merge = readTextFile(fragment.text, fragment.name);
    const events: MergeEvent[] = [];
    steps.push({ fragment: fragment.name, events });
    for (const symbol of assignedSymbols(merge, prefix)) {
      if (grepWord(config, symbol).length === 0) continue;
      const previous = grepWordOutput(config, symbol);
      if (grepWord(merge, symbol).length === 0) {
        return {
          base: base.name,
          steps,
          file: config,
          text: fileText(config),
          stopped: { symbol, fragment: fragment.name },
        };
      }
      const value = grepWordOutput(merge, symbol);
      if (options.builtin && assignedValue(value) === 'm' && assignedValue(previous) === 'y') {
        events.push({ kind: 'builtin-kept', symbol, fragment: fragment.name, previous, value });
        merge = deleteAssignments(merge, symbol);
        continue;
      }
      events.push(
        previous !== value
          ? { kind: 'redefined', symbol, fragment: fragment.name, previous, value }
          : { kind: 'redundant', symbol, fragment: fragment.name },
      );
      config = deleteAssignments(config, symbol);
    }
    config = appendFile(config, merge);
  }
  return { base: base.name, steps, file: config, text: fileText(config) };
}
