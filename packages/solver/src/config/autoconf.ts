/**
 * The build-time outputs conf writes next to .config (confdata.c: conf_write_autoconf), for syncconfig and,
 * when include/config/auto.conf is missing, after every mode that writes .config:
 * - `auto.conf.cmd`: make's dependency file, every Kconfig file read and every environment variable the tree
 *   referenced with the value it saw, so make re-runs syncconfig when one of them changes;
 * - the per-symbol touch files `include/config/NAME`: touched when a symbol's value differs from the previous
 *   auto.conf (conf_touch_deps), so fixdep-tracked objects rebuild only for the symbols that changed;
 * - `autoconf.h` (C defines), `rustc_cfg` (`--cfg` flags) and `auto.conf` (make syntax), in for_all_symbols
 *   order, each written through `NAME.tmp` and renamed; auto.conf comes last because make depends on it.
 * File names follow KCONFIG_AUTOCONFIG, KCONFIG_AUTOHEADER and KCONFIG_RUSTCCFG, relative to conf's cwd.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isValidNumber } from '../eval/compare.js';
import type { Evaluation } from '../eval/evaluation.js';
import { symbolTableOrder } from '../eval/symbol-table.js';
import { type TouchAhead, touchDirectory } from './touch-ahead.js';
import { escapeString } from './write.js';

export interface AutoconfNames {
  readonly autoconf: string;
  readonly autoheader: string;
  readonly rustccfg: string;
}

/** conf_get_autoconfig_name & co.: the environment's names, else the kernel's defaults. */
export function autoconfNames(env: Readonly<Record<string, string | undefined>>): AutoconfNames {
  return {
    autoconf: env.KCONFIG_AUTOCONFIG ?? 'include/config/auto.conf',
    autoheader: env.KCONFIG_AUTOHEADER ?? 'include/generated/autoconf.h',
    rustccfg: env.KCONFIG_RUSTCCFG ?? 'include/generated/rustc_cfg',
  };
}

interface CommentStyle {
  readonly decoration: string;
  readonly prefix: string;
  readonly postfix: string;
}

const POUND: CommentStyle = { decoration: '#', prefix: '#', postfix: '#' };
const C_COMMENT: CommentStyle = { decoration: ' *', prefix: '/*', postfix: ' */' };

/** conf_write_heading: the main menu's prompt as written (menu_add_prompt already dropped leading blanks). */
function heading(evaluation: Evaluation, style: CommentStyle): string {
  const title = evaluation.model.root.prompt.replace(/^[ \t\n\v\f\r]+/, '');
  return `${style.prefix}\n${style.decoration} Automatically generated file; DO NOT EDIT.\n${style.decoration} ${title}\n${style.postfix}\n`;
}

interface WrittenSymbol {
  readonly name: string;
  readonly type: string;
  readonly value: string;
}

/**
 * The symbols conf_write_autoconf prints: SYMBOL_WRITE ones with a type, in for_all_symbols order. The three
 * formatters take it as an optional argument so that writeAutoconf walks the symbol table once for all of them.
 */
function writtenSymbols(evaluation: Evaluation): WrittenSymbol[] {
  const out: WrittenSymbol[] = [];
  for (const name of symbolTableOrder(evaluation.model, evaluation.rules)) {
    const type = evaluation.deps.symbol(name)?.type;
    if (type === undefined || type === 'unknown' || !evaluation.isWritten(name)) continue;
    out.push({ name, type, value: evaluation.value(name) });
  }
  return out;
}

const isBool = (type: string) => type === 'bool' || type === 'tristate';
/** Hex values get a `0x` when they lack one (print_symbol_for_c, print_symbol_for_rustccfg). */
const hexPrefixed = (value: string) => (/^0[xX]/.test(value) ? value : `0x${value}`);

/** include/config/auto.conf (print_symbol_for_autoconf): n omitted, strings unquoted. */
export function formatAutoconf(
  evaluation: Evaluation,
  prefix = 'CONFIG_',
  written: readonly WrittenSymbol[] = writtenSymbols(evaluation),
): string {
  let out = heading(evaluation, POUND);
  for (const { name, type, value } of written) {
    if (isBool(type) && value.startsWith('n')) continue;
    out += `${prefix}${name}=${value}\n`;
  }
  return out;
}

/** include/generated/autoconf.h (print_symbol_for_c): y as 1, m as NAME_MODULE 1, strings quoted. */
export function formatAutoheader(
  evaluation: Evaluation,
  prefix = 'CONFIG_',
  written: readonly WrittenSymbol[] = writtenSymbols(evaluation),
): string {
  let out = heading(evaluation, C_COMMENT);
  for (const { name, type, value } of written) {
    let suffix = '';
    let text = value;
    if (isBool(type)) {
      if (value.startsWith('n')) continue;
      if (value.startsWith('m')) suffix = '_MODULE';
      text = '1';
    } else if (type === 'hex') text = hexPrefixed(value);
    else if (type === 'string') text = escapeString(value);
    out += `#define ${prefix}${name}${suffix} ${text}\n`;
  }
  return out;
}

/** include/generated/rustc_cfg (print_symbol_for_rustccfg): no heading; y/m also as a bare `--cfg=NAME`. */
export function formatRustcCfg(
  evaluation: Evaluation,
  prefix = 'CONFIG_',
  written: readonly WrittenSymbol[] = writtenSymbols(evaluation),
): string {
  let out = '';
  for (const { name, type, value } of written) {
    if (isBool(type)) {
      if (value.startsWith('n')) continue;
      out += `--cfg=${prefix}${name}\n`;
    }
    out += `--cfg=${prefix}${name}=${escapeString(type === 'hex' ? hexPrefixed(value) : value)}\n`;
  }
  return out;
}

/**
 * include/config/auto.conf.cmd: the files conf read (each once) and the environment variables the tree
 * referenced that were set. 6.12 lists files in reading order; 6.1 kept them in a list it prepended to, so
 * newest first, and wrote a different layout.
 */
export function formatAutoconfCmd(evaluation: Evaluation, autoconfName: string): string {
  const files = [...new Set(evaluation.model.files)];
  const environment = [...evaluation.model.environment].filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  if (evaluation.rules === '6.1') {
    let out = 'deps_config := \\\n';
    for (const file of files.reverse()) out += `\t${file} \\\n`;
    out += `\n${autoconfName}: $(deps_config)\n\n`;
    for (const [name, value] of environment) out += `ifneq "$(${name})" "${value}"\n${autoconfName}: FORCE\nendif\n`;
    return `${out}\n$(deps_config): ;\n`;
  }
  let out = `autoconfig := ${autoconfName}\n\ndeps_config := \\\n`;
  for (const file of files) out += `\t${file} \\\n`;
  out += '\n$(autoconfig): $(deps_config)\n$(deps_config): ;\n';
  for (const [name, value] of environment) out += `\nifneq "$(${name})" "${value}"\n$(autoconfig): FORCE\nendif\n`;
  return out;
}

/**
 * The symbols whose touch file conf_touch_deps updates, given the previous auto.conf text (undefined when
 * there is none): written symbols whose value changed (a new one only when not n), symbols no longer
 * written, and names the old auto.conf has that the tree no longer defines. In conf's order: unknown names
 * while reading the old file, then for_all_symbols order.
 */
export function changedSymbols(evaluation: Evaluation, previous: string | undefined, prefix = 'CONFIG_'): string[] {
  const touched: string[] = [];
  const old = new Map<string, string>();
  const order = symbolTableOrder(evaluation.model, evaluation.rules);
  const known = new Set(order);
  for (const line of (previous ?? '').split('\n')) {
    // conf_read_simple with S_DEF_AUTO: `#` lines are comments; values are taken raw (no string escapes).
    if (line.startsWith('#') || !line.startsWith(prefix)) continue;
    const eq = line.indexOf('=', prefix.length);
    if (eq < 0) continue;
    const name = line.slice(prefix.length, eq);
    const value = line.slice(eq + 1);
    if (!known.has(name)) {
      touched.push(name);
      continue;
    }
    const parsed = autoValue(evaluation.deps.symbol(name)?.type ?? 'unknown', value);
    if (parsed !== undefined) old.set(name, parsed);
  }
  for (const name of order) {
    const before = old.get(name);
    if (evaluation.isWritten(name)) {
      const now = evaluation.value(name);
      // Without an old value only n needs no touch: auto.conf omits n, so nothing changed.
      const type = evaluation.deps.symbol(name)?.type;
      if (before !== undefined ? now === before : isBool(type ?? '') && now === 'n') continue;
    } else if (before === undefined) continue;
    touched.push(name);
  }
  return touched;
}

/** conf_set_sym_val for S_DEF_AUTO: the value, or undefined when conf would not record it. */
function autoValue(type: string, value: string): string | undefined {
  const first = value[0];
  switch (type) {
    case 'tristate':
      if (first === 'm') return 'm';
      return first === 'y' || first === 'n' ? first : undefined;
    case 'bool':
      return first === 'y' || first === 'n' ? first : undefined;
    case 'string':
      return value;
    case 'int':
    case 'hex':
      return isValidNumber(type, value) ? value : undefined;
    default:
      return undefined;
  }
}

export type AutoconfResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

/**
 * conf_write_autoconf: with `overwrite` false (every mode but syncconfig) nothing happens when auto.conf
 * already exists. I/O failures are returned, not thrown.
 */
export function writeAutoconf(
  evaluation: Evaluation,
  options: {
    readonly cwd: string;
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly overwrite: boolean;
    readonly prefix?: string;
    /** The touch files created ahead (touch-ahead.ts), settled here instead of touching them one by one. */
    readonly touchAhead?: TouchAhead;
  },
): AutoconfResult {
  const names = autoconfNames(options.env);
  const prefix = options.prefix ?? 'CONFIG_';
  const at = (name: string) => resolve(options.cwd, name);
  const autoconf = at(names.autoconf);
  if (!options.overwrite && existsSync(autoconf)) return { ok: true };
  try {
    replaceFile(`${autoconf}.cmd`, formatAutoconfCmd(evaluation, names.autoconf));
    let previous: string | undefined;
    try {
      previous = readFileSync(autoconf, 'latin1');
    } catch {
      previous = undefined;
    }
    const touched = changedSymbols(evaluation, previous, prefix);
    if (options.touchAhead !== undefined) {
      options.touchAhead.settle(touched);
    } else {
      const depDir = touchDirectory(options.cwd, names.autoconf);
      // A symbol name holds no '/': joined as text rather than resolved, 1700 times on a fresh kernel tree.
      for (const name of touched) closeSync(openSync(`${depDir}/${name}`, 'w'));
    }
    const written = writtenSymbols(evaluation);
    replaceFile(at(names.autoheader), formatAutoheader(evaluation, prefix, written));
    replaceFile(at(names.rustccfg), formatRustcCfg(evaluation, prefix, written));
    replaceFile(autoconf, formatAutoconf(evaluation, prefix, written));
    return { ok: true };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

/** Writes `PATH.tmp` then renames it over PATH, creating the directory first (make_parent_dir). */
function replaceFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, text, 'latin1');
  renameSync(`${path}.tmp`, path);
}
