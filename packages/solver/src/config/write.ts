/**
 * Writing .config and defconfig files exactly as conf does (confdata.c: conf_write, conf_write_defconfig).
 *
 * .config: a four-line header naming the main menu, then the menu tree in order. A visible menu or comment
 * prints `\n#\n# Title\n#\n`; after a visible menu's entries comes `# end of Title`, and the next symbol line
 * is preceded by a blank line. A symbol is written at the first of its definitions, when conf marks it for
 * writing (SYMBOL_WRITE); n prints as `# CONFIG_X is not set`, strings are quoted with `"` and `\` escaped.
 * Choice blocks print nothing themselves. The file is replaced atomically, the previous one kept as `.old`,
 * and an identical file is left alone ("No change to .config").
 */
import { existsSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MenuNode } from '@kconfig-solve/kconfig-parser';
import type { Evaluation } from '../eval/evaluation.js';

export interface WriteOptions {
  /** The symbol prefix, conf's `CONFIG_` environment variable (default `CONFIG_`). */
  readonly prefix?: string;
}

/** escape_string_value: the value in double quotes, `"` and `\` escaped with a backslash. */
export function escapeString(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** One symbol as a .config line (print_symbol_for_dotconfig), or undefined for a symbol without a type. */
export function formatSymbol(evaluation: Evaluation, name: string, prefix = 'CONFIG_'): string | undefined {
  const type = evaluation.deps.symbol(name)?.type;
  if (type === undefined || type === 'unknown') return undefined;
  const value = evaluation.value(name);
  if ((type === 'bool' || type === 'tristate') && value === 'n') return `# ${prefix}${name} is not set\n`;
  return `${prefix}${name}=${type === 'string' ? escapeString(value) : value}\n`;
}

/** menu_add_prompt drops a prompt's leading whitespace. */
function promptText(text: string): string {
  return text.replace(/^[ \t\n\v\f\r]+/, '');
}

/** The text conf_write produces for the current values. */
export function formatConfig(evaluation: Evaluation, options: WriteOptions = {}): string {
  const prefix = options.prefix ?? 'CONFIG_';
  const root = evaluation.model.root;
  const out: string[] = [`#\n# Automatically generated file; DO NOT EDIT.\n# ${promptText(root.prompt)}\n#\n`];
  const written = new Set<string>();
  let needNewline = false;

  const visit = (node: MenuNode): void => {
    if (node.kind === 'menu' || node.kind === 'comment') {
      if (evaluation.menuVisible(node)) {
        out.push(`\n#\n# ${promptText(node.prompt)}\n#\n`);
        needNewline = false;
      }
    } else if (node.kind === 'config' && !written.has(node.symbol)) {
      if (evaluation.isWritten(node.symbol)) {
        if (needNewline) {
          out.push('\n');
          needNewline = false;
        }
        written.add(node.symbol);
        const line = formatSymbol(evaluation, node.symbol, prefix);
        if (line) out.push(line);
      }
    }
    for (const child of node.children) visit(child);
    if (node.kind === 'menu' && evaluation.menuVisible(node)) {
      out.push(`# end of ${promptText(node.prompt)}\n`);
      needNewline = true;
    }
  };
  for (const child of root.children) visit(child);
  return out.join('');
}

/**
 * The text conf_write_defconfig (savedefconfig) produces: in menu order, each symbol conf writes, once,
 * unless it cannot be changed (invisible, or forced by select), equals its default, or is the y member its
 * choice would choose anyway. No header, no comments. Starts a fresh evaluation pass, like conf.
 */
export function formatDefconfig(evaluation: Evaluation, options: WriteOptions = {}): string {
  const prefix = options.prefix ?? 'CONFIG_';
  evaluation.invalidateAll();
  const seen = new Set<string>();
  const out: string[] = [];
  const visit = (node: MenuNode): void => {
    if (node.kind === 'config' && !seen.has(node.symbol)) {
      const name = node.symbol;
      if (evaluation.isWritten(name)) {
        seen.add(name);
        if (
          evaluation.isChangeable(name) &&
          evaluation.value(name) !== evaluation.defaultValue(name) &&
          !isDefaultChoiceMember(evaluation, name)
        ) {
          const line = formatSymbol(evaluation, name, prefix);
          if (line) out.push(line);
        }
      }
    }
    for (const child of node.children) visit(child);
  };
  for (const child of evaluation.model.root.children) visit(child);
  return out.join('');
}

/** A choice member that is y and the choice's default (6.1: only in bool members of non-optional choices). */
function isDefaultChoiceMember(evaluation: Evaluation, name: string): boolean {
  const sym = evaluation.deps.symbol(name);
  if (sym?.choice === undefined) return false;
  const choice = evaluation.deps.choices[sym.choice];
  if (evaluation.rules === '6.1' && (choice?.optional || sym.type !== 'bool')) return false;
  return evaluation.choiceDefault(sym.choice) === name && evaluation.tristate(name) === 2;
}

export type SaveResult =
  | {
      readonly ok: true;
      /** conf's message: `configuration written to PATH` or `No change to PATH`. */
      readonly message: string;
      readonly changed: boolean;
    }
  | { readonly ok: false; readonly message: string };

/**
 * Replaces a config file as conf_write does: its directory is created if needed, the text goes through
 * `PATH.PID.tmp`, the previous file is kept as `PATH.old`, and an identical file is left untouched. With
 * `overwrite` (KCONFIG_OVERWRITECONFIG) the file is written in place. I/O failures are returned, not thrown.
 */
export function saveConfigFile(path: string, text: string, options: { readonly overwrite?: boolean } = {}): SaveResult {
  try {
    mkdirSync(dirname(path), { recursive: true });
    if (options.overwrite) {
      writeFileSync(path, text, 'latin1');
      return { ok: true, message: `configuration written to ${path}`, changed: true };
    }
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, text, 'latin1');
    if (existsSync(path) && readFileSync(path, 'latin1') === text) {
      unlinkSync(tmp);
      return { ok: true, message: `No change to ${path}`, changed: false };
    }
    if (existsSync(path)) renameSync(path, `${path}.old`);
    renameSync(tmp, path);
    return { ok: true, message: `configuration written to ${path}`, changed: true };
  } catch (e) {
    return { ok: false, message: `${path}: ${(e as Error).message}` };
  }
}
