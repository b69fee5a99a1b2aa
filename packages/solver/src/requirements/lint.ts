/**
 * Lints the CONFIG_CHECK of an ebuild against a Kconfig tree: what linux-info cannot know because it never
 * reads Kconfig. Every word the ebuild can check (see ebuild.ts) is validated for this tree and arch:
 * - the symbol exists (else close names by edit distance), or it exists only for other arches;
 * - it is a bool or tristate (linux_chkconfig_present only ever sees y or m);
 * - it can be y or m at all (`FOO`), or it can be n at all (`!FOO`), over every possible .config (reachability.ts);
 * - two checks that can run together can also hold together: not `X` and `!X`, not `X` and `!Y` when X selects Y.
 * Checks behind a version gate that is false for this tree (`kernel_is -lt 4 0`) are for other kernels and skipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { KconfigModel } from '@kconfig-solve/kconfig-parser';
import { closeMatches } from '../eval/close-matches.js';
import { DependencyModel, type KconfigRules } from '../eval/dependencies.js';
import type { DepExpr } from '../eval/expr.js';
import { type CheckPiece, compatible, extractConfigChecks, formatCondition, kernelGateHolds } from './ebuild.js';
import { M, N, Reachability, type TristateSet, Y } from './reachability.js';

export type LintCode =
  | 'unknown-symbol'
  | 'other-arch-symbol'
  | 'not-bool-or-tristate'
  | 'cannot-be-enabled'
  | 'cannot-be-disabled'
  | 'contradictory-checks'
  | 'conflicting-checks'
  | 'malformed-check'
  | 'ebuild-syntax';

export interface LintFinding {
  readonly file: string;
  /** 1-based line of the CONFIG_CHECK word (or of the syntax problem). */
  readonly line: number;
  /** The symbol checked, without CONFIG_; empty for syntax problems. */
  readonly symbol: string;
  readonly code: LintCode;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

export interface LintTreeOptions {
  readonly model: KconfigModel;
  readonly rules: KconfigRules;
  /** The kernel source tree, scanned for definitions on other arches. */
  readonly srctree: string;
  /** The tree's SRCARCH (`x86`), for messages. */
  readonly srcArch: string;
  /** The kernel version the version gates are tested against (`6.12.0`). */
  readonly kernelVersion: string;
}

interface Definition {
  readonly file: string;
  readonly line: number;
}

/** A tree prepared for linting: built once, used for any number of ebuilds. */
export class LintTree {
  readonly deps: DependencyModel;
  readonly reachability: Reachability;
  private readonly defined: ReadonlySet<string>;
  private elsewhere: Map<string, Definition[]> | undefined;

  constructor(readonly options: LintTreeOptions) {
    this.deps = new DependencyModel(options.model, options.rules);
    this.reachability = new Reachability(this.deps);
    this.defined = new Set(
      [...options.model.symbols.values()].filter((s) => s.definitions.length > 0).map((s) => s.name),
    );
  }

  isDefined(name: string): boolean {
    return this.defined.has(name);
  }

  /** Defined names close to `name`, closest first (see closeMatches). */
  closeMatches(name: string, limit = 3): string[] {
    return closeMatches(name, this.defined, limit);
  }

  /**
   * Where a name this tree does not define is defined elsewhere in the source: every Kconfig file is scanned
   * once for `config NAME` lines (cheap; no other arch's tree is loaded).
   */
  definitionsElsewhere(name: string): readonly Definition[] {
    this.elsewhere ??= scanKconfigDefinitions(this.options.srctree);
    return this.elsewhere.get(name) ?? [];
  }
}

/** `config NAME` / `menuconfig NAME` lines of every Kconfig file under `srctree`. */
function scanKconfigDefinitions(srctree: string): Map<string, Definition[]> {
  const out = new Map<string, Definition[]>();
  const walk = (dir: string) => {
    let entries;
    try {
      // Sorted, so that messages list definitions in the same order on every file system.
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.startsWith('Kconfig')) {
        let text: string;
        try {
          text = readFileSync(path, 'utf8');
        } catch {
          continue;
        }
        const file = relative(srctree, path);
        text.split('\n').forEach((line, i) => {
          const match = /^\s*(?:menu)?config\s+([A-Za-z0-9_]+)\s*(?:#.*)?$/.exec(line);
          if (!match) return;
          const name = match[1] as string;
          const list = out.get(name) ?? [];
          list.push({ file, line: i + 1 });
          out.set(name, list);
        });
      }
    }
  };
  walk(srctree);
  return out;
}

const conf = (symbol: string) => `CONFIG_${symbol}`;

export function lintEbuild(file: string, text: string, tree: LintTree): LintFinding[] {
  const { pieces, problems } = extractConfigChecks(text);
  // Findings are ordered by their position; the column only orders them.
  const located: { finding: LintFinding; column: number }[] = problems.map((p) => ({
    finding: { file, line: p.line, symbol: '', code: p.code, severity: 'error', message: p.message },
    column: p.column,
  }));
  const add = (piece: CheckPiece, code: LintCode, severity: 'error' | 'warning', message: string) =>
    located.push({
      finding: { file, line: piece.line, symbol: piece.symbol, code, severity, message },
      column: piece.column,
    });

  // Checks behind a version gate this tree fails are meant for other kernels.
  const active = pieces.filter((p) =>
    p.condition.every((a) => a.kind !== 'kernel' || kernelGateHolds(a, tree.options.kernelVersion)),
  );
  const usable: CheckPiece[] = [];
  for (const piece of active) {
    if (checkSymbol(piece, tree, add)) usable.push(piece);
  }
  checkPairs(usable, tree, add);
  located.sort((a, b) => a.finding.line - b.finding.line || a.column - b.column);
  return located.map((l) => l.finding);
}

type Add = (piece: CheckPiece, code: LintCode, severity: 'error' | 'warning', message: string) => void;

/** Validates one check on its own; true when the symbol is a bool or tristate of this tree. */
function checkSymbol(piece: CheckPiece, tree: LintTree, add: Add): boolean {
  const { symbol, word } = piece;
  const arch = tree.options.srcArch;
  const hard = piece.fatal && !piece.negate ? 'error' : 'warning';
  if (!tree.isDefined(symbol)) {
    const elsewhere = tree.definitionsElsewhere(symbol);
    if (elsewhere.length > 0) {
      const shown = elsewhere.slice(0, 3).map((d) => `${d.file}:${d.line}`);
      if (elsewhere.length > 3) shown.push(`${elsewhere.length - 3} more`);
      const where = shown.join(', ');
      const arches = [...new Set(elsewhere.map((d) => /^arch\/([^/]+)\//.exec(d.file)?.[1]))];
      const scope = !arches.includes(undefined)
        ? `is defined only for ${arches.join(', ')} (${where}), not for ${arch}`
        : `is defined in ${where}, which the ${arch} tree does not read`;
      add(piece, 'other-arch-symbol', 'warning', `'${word}': ${conf(symbol)} ${scope}`);
      return false;
    }
    const close = tree.closeMatches(symbol);
    const hint = close.length > 0 ? `; did you mean ${close.map(conf).join(', ')}?` : ' (removed or misspelt)';
    add(
      piece,
      'unknown-symbol',
      piece.negate ? 'warning' : 'error',
      `'${word}': no symbol ${conf(symbol)} in this tree${hint}`,
    );
    return false;
  }
  const type = tree.deps.symbols.get(symbol)?.type ?? 'unknown';
  if (type !== 'bool' && type !== 'tristate') {
    add(
      piece,
      'not-bool-or-tristate',
      hard,
      `'${word}': ${conf(symbol)} is a ${type} symbol; linux-info only counts y or m, so this check ${
        piece.negate ? 'always passes' : 'always fails'
      }`,
    );
    return false;
  }
  const values = tree.reachability.values(symbol);
  if (!piece.negate && values === N) {
    add(
      piece,
      'cannot-be-enabled',
      piece.fatal ? 'error' : 'warning',
      `'${word}': ${conf(symbol)} cannot be enabled on ${arch}: no config makes it y or m`,
    );
  }
  if (piece.negate && (values & N) === 0) {
    add(
      piece,
      'cannot-be-disabled',
      piece.fatal ? 'error' : 'warning',
      `'${word}': ${conf(symbol)} cannot be disabled on ${arch}: every config makes it ${values & M ? 'y or m' : 'y'}`,
    );
  }
  return true;
}

/** Pairs of checks that run together (compatible conditions, neither replacing the other) and cannot both hold. */
function checkPairs(pieces: readonly CheckPiece[], tree: LintTree, add: Add): void {
  const together = (a: CheckPiece, b: CheckPiece) =>
    compatible(a.condition, b.condition) && (a.scope !== b.scope || a.generation === b.generation);
  const severity = (a: CheckPiece, b: CheckPiece) => (a.fatal && b.fatal ? 'error' : 'warning');
  const where = (p: CheckPiece) => {
    const condition = formatCondition(p.condition);
    return `line ${p.line}${condition !== '' ? ` (when ${condition})` : ''}`;
  };
  const forced = new Map<string, ReadonlyMap<string, readonly string[]>>();
  for (const [i, a] of pieces.entries()) {
    for (const b of pieces.slice(i + 1)) {
      if (!together(a, b) || a.negate === b.negate) continue;
      const [positive, negative] = a.negate ? [b, a] : [a, b];
      const later = a.line > b.line || (a.line === b.line && a.column > b.column) ? a : b;
      if (positive.symbol === negative.symbol) {
        add(
          later,
          'contradictory-checks',
          severity(a, b),
          `'${later.word}' contradicts '${(later === a ? b : a).word}' at ${where(later === a ? b : a)}: ` +
            `${conf(positive.symbol)} cannot be both set and not set`,
        );
        continue;
      }
      let chains = forced.get(positive.symbol);
      if (!chains) {
        chains = forcedBy(positive.symbol, tree);
        forced.set(positive.symbol, chains);
      }
      const chain = chains.get(negative.symbol);
      if (chain) {
        add(
          negative,
          'conflicting-checks',
          severity(a, b),
          `'${negative.word}' at ${where(negative)} can never hold with '${positive.word}' at ${where(positive)}: ` +
            `${[positive.symbol, ...chain].map(conf).join(' selects ')}`,
        );
      }
    }
  }
}

/**
 * The symbols that are y or m in every config where `symbol` is y or m and its dependencies hold: the targets
 * of its selects whose revDep then cannot be n, and theirs in turn. Each maps to the select chain after `symbol`.
 */
function forcedBy(symbol: string, tree: LintTree): ReadonlyMap<string, readonly string[]> {
  const on = M | Y;
  const assume = new Map<string, TristateSet>([[symbol, on]]);
  for (const name of conjunctSymbols(tree.deps.symbols.get(symbol)?.dirDep)) assume.set(name, on);
  const chains = new Map<string, readonly string[]>();
  const pending: { name: string; chain: readonly string[] }[] = [{ name: symbol, chain: [] }];
  for (let item = pending.shift(); item; item = pending.shift()) {
    for (const target of selectTargets(tree.options.model, item.name)) {
      if (chains.has(target) || target === symbol) continue;
      const revDep = tree.deps.symbols.get(target)?.revDep;
      if (revDep === undefined || tree.reachability.evaluate(revDep, assume) & N) continue;
      const chain = [...item.chain, target];
      chains.set(target, chain);
      assume.set(target, on);
      pending.push({ name: target, chain });
    }
  }
  return chains;
}

function selectTargets(model: KconfigModel, name: string): string[] {
  const out: string[] = [];
  for (const def of model.symbols.get(name)?.definitions ?? []) {
    for (const p of def.properties) if (p.kind === 'select') out.push(p.target);
  }
  return out;
}

/** The symbols an expression requires directly: `A && B && (C || D)` gives A and B. */
function conjunctSymbols(e: DepExpr | undefined): string[] {
  if (e === undefined) return [];
  if (e.kind === 'symbol') return [e.name];
  if (e.kind === 'and') return [...conjunctSymbols(e.left), ...conjunctSymbols(e.right)];
  return [];
}
