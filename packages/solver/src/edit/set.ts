/**
 * `set`: scripts/config's edits of a .config (scripts-config.ts), checked against the Kconfig rules before
 * anything is written. scripts/config "doesn't check the validity of the .config file", so a value that cannot
 * hold is silently changed by the next make; here it is refused, with the reason:
 * - a symbol the tree does not define (with close matches);
 * - a value of the wrong type: y/m/n for an int or string, m for a bool, text for an int, a number that is not
 *   one (conf's sym_string_valid), an unquoted string (conf ignores it);
 * - a value the rules do not give once the whole edited file is read as olddefconfig reads it: unmet
 *   dependencies, a select that forces it, no prompt, a range, a choice that picks another member
 *   (notTakenReason), with enableWith's settings as a hint when it asked for y or m.
 * With `force` the file is written anyway (as scripts/config would), the reasons kept as warnings. Writing
 * replaces the file atomically and keeps the previous one as FILE.old, as conf does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { escapeString, saveConfigFile } from '../config/write.js';
import { enableWith } from '../derive/enable-with.js';
import { isValidNumber } from '../eval/compare.js';
import type { SymbolDeps } from '../eval/dependencies.js';
import type { Evaluation } from '../eval/evaluation.js';
import { type NotTakenReason, notTakenReason } from '../eval/reason.js';
import { type ConfigTree, readAsOlddefconfig } from '../explain/config.js';
import { unknownSymbol } from '../explain/explain.js';
import { ConfigText, operationLine, type SetOperation } from './scripts-config.js';

export interface SetRequest {
  readonly tree: ConfigTree;
  /** The .config to edit (relative to the tree's cwd); created when missing, as scripts/config does. */
  readonly file: string;
  readonly operations: readonly SetOperation[];
  /** Write even when a value is refused. */
  readonly force?: boolean;
  /** Write the file (default true); false only computes the outcome. */
  readonly write?: boolean;
  /** The symbol prefix (scripts/config and conf read $CONFIG_; default CONFIG_). */
  readonly prefix?: string;
}

export type OperationStatus = 'ok' | 'refused' | 'forced' | 'superseded';

export interface OperationOutcome {
  readonly operation: SetOperation;
  /**
   * ok: done and it holds; refused: not possible (nothing written); forced: written with `force` although it
   * does not hold; superseded: a later operation sets the same symbol.
   */
  readonly status: OperationStatus;
  /** The value asked for: y, m, n, or the int/hex/string text. */
  readonly requested?: string;
  /** The symbol's value once the edited file is read. */
  readonly value?: string;
  readonly reason?: string;
  /** The reason as data, when it comes from the Kconfig rules (notTakenReason). */
  readonly why?: NotTakenReason;
  /** For a refused y or m: the settings that would make it possible (enableWith). */
  readonly hint?: string;
  /** --state's answer, at its place among the operations. */
  readonly state?: string;
}

export interface SetResult {
  readonly file: string;
  readonly outcomes: readonly OperationOutcome[];
  /** The edited text. */
  readonly text: string;
  readonly refused: boolean;
  /** The file on disk changed. */
  readonly written: boolean;
  /** Where the previous file was kept, when it was replaced. */
  readonly backup?: string;
  /** A read or write failure (nothing was written). */
  readonly error?: string;
}

type ValueOperation = Extract<SetOperation, { op: 'enable' | 'disable' | 'module' | 'set-str' | 'set-val' }>;

export function setConfig(request: SetRequest): SetResult {
  const prefix = request.prefix ?? 'CONFIG_';
  const cwd = request.tree.cwd ?? process.cwd();
  const path = resolve(cwd, request.file);
  let original = '';
  const existed = existsSync(path);
  if (existed) {
    try {
      original = readFileSync(path, 'latin1');
    } catch (e) {
      return failed(request, original, `${request.file}: ${(e as Error).message}`);
    }
  }
  const tree = { ...request.tree, env: { ...request.tree.env, CONFIG_: prefix } };
  const edited = new ConfigText(original);
  const states = new Map<SetOperation, string>();
  for (const op of request.operations) {
    switch (op.op) {
      case 'state':
        states.set(op, edited.state(`${prefix}${op.symbol}`));
        break;
      case 'undefine':
        edited.undefine(`${prefix}${op.symbol}`);
        break;
      case 'refresh': {
        const refreshed = readAsOlddefconfig(tree, { text: edited.text, name: request.file }).config;
        if (refreshed !== undefined) edited.replace(refreshed);
        break;
      }
      default:
        edited.set(
          `${prefix}${op.symbol}`,
          operationLine(op, prefix),
          'after' in op && op.after !== undefined ? `${prefix}${op.after}` : undefined,
        );
    }
  }
  const text = edited.text;
  const ev = readAsOlddefconfig(tree, { text, name: request.file }).evaluation;

  // Only the last operation on a symbol decides what the file asks for.
  const last = new Map<string, SetOperation>();
  for (const op of request.operations) if (op.op !== 'refresh' && op.op !== 'state') last.set(op.symbol, op);
  const outcomes = request.operations.map((op): OperationOutcome => {
    if (op.op === 'state') return { operation: op, status: 'ok', state: states.get(op) as string };
    if (op.op === 'refresh' || op.op === 'undefine') return { operation: op, status: 'ok' };
    if (last.get(op.symbol) !== op) return { operation: op, status: 'superseded' };
    return checkOperation(ev, op, edited, prefix, request.file, request.force === true);
  });
  const refused = outcomes.some((o) => o.status === 'refused');
  if (refused || request.write === false) return { file: request.file, outcomes, text, refused, written: false };
  const saved = saveConfigFile(path, text);
  if (!saved.ok) return failed(request, text, saved.message, outcomes);
  const backup = saved.changed && existed ? `${request.file}.old` : undefined;
  return {
    file: request.file,
    outcomes,
    text,
    refused: false,
    written: saved.changed === true,
    ...(backup !== undefined ? { backup } : {}),
  };
}

function failed(
  request: SetRequest,
  text: string,
  error: string,
  outcomes: readonly OperationOutcome[] = [],
): SetResult {
  return { file: request.file, outcomes, text, refused: false, written: false, error };
}

/** Whether the value an operation asks for is one this tree can have, with the rest of the edited file. */
function checkOperation(
  ev: Evaluation,
  op: ValueOperation,
  edited: ConfigText,
  prefix: string,
  file: string,
  force: boolean,
): OperationOutcome {
  const sym = ev.deps.symbol(op.symbol);
  const defined = (ev.model.symbols.get(op.symbol)?.definitions.length ?? 0) > 0;
  const verdict = (requested: string | undefined, reason: string, hint?: string): OperationOutcome => ({
    operation: op,
    status: force ? 'forced' : 'refused',
    ...(requested !== undefined ? { requested } : {}),
    ...(sym && defined ? { value: ev.value(op.symbol) } : {}),
    reason,
    ...(hint !== undefined ? { hint } : {}),
  });
  if (!sym || !defined) return verdict(undefined, unknownSymbol(ev, op.symbol, prefix).message);
  const requested = requestedValue(op, sym, prefix);
  if (typeof requested !== 'string') return verdict(undefined, requested.problem);
  const value = ev.value(op.symbol);
  if (value === requested) return { operation: op, status: 'ok', requested, value };
  // conf keeps the last assignment it reads: an older line of the symbol after the new one wins.
  const line = edited.lastAssignment(`${prefix}${op.symbol}`);
  const user = ev.userValue(op.symbol);
  if (user !== undefined && user !== requested && line !== undefined)
    return verdict(requested, `${file}:${line} sets ${prefix}${op.symbol} again, and conf reads the last assignment`);
  const why = notTakenReason(ev, op.symbol, sym.type === 'string' ? escapeString(requested) : requested);
  let hint: string | undefined;
  if ((requested === 'y' || requested === 'm') && (sym.type === 'bool' || sym.type === 'tristate')) {
    const found = enableWith(ev, op.symbol, { target: requested });
    if (found.verified && found.assignments && found.assignments.length > 0)
      hint = `also set ${found.assignments.map((a) => `${prefix}${a.symbol}=${a.value}`).join(' ')}`;
  }
  return { ...verdict(requested, why.message, hint), why };
}

/** The value an operation asks for as conf would store it, or why conf would not take it at all. */
function requestedValue(op: ValueOperation, sym: SymbolDeps, prefix: string): string | { problem: string } {
  const name = `${prefix}${op.symbol}`;
  const kind = `${name} is ${article(sym.type)} ${sym.type}`;
  const tristateLike = sym.type === 'bool' || sym.type === 'tristate';
  switch (op.op) {
    case 'enable':
    case 'disable':
    case 'module': {
      if (!tristateLike) return { problem: `${kind}: use ${sym.type === 'string' ? '--set-str' : '--set-val'}` };
      if (op.op === 'module' && sym.type === 'bool') return { problem: `${kind}: it cannot be m` };
      return op.op === 'enable' ? 'y' : op.op === 'module' ? 'm' : 'n';
    }
    case 'set-str':
      if (sym.type !== 'string')
        return {
          problem: `${kind}: --set-str writes a quoted string; use ${tristateLike ? '-e, -m or -d' : '--set-val'}`,
        };
      return op.value;
    case 'set-val': {
      const text = op.value;
      if (tristateLike) {
        // conf_set_sym_val reads the first letter, lower case only.
        const first = text[0];
        if (first === 'y' || first === 'n' || (first === 'm' && sym.type === 'tristate')) return first;
        if (first === 'm') return { problem: `${kind}: it cannot be m` };
        return { problem: `${kind}: "${text}" is not y, m or n` };
      }
      if (sym.type === 'int' || sym.type === 'hex') {
        if (isValidNumber(sym.type, text)) return text;
        const form = sym.type === 'int' ? 'a decimal number without leading zeros' : 'hex digits, with or without 0x';
        return { problem: `${kind}: "${text}" is not ${form}` };
      }
      if (sym.type === 'string') {
        const unquoted = unquote(text);
        if (unquoted === undefined) return { problem: `${kind}: conf ignores a value without quotes; use --set-str` };
        return unquoted;
      }
      return { problem: `${name} has no type` };
    }
  }
}

/** A conf-quoted string's text (`"a\"b"` -> `a"b`), or undefined when it is not one. */
function unquote(text: string): string | undefined {
  if (!text.startsWith('"')) return undefined;
  let out = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"') return i === text.length - 1 ? out : undefined;
    if (c === '\\' && i + 1 < text.length) out += text[++i];
    else out += c;
  }
  return undefined;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? 'an' : 'a';
}
