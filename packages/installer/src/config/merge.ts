/**
 * Fragment merging with scripts/kconfig/merge_config.sh's rules, on text: for every symbol a fragment assigns
 * (`CONFIG_X=...` or `# CONFIG_X is not set`), the lines of the config so far that assign it are dropped, then
 * the whole fragment is appended. conf then reads the result, so a later fragment wins, and the order of the
 * lines conf sees (which decides a choice's member in 6.11+) is the one the kernel tools give.
 */

/** merge_config.sh's sed expressions: the symbols a fragment assigns, in order. */
function assignedSymbols(fragment: string, prefix: string): readonly string[] {
  const assignment = new RegExp(`^(${prefix}[a-zA-Z0-9_]*)=`);
  const notSet = new RegExp(`^# (${prefix}[a-zA-Z0-9_]*) is not set$`);
  const symbols: string[] = [];
  for (const line of fragment.split('\n')) {
    const symbol = assignment.exec(line)?.[1] ?? notSet.exec(line)?.[1];
    if (symbol !== undefined) symbols.push(symbol);
  }
  return symbols;
}

/** One merge step: `base` with `fragment` merged over it (merge_config.sh -m, one file). */
export function mergeFragment(base: string, fragment: string, prefix = 'CONFIG_'): string {
  let lines = base.split('\n');
  for (const symbol of assignedSymbols(fragment, prefix)) {
    // `grep -q -w CONFIG_X` first: only a whole-word occurrence makes the script delete anything...
    const word = new RegExp(`(^|[^A-Za-z0-9_])${symbol}([^A-Za-z0-9_]|$)`);
    if (!lines.some((line) => word.test(line))) continue;
    // ...then `sed -i "/CONFIG_X[ =]/d"`, an unanchored match.
    const assigns = new RegExp(`${symbol}[ =]`);
    lines = lines.filter((line) => !assigns.test(line));
  }
  // `echo >> $TMP_FILE` (in case the base lacks a final newline), then the fragment as it is.
  return `${lines.join('\n')}\n${fragment}`;
}

/** merge_config.sh -m over several fragments, in order. */
export function mergeFragments(base: string, fragments: readonly string[], prefix = 'CONFIG_'): string {
  return fragments.reduce((merged, fragment) => mergeFragment(merged, fragment, prefix), base);
}
