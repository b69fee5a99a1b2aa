/**
 * The difference of two .config files as the kernel's scripts/diffconfig reports it: symbols only in the old
 * file (`-SYM val`), symbols whose value changed (` SYM old -> new`), symbols only in the new file
 * (`+SYM val`), each group sorted by name; `# CONFIG_X is not set` counts as the value `n`. The merge style
 * (`-m`) prints the changed and added symbols as .config lines instead, and nothing for removed ones.
 */
import type { Dotconfig } from './parse.js';

export interface ConfigDiff {
  readonly removed: readonly { readonly symbol: string; readonly value: string }[];
  readonly changed: readonly { readonly symbol: string; readonly old: string; readonly new: string }[];
  readonly added: readonly { readonly symbol: string; readonly value: string }[];
}

/** Python's sort of str: by code point, which for symbol names is plain byte order. */
const byName = (a: { symbol: string }, b: { symbol: string }) =>
  a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0;

export function diffConfigs(a: Dotconfig, b: Dotconfig): ConfigDiff {
  const removed: { symbol: string; value: string }[] = [];
  const changed: { symbol: string; old: string; new: string }[] = [];
  const added: { symbol: string; value: string }[] = [];
  for (const [symbol, { value }] of a.entries) {
    const other = b.entries.get(symbol);
    if (other === undefined) removed.push({ symbol, value });
    else if (other.value !== value) changed.push({ symbol, old: value, new: other.value });
  }
  for (const [symbol, { value }] of b.entries) if (!a.entries.has(symbol)) added.push({ symbol, value });
  return { removed: removed.sort(byName), changed: changed.sort(byName), added: added.sort(byName) };
}

export function formatDiffconfig(diff: ConfigDiff, options: { readonly merge?: boolean } = {}): string {
  const lines: string[] = [];
  if (options.merge) {
    const line = (symbol: string, value: string) =>
      value === 'n' ? `# CONFIG_${symbol} is not set` : `CONFIG_${symbol}=${value}`;
    for (const c of diff.changed) lines.push(line(c.symbol, c.new));
    for (const c of diff.added) lines.push(line(c.symbol, c.value));
  } else {
    for (const c of diff.removed) lines.push(`-${c.symbol} ${c.value}`);
    for (const c of diff.changed) lines.push(` ${c.symbol} ${c.old} -> ${c.new}`);
    for (const c of diff.added) lines.push(`+${c.symbol} ${c.value}`);
  }
  return lines.map((l) => `${l}\n`).join('');
}
