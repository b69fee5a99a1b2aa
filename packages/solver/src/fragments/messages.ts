/**
 * merge_config.sh's messages, byte for byte as the script prints them with dash's echo: quoted messages as
 * they are, the redefinition lines from unquoted `$PREV_VAL`/`$NEW_VAL` (so a multi-line grep result prints
 * on one line, its blanks squeezed). All of them go to stdout, except the two input errors, which go to
 * stderr. -Q (6.12; 6.1's script has no such flag) silences the redefinition, redundancy and -y lines.
 */
import type { MergedConfig, MergeEvent, MergeStep } from './merge.js';
import { dashEcho, shellWords } from './shell-text.js';

export interface MergeLogOptions {
  /** -r: also list redundant entries. */
  readonly redundant?: boolean;
  /** -Q: no redefinition messages. */
  readonly quiet?: boolean;
}

/** `echo TEXT` with TEXT unquoted: its words joined by single spaces. */
const unquoted = (...parts: readonly string[]) => dashEcho(parts.flatMap(shellWords));
/** `echo "TEXT"`. */
const quoted = (text: string) => dashEcho([text]);

export function formatUsingBase(base: string): string {
  return quoted(`Using ${base} as base`);
}

export function formatMerging(fragment: string): string {
  return quoted(`Merging ${fragment}`);
}

export function formatMergeEvent(event: MergeEvent, options: MergeLogOptions = {}): string {
  if (options.quiet) return '';
  switch (event.kind) {
    case 'builtin-kept':
      return (
        unquoted('Previous  value:', event.previous) +
        unquoted('New value:      ', event.value) +
        unquoted('-y passed, will not demote y to m') +
        unquoted()
      );
    case 'redefined':
      return (
        unquoted(`Value of ${event.symbol} is redefined by fragment`, `${event.fragment}:`) +
        unquoted('Previous  value:', event.previous) +
        unquoted('New value:      ', event.value) +
        unquoted()
      );
    case 'redundant':
      return options.redundant
        ? unquoted(`Value of ${event.symbol} is redundant by fragment`, `${event.fragment}:`)
        : '';
  }
}

/** "Merging F" and what merging F reported. */
export function formatMergeStep(step: MergeStep, options: MergeLogOptions = {}): string {
  return formatMerging(step.fragment) + step.events.map((e) => formatMergeEvent(e, options)).join('');
}

/** Everything the script prints while merging: "Using B as base", then each fragment's step. */
export function formatMergeLog(merged: MergedConfig, options: MergeLogOptions = {}): string {
  return formatUsingBase(merged.base) + merged.steps.map((s) => formatMergeStep(s, options)).join('');
}

/** stderr: the base file is created empty. */
export function formatMissingBase(base: string): string {
  return quoted(`The base file '${base}' does not exist. Creating one...`);
}

/** stderr, exit 1. */
export function formatMissingFragment(fragment: string): string {
  return quoted(`The merge file '${fragment}' does not exist.  Exit.`);
}

/** stderr, exit 1 (the check made while reading the options). */
export function formatMissingOutputDir(dir: string): string {
  return unquoted(`output directory ${dir} does not exist`);
}

/** -s: after merging every fragment, exit 1. */
export const STRICT_REDEFINED = quoted('The fragment redefined a value and strict mode had been passed.');

/** -s on values that did not take: the wording later kernels' merge_config.sh uses for it. */
export const STRICT_NOT_TAKEN = quoted('Requested and effective config differ');

/** -m: the merged file is the config, and the script stops. */
export function formatMergeOnly(configFile: string): string {
  return quoted('#') + quoted(`# merged configuration written to ${configFile} (needs make)`) + quoted('#');
}

/**
 * The closing check's block for one symbol (`Value requested for CONFIG_X not in final .config`, the
 * requested and actual `grep -w` lines, an empty line), with `extra` lines (ours: the reason) before the
 * empty line.
 */
export function formatNotInFinal(
  symbol: string,
  requested: string,
  actual: string,
  extra: readonly string[] = [],
): string {
  return (
    quoted(`Value requested for ${symbol} not in final .config`) +
    quoted(`Requested value:  ${requested}`) +
    quoted(`Actual value:     ${actual}`) +
    extra.map((line) => `${line}\n`).join('') +
    quoted('')
  );
}
