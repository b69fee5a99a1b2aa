/**
 * Reading a .config (or defconfig, or KCONFIG_ALLCONFIG preset) into user values, as conf_read_simple does
 * (confdata.c): every previous user value is dropped, then each `CONFIG_X=value` or `# CONFIG_X is not set`
 * line assigns X. Other `#` lines are comments; anything else is "unexpected data". Warnings carry the file
 * and line and read exactly like conf's (`FILE:LINE:warning: ...`).
 */
import type { KconfigModel } from '@kconfig-solve/kconfig-parser';
import { isValidNumber } from '../eval/compare.js';
import type { Evaluation } from '../eval/evaluation.js';
import { symbolTableOrder } from '../eval/symbol-table.js';

/** Every name conf has a symbol for: defined, or only referenced (those have no type and ignore values). */
const knownNames = new WeakMap<KconfigModel, ReadonlySet<string>>();
function namesOf(evaluation: Evaluation): ReadonlySet<string> {
  let names = knownNames.get(evaluation.model);
  if (!names) {
    names = new Set(symbolTableOrder(evaluation.model, evaluation.rules));
    knownNames.set(evaluation.model, names);
  }
  return names;
}

export type ConfigWarningCode =
  | 'config-unexpected-data'
  | 'config-override'
  | 'config-invalid-value'
  | 'config-invalid-string'
  | 'config-unknown-symbol'
  | 'config-choice-state';

export interface ConfigWarning {
  readonly code: ConfigWarningCode;
  readonly message: string;
  readonly file: string;
  readonly line: number;
}

export interface ReadOptions {
  /** The symbol prefix (conf's `CONFIG_` variable); default `CONFIG_`. */
  readonly prefix?: string;
  /** KCONFIG_WARN_UNKNOWN_SYMBOLS: warn about assignments to symbols the tree does not have. */
  readonly warnUnknownSymbols?: boolean;
}

export interface ReadResult {
  readonly warnings: readonly ConfigWarning[];
  /** Whether the input named symbols the tree does not have (conf then considers the config changed). */
  readonly unknownSymbols: boolean;
}

/** conf's text for a warning: `FILE:LINE:warning: message`. */
export function formatConfigWarning(w: ConfigWarning): string {
  return `${w.file}:${w.line}:warning: ${w.message}`;
}

export function readConfig(text: string, file: string, evaluation: Evaluation, options: ReadOptions = {}): ReadResult {
  const prefix = options.prefix ?? 'CONFIG_';
  const legacy = evaluation.rules === '6.1';
  const warnings: ConfigWarning[] = [];
  let unknownSymbols = false;
  evaluation.resetUserValues();
  const assigned = new Set<string>();

  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const warn = (code: ConfigWarningCode, message: string) => warnings.push({ code, message, file, line: lineNo });
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    let name: string;
    let value: string;
    if (line.startsWith('#')) {
      if (line[1] !== ' ' || !line.startsWith(prefix, 2)) return;
      const rest = line.slice(2 + prefix.length);
      const space = rest.indexOf(' ');
      if (space < 0) return;
      const tail = rest.slice(space + 1);
      // 6.1 compares only the first 10 characters; 6.12 the whole rest of the line.
      if (legacy ? !tail.startsWith('is not set') : tail !== 'is not set') return;
      name = rest.slice(0, space);
      value = 'n';
    } else if (line.startsWith(prefix)) {
      const rest = line.slice(prefix.length);
      const eq = rest.indexOf('=');
      if (eq < 0) {
        if (!legacy) warn('config-unexpected-data', `unexpected data: ${line}`);
        return;
      }
      name = rest.slice(0, eq);
      value = rest.slice(eq + 1);
    } else {
      if (line !== '' && (!legacy || raw !== '\r')) warn('config-unexpected-data', `unexpected data: ${line}`);
      return;
    }

    const sym = evaluation.deps.symbol(name);
    if (!sym && !namesOf(evaluation).has(name)) {
      if (options.warnUnknownSymbols) warn('config-unknown-symbol', `unknown symbol: ${name}`);
      unknownSymbols = true;
      return;
    }
    if (assigned.has(name)) warn('config-override', `override: reassigning to symbol ${name}`);
    const parsed = parseValue(sym?.type ?? 'unknown', value);
    if (parsed.kind === 'invalid') {
      warn('config-invalid-value', `symbol value '${parsed.shown}' invalid for ${name}`);
      return;
    }
    if (parsed.kind === 'bad-string') {
      warn('config-invalid-string', 'invalid string found');
      return;
    }
    if (parsed.kind === 'ignored') return;
    evaluation.setUserValue(name, parsed.value);
    assigned.add(name);
    if (legacy) {
      const message = evaluation.legacyChoiceInput(name);
      if (message) warn('config-choice-state', message);
    } else {
      evaluation.promoteChoiceMember(name);
    }
  });
  return { warnings, unknownSymbols };
}

type ParsedValue =
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'invalid'; readonly shown: string }
  | { readonly kind: 'bad-string' }
  | { readonly kind: 'ignored' };

/** conf_set_sym_val: what a value means for a symbol of the given type. */
function parseValue(type: string, value: string): ParsedValue {
  switch (type) {
    case 'bool':
    case 'tristate': {
      const first = value[0];
      if (first === 'y' || first === 'n' || (first === 'm' && type === 'tristate'))
        return { kind: 'value', value: first };
      return { kind: 'invalid', shown: value };
    }
    case 'string': {
      // A string must be quoted; an unquoted one is silently ignored. Escapes are removed up to the closing quote.
      if (!value.startsWith('"')) return { kind: 'ignored' };
      let out = '';
      for (let i = 1; i < value.length; i++) {
        const c = value[i] as string;
        if (c === '"') return { kind: 'value', value: out };
        if (c === '\\') {
          i++;
          if (i >= value.length) break;
          out += value[i];
        } else {
          out += c;
        }
      }
      return { kind: 'bad-string' };
    }
    case 'int':
    case 'hex':
      return isValidNumber(type, value) ? { kind: 'value', value } : { kind: 'invalid', shown: value };
    default:
      return { kind: 'ignored' };
  }
}
