/**
 * The resolution stage: reads a whole Kconfig tree the way conf does, from the top file down.
 *
 * conf expands macros while it lexes, so variable assignments, `$(...)` references and `source` statements
 * take effect strictly in file order, a sourced file being read at the point of its `source` line. This walk
 * reproduces that order over the parsed (raw) ASTs: it runs assignments, expands every word and string,
 * opens sourced files (as given, then under `$srctree`: zconf_fopen), and feeds the model builder.
 * Recursive inclusion is an error with the inclusion chain, as in conf; a file sourced twice is reported as a
 * warning (6.1 and 6.12 accept it; later kernels reject it).
 */
import type * as ast from '../ast/nodes.js';
import type { Diagnostic, DiagnosticNote, SourceLocation } from '../diagnostics.js';
import type { ExpansionResult, ShellRunner } from '../macro/api.js';
import { MacroProcessor, systemShell } from '../macro/expander.js';
import { type ChoiceDefinition, type ConfigDefinition, ModelBuilder, type SymbolFlag } from '../model/builder.js';
import type { Expr, KconfigModel, Property, SymbolOperand, SymbolType } from '../model/types.js';
import { startShellCommands } from './ahead.js';
import { type OpenedFile, SourceFiles } from './files.js';

export interface LoadOptions {
  /** The top Kconfig file, as conf's last argument (default `Kconfig`). */
  readonly kconfig?: string;
  /** Where `source` falls back to; default: `env.srctree`. */
  readonly srctree?: string;
  /** The directory conf runs in (relative paths are tried here first); default: `process.cwd()`. */
  readonly cwd?: string;
  /** The environment conf would see (SRCARCH, ARCH, CC, ...); default: `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Runs `$(shell,...)`; default: the real `/bin/sh`. */
  readonly shell?: ShellRunner;
  /** Accept Kconfiglib's osource/rsource/orsource and glob `source` (Zephyr, ESP-IDF). */
  readonly kconfiglibExtensions?: boolean;
}

export interface LoadResult {
  readonly model: KconfigModel;
  readonly diagnostics: readonly Diagnostic[];
}

/** One step of the inclusion chain: the file and the `source` line that brought the next one in. */
interface Inclusion {
  readonly file: string;
  readonly at?: SourceLocation;
}

/**
 * With a runner that can prefetch (the real shell), the tree is walked twice: a first walk starts the
 * `$(shell,...)` commands ahead (source/ahead.ts), so that they run in parallel while the tree is walked
 * again for real; each file is read and parsed once for both walks.
 */
export function loadKconfig(options: LoadOptions = {}): LoadResult {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const top = options.kconfig ?? 'Kconfig';
  const files = new SourceFiles(cwd, options.srctree ?? env.srctree, options.kconfiglibExtensions ?? false);
  const shell = options.shell ?? systemShell(env, cwd);
  const ahead = shell.prefetch?.();
  try {
    if (ahead) startShellCommands(files, top, env, ahead);
    return new TreeLoader(files, new MacroProcessor({ env, shell: ahead?.shell ?? shell }), top).load();
  } finally {
    ahead?.close();
  }
}

class TreeLoader {
  private readonly builder: ModelBuilder;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly files: string[] = [];
  /** First inclusion of every file, keyed by resolved path, to report repeated `source`. */
  private readonly firstInclusion = new Map<string, SourceLocation | undefined>();

  constructor(
    private readonly sources: SourceFiles,
    private readonly macros: MacroProcessor,
    private readonly top: string,
  ) {
    this.builder = new ModelBuilder({ file: this.top, line: 1, column: 1, offset: 0 });
  }

  load(): LoadResult {
    const file = this.sources.open(this.top, false);
    if (file.path === undefined) {
      const reason = file.error !== undefined ? ` (${file.error})` : '';
      this.diagnostics.push({
        severity: 'error',
        code: 'source-not-found',
        message: `can't find file ${this.top}${reason}`,
      });
    } else {
      this.includeFile(this.top, file, [], undefined);
    }
    this.diagnostics.push(...this.builder.diagnostics);
    return { model: this.builder.finish(this.files, this.macros.environment), diagnostics: this.diagnostics };
  }

  private includeFile(
    name: string,
    file: OpenedFile,
    chain: readonly Inclusion[],
    at: SourceLocation | undefined,
  ): void {
    // conf compares the names as written in `source` lines against the open files' names.
    if (chain.some((c) => c.file === name)) {
      this.diagnostics.push({
        severity: 'error',
        code: 'source-recursive',
        message: `Recursive inclusion detected: ${name} includes itself`,
        ...(at ? { location: at } : {}),
        notes: inclusionNotes(name, chain, at),
      });
      return;
    }
    if (this.firstInclusion.has(file.path)) {
      const first = this.firstInclusion.get(file.path);
      this.diagnostics.push({
        severity: 'warning',
        code: 'source-repeated',
        message: `Repeated inclusion of ${name}`,
        ...(at ? { location: at } : {}),
        notes: first ? [{ message: 'first included here', location: first }] : [],
      });
    } else {
      this.firstInclusion.set(file.path, at);
    }
    this.files.push(name);
    const parsed = file.parsed;
    this.diagnostics.push(...parsed.diagnostics);
    const here: Inclusion[] = [...chain, { file: name, ...(at ? { at } : {}) }];
    this.walk(parsed.ast.entries, here);
  }

  private walk(entries: readonly ast.Entry[], chain: readonly Inclusion[]): void {
    for (const entry of entries) {
      switch (entry.kind) {
        case 'assignment':
          // assign() expands the raw name itself: expanding it here too would run its macros twice.
          this.diagnostics.push(...this.macros.assign(entry.name.raw, entry.op, entry.value, entry.location));
          break;
        case 'mainmenu':
          this.builder.mainmenu(this.word(entry.prompt));
          break;
        case 'source':
          this.source(entry, chain);
          break;
        case 'config':
          this.builder.config(this.configDefinition(entry));
          break;
        case 'comment':
          this.builder.comment(this.word(entry.prompt), entry.location, this.dependsOn(entry.attributes));
          break;
        case 'menu': {
          const visible = entry.attributes.filter((a): a is ast.VisibleAttr => a.kind === 'visible');
          this.builder.beginMenu(
            this.word(entry.prompt),
            entry.location,
            this.dependsOn(entry.attributes),
            conjunction(visible.map((v) => this.expr(v.condition))),
          );
          this.walk(entry.entries, chain);
          this.builder.end();
          break;
        }
        case 'if':
          this.builder.beginIf(this.expr(entry.condition), entry.location);
          this.walk(entry.entries, chain);
          this.builder.end();
          break;
        case 'choice':
          this.builder.beginChoice(this.choiceDefinition(entry));
          this.walk(entry.entries, chain);
          this.builder.end();
          break;
        case 'macro-call':
          this.macroCall(entry);
          break;
      }
    }
  }

  /**
   * A line made only of `$(...)` words, such as `$(warning-if,...)`: conf expands each word for its effects
   * and drops the ones that expand to nothing; anything left is a statement it does not know.
   */
  private macroCall(entry: ast.MacroCallEntry): void {
    const left = entry.words.map((w) => this.word(w)).filter((w) => w !== '');
    if (left.length > 0) {
      this.diagnostics.push({
        severity: 'error',
        code: 'unknown-statement',
        message: `unknown statement "${left[0]}"`,
        location: entry.location,
      });
    }
  }

  private source(entry: ast.SourceEntry, chain: readonly Inclusion[]): void {
    const name = this.word(entry.path);
    const optional = entry.keyword === 'osource' || entry.keyword === 'orsource';
    const current = chain[chain.length - 1]?.file ?? this.top;
    const { written, names } = this.sources.sourceNames(entry.keyword, name, current);
    if (names.length === 0 && !optional) {
      this.notFound(written, entry.location, chain);
      return;
    }
    for (const n of names) {
      const file = this.sources.open(n, false);
      if (file.path === undefined) {
        if (!optional || file.error !== undefined) this.notFound(n, entry.location, chain, file.error);
        continue;
      }
      this.includeFile(n, file, chain, entry.location);
    }
  }

  private notFound(name: string, at: SourceLocation, chain: readonly Inclusion[], error?: string): void {
    this.diagnostics.push({
      severity: 'error',
      code: error !== undefined ? 'source-unreadable' : 'source-not-found',
      message: `can't open file "${name}"${error !== undefined ? ` (${error})` : ''}`,
      location: at,
      notes: [
        ...(this.sources.srctree !== undefined
          ? [{ message: `also looked under srctree ${this.sources.srctree}` }]
          : []),
        ...inclusionNotes(undefined, chain),
      ],
    });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Attributes

  private configDefinition(entry: ast.ConfigEntry): ConfigDefinition {
    const properties: Property[] = [];
    const flags: SymbolFlag[] = [];
    let type: ConfigDefinition['type'];
    let help: string | undefined;
    for (const attr of entry.attributes) {
      switch (attr.kind) {
        case 'type':
        case 'def-type':
          type ??= { type: attr.type, location: attr.location };
          if (type.type !== attr.type) {
            // A second type line in the same entry: conf warns as for a redefinition.
            this.typeRedefined(entry, attr, type.type);
          }
          break;
        case 'modules':
          flags.push({ kind: 'modules' });
          break;
        case 'transitional':
          flags.push({ kind: 'transitional' });
          break;
        case 'option':
          this.option(attr, flags);
          break;
        case 'help':
          help = attr.text;
          break;
        default:
          break;
      }
      const prop = this.property(attr);
      if (prop) properties.push(prop);
    }
    const dependsOn = this.dependsOn(entry.attributes);
    return {
      keyword: entry.keyword,
      name: this.word(entry.name),
      location: entry.location,
      properties,
      flags,
      // Every key present (undefined when absent): one object shape for every entry, cheaper to make and read.
      type,
      dependsOn,
      help,
    };
  }

  private choiceDefinition(entry: ast.ChoiceEntry): ChoiceDefinition {
    const properties: Property[] = [];
    let type: SymbolType | undefined;
    let help: string | undefined;
    let optional = false;
    for (const attr of entry.attributes) {
      if (attr.kind === 'type' || attr.kind === 'def-type') type ??= attr.type;
      if (attr.kind === 'help') help = attr.text;
      if (attr.kind === 'optional') optional = true;
      const prop = this.property(attr);
      if (prop) properties.push(prop);
    }
    const dependsOn = this.dependsOn(entry.attributes);
    return {
      location: entry.location,
      properties,
      optional,
      ...(entry.name ? { name: this.word(entry.name) } : {}),
      ...(type ? { type } : {}),
      ...(dependsOn ? { dependsOn } : {}),
      ...(help !== undefined ? { help } : {}),
    };
  }

  /** Attributes that become properties: prompts (also inline after a type), defaults, select, imply, range. */
  private property(attr: ast.Attribute): Property | undefined {
    const condition =
      'condition' in attr && attr.condition && attr.kind !== 'visible' ? this.expr(attr.condition) : undefined;
    const location = attr.location;
    // Each kind's object written out in full (no spread of shared fields): one shape per kind, made directly.
    switch (attr.kind) {
      case 'type':
        return attr.prompt ? { kind: 'prompt', text: this.word(attr.prompt), location, condition } : undefined;
      case 'prompt':
        return { kind: 'prompt', text: this.word(attr.text), location, condition };
      case 'def-type':
      case 'default':
        return { kind: 'default', value: this.expr(attr.value), location, condition };
      case 'select':
      case 'imply':
        return { kind: attr.kind, target: this.word(attr.target), location, condition };
      case 'range':
        return { kind: 'range', low: this.operand(attr.low), high: this.operand(attr.high), location, condition };
      default:
        return undefined;
    }
  }

  /**
   * All `depends on` lines of an entry, AND-ed. 7.0's `depends on X if Y` means `X || (Y = n)`: the dependency
   * applies only while Y holds.
   */
  private dependsOn(attributes: readonly ast.Attribute[]): Expr | undefined {
    let result: Expr | undefined;
    for (const d of attributes) {
      if (d.kind !== 'depends') continue;
      const own = this.expr(d.expr);
      const dep: Expr = d.condition ? { kind: 'or', left: own, right: isNo(this.expr(d.condition)) } : own;
      result = result === undefined ? dep : { kind: 'and', left: result, right: dep };
    }
    return result;
  }

  private option(attr: ast.OptionAttr, flags: SymbolFlag[]): void {
    switch (attr.name) {
      case 'modules':
        flags.push({ kind: 'modules' });
        break;
      case 'allnoconfig_y':
        flags.push({ kind: 'allnoconfig_y' });
        break;
      case 'defconfig_list':
        flags.push({ kind: 'defconfig_list' });
        break;
      case 'env':
        if (attr.value) flags.push({ kind: 'env', variable: this.word(attr.value) });
        break;
      default:
        this.diagnostics.push({
          severity: 'warning',
          code: 'invalid-attribute',
          message: `ignoring unknown option "${attr.name}"`,
          location: attr.location,
        });
    }
  }

  private typeRedefined(entry: ast.ConfigEntry, attr: ast.Attribute, first: SymbolType): void {
    if (attr.kind !== 'type' && attr.kind !== 'def-type') return;
    this.diagnostics.push({
      severity: 'warning',
      code: 'type-redefined',
      message: `ignoring type redefinition of '${entry.name.raw}' from '${first}' to '${attr.type}'`,
      location: attr.location,
    });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Words and expressions

  /** Expands a word or string token, collecting the expander's diagnostics. */
  private word(word: ast.Word): string {
    // Without a `$` (and, in a string, a backslash) expansion gives the raw text back: skip its set-up.
    if (!word.raw.includes('$') && (word.quote === undefined || !word.raw.includes('\\'))) return word.raw;
    const result: ExpansionResult =
      word.quote === undefined
        ? this.macros.expandWord(word.raw, word.location)
        : this.macros.expandString(word.raw, word.location);
    this.diagnostics.push(...result.diagnostics);
    return result.value;
  }

  private operand(ref: ast.SymbolRef): SymbolOperand {
    const text = this.word(ref.word);
    if (ref.word.quote !== undefined) return { kind: 'const', value: text };
    // sym_lookup: y, m and n are the constant symbols; any other bare word names a symbol.
    if (text === 'y' || text === 'm' || text === 'n') return { kind: 'const', value: text };
    if (text === '') {
      this.diagnostics.push({
        severity: 'error',
        code: 'syntax-error',
        message: `'${ref.word.raw}' expands to nothing where a symbol is expected`,
        location: ref.location,
      });
    }
    return { kind: 'symbol', name: text };
  }

  /** Recursion depth is bounded: the parser caps parenthesis nesting, and `&&`/`||` chains are hundreds long at most. */
  private expr(e: ast.Expr): Expr {
    switch (e.kind) {
      case 'symbol':
        return this.operand(e);
      case 'not':
        return { kind: 'not', operand: this.expr(e.operand) };
      case 'compare':
        return { kind: 'compare', op: e.op, left: this.operand(e.left), right: this.operand(e.right) };
      case 'and':
      case 'or':
        return { kind: e.kind, left: this.expr(e.left), right: this.expr(e.right) };
    }
  }
}

const NO: SymbolOperand = { kind: 'const', value: 'n' };
const YES: SymbolOperand = { kind: 'const', value: 'y' };
const NEGATED: Readonly<Record<string, '=' | '!=' | '<' | '<=' | '>' | '>='>> = {
  '=': '!=',
  '!=': '=',
  '<': '>=',
  '>=': '<',
  '>': '<=',
  '<=': '>',
};

/**
 * Boolean tests of a tristate expression's value, built from comparisons the way conf rewrites `(e) = n`:
 * `isNo(e)` is y exactly when `e` evaluates to n, `isYes(e)` exactly when it evaluates to y (never m).
 * `(A && B) = n` is `A = n || B = n`, `(!A) = n` is `A = y`, and a comparison (always y or n) is its own test.
 */
function isNo(e: Expr): Expr {
  switch (e.kind) {
    case 'symbol':
    case 'const':
      return { kind: 'compare', op: '=', left: e, right: NO };
    case 'not':
      return isYes(e.operand);
    case 'and':
      return { kind: 'or', left: isNo(e.left), right: isNo(e.right) };
    case 'or':
      return { kind: 'and', left: isNo(e.left), right: isNo(e.right) };
    case 'compare':
      return { ...e, op: NEGATED[e.op] ?? e.op };
  }
}

function isYes(e: Expr): Expr {
  switch (e.kind) {
    case 'symbol':
    case 'const':
      return { kind: 'compare', op: '=', left: e, right: YES };
    case 'not':
      return isNo(e.operand);
    case 'and':
    case 'or':
      return { kind: e.kind, left: isYes(e.left), right: isYes(e.right) };
    case 'compare':
      return e;
  }
}

function conjunction(exprs: readonly Expr[]): Expr | undefined {
  return exprs.reduce<Expr | undefined>((acc, e) => (acc ? { kind: 'and', left: acc, right: e } : e), undefined);
}

/**
 * conf's "Inclusion path:" lines, innermost first: the current file, then every `source` line that led to it
 * (`at` is the one being processed now, in the innermost file of `chain`).
 */
function inclusionNotes(
  current: string | undefined,
  chain: readonly Inclusion[],
  at?: SourceLocation,
): DiagnosticNote[] {
  const notes: DiagnosticNote[] = current !== undefined ? [{ message: `current file: ${current}` }] : [];
  if (at) notes.push({ message: 'included from here', location: at });
  for (let i = chain.length - 1; i >= 0; i--) {
    const step = chain[i] as Inclusion;
    if (step.at) notes.push({ message: 'included from here', location: step.at });
  }
  return notes;
}
