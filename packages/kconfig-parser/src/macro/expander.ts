/**
 * The Kconfig macro language (Documentation/kbuild/kconfig-macro-language.rst), evaluated the way conf's
 * scripts/kconfig/preprocess.c does, including where the code and the document differ.
 *
 * Model: a reference `$(name,arg1,...)` is split on its top-level commas (every parenthesis nests, quotes do
 * not protect, blanks are kept); the name and then each argument are expanded; the expanded name is looked up
 * as a user variable (recursive ones are expanded again with `$(1)`, `$(2)`... bound to the arguments), then as
 * a built-in function, then, without arguments, as an environment variable (recorded for rebuild tracking);
 * anything else is empty. Expansion results are never rescanned. Errors that make conf exit stop the
 * expansion at once: the value is then empty and the diagnostic says why.
 */
import type { Diagnostic, DiagnosticCode, Severity, SourceLocation } from '../diagnostics.js';
import type { ExpansionResult, ShellRunner } from './api.js';
import { type BuiltinContext, builtins } from './builtins.js';
import { MacroText } from './scan.js';

export { systemShell } from './system-shell.js';

export interface MacroOptions {
  /** The environment conf would see. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Runs `$(shell,...)`. */
  readonly shell: ShellRunner;
  /**
   * For the loader's pass that lists `$(shell,...)` commands ahead (source/ahead.ts), whose values may hold
   * placeholders for outputs not known yet: turns a reference's expanded name into the name it really is
   * before it is looked up. Without it, names are looked up as they are.
   */
  readonly resolve?: (text: string) => string;
}

/** `=` makes a recursive variable (expanded at each use), `:=` a simple one (expanded once, at assignment). */
type Flavor = 'recursive' | 'simple';

interface Variable {
  flavor: Flavor;
  body: MacroText;
  /** How many expansions of this variable are in progress: conf's `exp_count`. */
  expCount: number;
}

/** conf's FUNCTION_MAX_ARGS: a reference holds at most 16 comma-separated parts, the name included. */
const MAX_REFERENCE_PARTS = 16;
/** conf's variable_expand refuses to expand a variable already being expanded more than 1000 times. */
const MAX_VARIABLE_DEPTH = 1000;
/**
 * Our own bound on nested references, so that the JavaScript stack does not overflow (measured: about 2100
 * levels fit in Node's default stack). conf has none; this one is above the 1001 nested calls conf's
 * per-variable bound lets a recursive function make, so that case fails exactly as in conf.
 */
const MAX_NESTING = 1200;

const NO_ARGS: readonly string[] = [];
const OPEN_PAREN = 0x28;
const COMMA = 0x2c;
const DOLLAR = 0x24;
const BACKSLASH = 0x5c;

const TOO_DEEP = 'Too deep recursive expansion';

/** One top-level expansion: where it happens, what it reported, and whether conf would have exited. */
class Expansion implements BuiltinContext {
  readonly diagnostics: Diagnostic[] = [];
  aborted = false;
  depth = 0;

  constructor(
    readonly location: SourceLocation,
    public lineno: number,
    readonly shell: ShellRunner,
  ) {}

  report(severity: Severity, code: DiagnosticCode, message: string): void {
    this.diagnostics.push({ severity, code, message, location: this.location });
  }

  fail(code: DiagnosticCode, message: string): void {
    if (this.aborted) return;
    this.report('error', code, message);
    this.aborted = true;
  }
}

/**
 * conf's test for `$(1)`, `$(2)`...: the unexpanded reference text read with strtoul, so leading blanks and a
 * `+` are accepted (`$( 1)` is the first argument). Returns 0 when the text is not such a number.
 */
function argumentNumber(text: string, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const code = text.charCodeAt(i);
    // C isspace: space, \t, \n, \v, \f, \r
    if (code !== 0x20 && (code < 0x09 || code > 0x0d)) break;
    i++;
  }
  if (i < end && text.charCodeAt(i) === 0x2b) i++; // '+'; a '-' wraps to a huge unsigned value, never an argument
  const digits = i;
  let n = 0;
  while (i < end) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return 0;
    // Saturate: any number above the argument limit is as good as infinity here.
    n = Math.min(n * 10 + (code - 0x30), MAX_REFERENCE_PARTS + 1);
    i++;
  }
  return i > digits ? n : 0;
}

/**
 * The parts of a reference's inside, split on top-level commas (a parenthesised group, always balanced in here,
 * is skipped whole; quotes do not protect): `[start0, end0, start1, end1, ...]`, the name first. Undefined
 * when there are more parts than conf accepts.
 */
function splitReference(source: MacroText, start: number, end: number): number[] | undefined {
  const text = source.text;
  const parts = [start];
  let commas = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === OPEN_PAREN) {
      i = Math.max(i, source.closeOf(i));
    } else if (code === COMMA) {
      if (++commas >= MAX_REFERENCE_PARTS) return undefined;
      parts.push(i, i + 1);
    }
  }
  parts.push(end);
  return parts;
}

export class MacroProcessor {
  readonly #env: Readonly<Record<string, string | undefined>>;
  readonly #shell: ShellRunner;
  readonly #resolve: ((text: string) => string) | undefined;
  readonly #variables = new Map<string, Variable>();
  readonly #environment = new Map<string, string | undefined>();

  constructor(options: MacroOptions) {
    this.#env = options.env;
    this.#shell = options.shell;
    this.#resolve = options.resolve;
  }

  /**
   * A variable assignment line: `NAME = value` (recursive), `NAME := value` (simple: expanded now),
   * `NAME += value` (keeps the flavour of an existing variable, recursive for a new one; appended after a space).
   * `name` is raw and is expanded like a word. `value` is the raw rest of the line: plain text, quotes included.
   *
   * `location` is the statement's. conf runs the assignment once the parser has read the end of the line, so
   * `$(lineno)` in an expanded right-hand side gives the next line number, as it does in conf.
   */
  assign(name: string, op: '=' | ':=' | '+=', value: string, location: SourceLocation): readonly Diagnostic[] {
    const x = new Expansion(location, location.line, this.#shell);
    this.#guard(x, () => {
      const variableName = this.#expandWhole(new MacroText(name), NO_ARGS, x);
      if (x.aborted) return;
      if (variableName === '') {
        // conf drops a word that expands to nothing, and the line becomes a syntax error.
        x.fail('macro-syntax', `syntax error: the variable name '${name}' expands to an empty string`);
        return;
      }
      x.lineno = location.line + 1;
      const existing = this.#variables.get(variableName);
      if (op === '+=' && existing !== undefined) {
        const added = existing.flavor === 'simple' ? this.#expandWhole(new MacroText(value), NO_ARGS, x) : value;
        if (x.aborted) return;
        existing.body = new MacroText(`${existing.body.text} ${added}`);
        return;
      }
      if (op === ':=') {
        // conf (re)registers the variable, empty, before expanding the right-hand side, so a self-reference
        // reads nothing (conf reads freed or uninitialised memory there: empty in practice, or a crash).
        const variable: Variable = existing ?? { flavor: 'simple', body: new MacroText(''), expCount: 0 };
        variable.flavor = 'simple';
        variable.body = new MacroText('');
        if (existing === undefined) this.#variables.set(variableName, variable);
        variable.body = new MacroText(this.#expandWhole(new MacroText(value), NO_ARGS, x));
        return;
      }
      // `=`, or `+=` on an undefined variable, which conf treats as `=`.
      if (existing !== undefined) {
        existing.flavor = 'recursive';
        existing.body = new MacroText(value);
      } else {
        this.#variables.set(variableName, { flavor: 'recursive', body: new MacroText(value), expCount: 0 });
      }
    });
    return x.diagnostics;
  }

  /**
   * A bare word token, raw (`$(cc-option,-mfoo)`, `FOO_$(ARCH)_BAR`, `A$(B)C$(D)`): its references expanded and
   * the pieces concatenated into one word, never split again. A `$` not followed by `(` is literal.
   * All of `raw` is taken as the token (scanWord finds where conf's lexer ends it). An empty value means conf
   * drops the token altogether.
   */
  expandWord(raw: string, location: SourceLocation): ExpansionResult {
    const x = new Expansion(location, location.line, this.#shell);
    let value = '';
    this.#guard(x, () => {
      value = this.#expandWhole(new MacroText(raw), NO_ARGS, x);
    });
    return { value: x.aborted ? '' : value, diagnostics: x.diagnostics };
  }

  /**
   * The raw content of a quoted string (between the quotes). In one pass, as conf's lexer does: a backslash
   * keeps the next character literally (so `\$(X)` is not a reference), `$(...)` is expanded, and the expansion
   * is inserted as is (quotes and backslashes in it are not interpreted).
   */
  expandString(raw: string, location: SourceLocation): ExpansionResult {
    const x = new Expansion(location, location.line, this.#shell);
    let value = '';
    this.#guard(x, () => {
      value = this.#expandQuoted(new MacroText(raw), x);
    });
    return { value: x.aborted ? '' : value, diagnostics: x.diagnostics };
  }

  /**
   * Environment variables referenced so far, with the value seen (undefined: not set). conf records only the
   * set ones (include/config/auto.conf.cmd); the unset ones matter as much for knowing when to re-run.
   */
  get environment(): ReadonlyMap<string, string | undefined> {
    return this.#environment;
  }

  /** Turns what would crash the JavaScript engine into conf-style fatal diagnostics. */
  #guard(x: Expansion, run: () => void): void {
    try {
      run();
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      // Unwound past the bookkeeping of the expansions in progress: none is in progress at the top level.
      for (const variable of this.#variables.values()) variable.expCount = 0;
      if (/call stack/i.test(error.message)) {
        x.fail('macro-too-deep', TOO_DEEP);
      } else {
        x.fail('macro-too-large', 'Out of memory. (the expansion is longer than a string can hold)');
      }
    }
  }

  #expandWhole(source: MacroText, args: readonly string[], x: Expansion): string {
    return this.#expand(source, 0, source.text.length, args, x);
  }

  /** Expands `source.text[start, end)`, where every `(` has its `)` unless a reference is unterminated. */
  #expand(source: MacroText, start: number, end: number, args: readonly string[], x: Expansion): string {
    const text = source.text;
    let dollar = text.indexOf('$(', start);
    if (dollar < 0 || dollar + 1 >= end) return text.slice(start, end);
    const parts: string[] = [];
    let from = start;
    while (dollar >= 0 && dollar + 1 < end) {
      const close = source.closeOf(dollar + 1);
      if (close < 0 || close >= end) {
        x.fail('macro-syntax', `unterminated reference to '${text.slice(dollar + 2, end)}': missing ')'`);
        return '';
      }
      parts.push(text.slice(from, dollar), this.#evalReference(source, dollar + 2, close, args, x));
      if (x.aborted) return '';
      from = close + 1;
      dollar = text.indexOf('$(', from);
    }
    parts.push(text.slice(from, end));
    return parts.join('');
  }

  #expandQuoted(source: MacroText, x: Expansion): string {
    const text = source.text;
    const parts: string[] = [];
    let from = 0;
    let i = 0;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code === BACKSLASH) {
        // The backslash goes, the next character starts the next literal run.
        parts.push(text.slice(from, i));
        from = i + 1;
        i += 2;
      } else if (code === DOLLAR && text.charCodeAt(i + 1) === OPEN_PAREN) {
        const close = source.closeOf(i + 1);
        if (close < 0) {
          x.fail('macro-syntax', `unterminated reference to '${text.slice(i + 2)}': missing ')'`);
          return '';
        }
        parts.push(text.slice(from, i), this.#evalReference(source, i + 2, close, NO_ARGS, x));
        if (x.aborted) return '';
        from = close + 1;
        i = from;
      } else {
        i++;
      }
    }
    parts.push(text.slice(from));
    return parts.join('');
  }

  /**
   * The reference whose inside (between `$(` and `)`) is `source.text[start, end)`.
   * Nested references recurse through here and #expand only (two stack frames a level), which is what lets
   * MAX_NESTING sit above conf's per-variable bound.
   */
  #evalReference(source: MacroText, start: number, end: number, args: readonly string[], x: Expansion): string {
    // conf tests the unexpanded text for an argument number before anything else.
    if (args.length > 0) {
      const n = argumentNumber(source.text, start, end);
      if (n > 0 && n <= args.length) return args[n - 1] ?? '';
    }
    if (x.depth >= MAX_NESTING) {
      x.fail('macro-too-deep', TOO_DEEP);
      return '';
    }
    const parts = splitReference(source, start, end);
    if (parts === undefined) {
      x.fail('macro-wrong-arguments', 'too many function arguments');
      return '';
    }

    x.depth++;
    let name = this.#expand(source, parts[0] ?? 0, parts[1] ?? 0, args, x);
    if (this.#resolve !== undefined) name = this.#resolve(name);
    const callArgs: string[] = [];
    for (let k = 2; k < parts.length && !x.aborted; k += 2) {
      callArgs.push(this.#expand(source, parts[k] ?? 0, parts[k + 1] ?? 0, args, x));
    }
    let value = '';
    const variable = this.#variables.get(name);
    if (x.aborted) {
      // conf has exited: nothing more runs.
    } else if (variable === undefined) {
      value = this.#callBuiltin(name, callArgs, x);
    } else if (callArgs.length === 0 && variable.expCount > 0) {
      // A function may call itself with arguments (bounded below); a plain variable never may.
      x.fail('macro-recursive-variable', `Recursive variable '${name}' references itself (eventually)`);
    } else if (variable.expCount > MAX_VARIABLE_DEPTH) {
      x.fail('macro-too-deep', TOO_DEEP);
    } else if (variable.flavor === 'simple') {
      value = variable.body.text;
    } else {
      const body = variable.body;
      variable.expCount++;
      value = this.#expand(body, 0, body.text.length, callArgs, x);
      variable.expCount--;
    }
    x.depth--;
    return value;
  }

  /** A name that is no user variable: a built-in function, else (without arguments) an environment variable. */
  #callBuiltin(name: string, args: readonly string[], x: Expansion): string {
    const builtin = builtins.get(name);
    if (builtin === undefined) {
      // An unknown function is silently empty, as in conf.
      return args.length === 0 ? (this.#environmentValue(name) ?? '') : '';
    }
    if (args.length < builtin.minArgs) {
      x.fail('macro-wrong-arguments', `too few function arguments passed to '${name}'`);
      return '';
    }
    if (args.length > builtin.maxArgs) {
      x.fail('macro-wrong-arguments', `too many function arguments passed to '${name}'`);
      return '';
    }
    return builtin.call(args, x);
  }

  #environmentValue(name: string): string | undefined {
    if (name === '') return undefined; // conf's env_expand ignores an empty name
    // hasOwn: a name such as `constructor` must not be found on Object.prototype.
    const value = Object.hasOwn(this.#env, name) ? this.#env[name] : undefined;
    this.#environment.set(name, value);
    return value;
  }
}
