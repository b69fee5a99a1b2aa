/**
 * conf's command-line modes (scripts/kconfig/conf.c) over our evaluation: the same inputs (.config,
 * KCONFIG_ALLCONFIG presets, defconfig files), the same assignment rules per mode, the same output file and
 * the same messages on stdout and stderr.
 *
 * Flow, as conf's main(): read the input for the mode; stop on reader warnings if KCONFIG_WERROR is set; apply
 * the mode (all*config give every prompted bool/tristate without a value the mode's value; defconfig and
 * alldefconfig leave defaults; yes2modconfig & co. rewrite user values); stop on unmet-dependency warnings if
 * KCONFIG_WERROR is set; write .config (or the defconfig for savedefconfig, nothing for listnewconfig).
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { KconfigModel, MenuNode } from '@kconfig-solve/kconfig-parser';
import { formatConfigWarning, readConfig } from '../config/read.js';
import { autoconfNames, writeAutoconf } from '../config/autoconf.js';
import { startTouchAhead, type TouchAhead, touchDirectory } from '../config/touch-ahead.js';
import { formatConfig, formatDefconfig, formatSymbol, saveConfigFile } from '../config/write.js';
import { type KconfigRules, propertyWarnings } from '../eval/dependencies.js';
import { Evaluation } from '../eval/evaluation.js';
import { dependencyLoopReport } from '../eval/loops.js';
import { symbolTableOrder } from '../eval/symbol-table.js';
import { mod, no, type Tristate, yes } from '../eval/tristate.js';
import { type AnswerSource, textAnswers } from './answers.js';
import { askQuestions, withinRange } from './questions.js';
import { GlibcRandom } from './random.js';

export type ConfMode =
  | 'allnoconfig'
  | 'allyesconfig'
  | 'allmodconfig'
  | 'alldefconfig'
  | 'randconfig'
  | 'defconfig'
  | 'savedefconfig'
  | 'olddefconfig'
  | 'syncconfig'
  | 'oldconfig'
  | 'oldaskconfig'
  | 'listnewconfig'
  | 'helpnewconfig'
  | 'yes2modconfig'
  | 'mod2yesconfig'
  | 'mod2noconfig';

export interface ConfRunOptions {
  readonly model: KconfigModel;
  readonly rules?: KconfigRules;
  /** The environment conf sees (KCONFIG_CONFIG, KCONFIG_ALLCONFIG, CONFIG_, srctree, ...); default: none. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The directory conf runs in; relative file names resolve here; default: `process.cwd()`. */
  readonly cwd?: string;
  /** defconfig: the file to read; savedefconfig: the file to write. */
  readonly defconfigFile?: string;
  /** Write files (default true); false only computes the text, as a dry run. */
  readonly write?: boolean;
  /** conf's `-s`: no "configuration written" messages. */
  readonly silent?: boolean;
  /**
   * Write include/config/auto.conf & co. as conf does (default true): syncconfig always, other modes that
   * write .config only when auto.conf is missing. false skips them in every mode but syncconfig.
   */
  readonly autoconf?: boolean;
  /**
   * Answers to the questions of oldconfig, oldaskconfig and syncconfig (conf reads stdin); default: no input,
   * so every new symbol takes its default, as `conf --oldconfig < /dev/null`.
   */
  readonly answers?: AnswerSource;
  /** Receives stdout text as it is produced (an interactive session must show a question before reading). */
  readonly onStdout?: (text: string) => void;
  /**
   * Texts to read instead of files, by the name conf would open (the KCONFIG_CONFIG or KCONFIG_ALLCONFIG value,
   * the defconfig file): a caller with a configuration in memory (merge, explain, set) reads it as conf reads a
   * file, messages naming that name, without writing it anywhere first.
   */
  readonly inputs?: ReadonlyMap<string, string>;
  /** Touch files created ahead for this run (startTouchAhead below), settled when auto.conf is written. */
  readonly touchAhead?: TouchAhead;
}

export interface ConfRunResult {
  /** The .config text (or the defconfig text for savedefconfig); undefined when conf stops before writing. */
  readonly config: string | undefined;
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  readonly evaluation: Evaluation;
}

export function runConfMode(mode: ConfMode, options: ConfRunOptions): ConfRunResult {
  return new ConfRun(mode, options).run();
}

/** The modes that read the .config and, in a fresh build directory, write auto.conf and the touch files. */
const READS_CONFIG: ReadonlySet<ConfMode> = new Set([
  'olddefconfig',
  'oldconfig',
  'oldaskconfig',
  'syncconfig',
  'yes2modconfig',
  'mod2yesconfig',
  'mod2noconfig',
]);

/**
 * Starts creating the touch files of a fresh build directory (config/touch-ahead.ts) for a run of `mode` that
 * has yet to load its tree; the run settles them (pass the result as `touchAhead`), and a caller whose run
 * stops before must `abandon` them. Undefined when the mode does not read the .config or write auto.conf, or
 * the directory already exists.
 */
export function startTouchAheadFor(
  mode: ConfMode,
  options: Pick<ConfRunOptions, 'env' | 'cwd' | 'autoconf' | 'write'>,
): TouchAhead | undefined {
  if (!READS_CONFIG.has(mode) || options.write === false) return undefined;
  if (mode !== 'syncconfig' && options.autoconf === false) return undefined;
  const env = options.env ?? {};
  const cwd = options.cwd ?? process.cwd();
  const touchDir = touchDirectory(cwd, autoconfNames(env).autoconf);
  return startTouchAhead(touchDir, resolve(cwd, configName(env)), symbolPrefix(env));
}

/** conf_get_configname: the .config conf reads and writes. */
function configName(env: Readonly<Record<string, string | undefined>>): string {
  return env.KCONFIG_CONFIG ?? '.config';
}

/** The prefix of every symbol name in the files conf writes (CONFIG_ in the environment, as make passes it). */
function symbolPrefix(env: Readonly<Record<string, string | undefined>>): string {
  return env.CONFIG_ ?? 'CONFIG_';
}

class ConfRun {
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly cwd: string;
  private readonly evaluation: Evaluation;
  private readonly prefix: string;
  private stdout = '';
  private stderr = '';
  private readerWarnings = 0;
  private unknownSymbols = false;
  /** conf_get_changed: whether conf_write may reuse the values computed so far. */
  private changed = true;

  constructor(
    private readonly mode: ConfMode,
    private readonly options: ConfRunOptions,
  ) {
    this.env = options.env ?? {};
    this.cwd = options.cwd ?? process.cwd();
    this.evaluation = new Evaluation(options.model, options.rules ? { rules: options.rules } : {});
    this.prefix = symbolPrefix(this.env);
  }

  run(): ConfRunResult {
    const ev = this.evaluation;
    // conf seeds randconfig (printing KCONFIG_SEED) while reading its options, before parsing the tree.
    const random = this.mode === 'randconfig' ? this.seedRandom() : undefined;
    // conf_parse prints these while finalizing the menu tree.
    for (const w of propertyWarnings(ev.deps)) this.stderr += `${w.file}:${w.line}:warning: ${w.message}\n`;
    // conf_parse refuses a tree with dependency loops.
    const loops = dependencyLoopReport(ev.deps);
    if (loops !== '') {
      this.stderr += loops;
      return this.result(undefined, 1);
    }
    const stop = this.readInput();
    if (stop !== undefined) return this.result(undefined, stop);
    // conf_errors: with KCONFIG_WERROR, reader warnings are fatal (after conf_read printed its own warnings).
    if (this.readerWarnings > 0 && this.env.KCONFIG_WERROR) {
      this.flushWarnings();
      return this.result(undefined, 1);
    }
    // syncconfig under KCONFIG_NOSILENTUPDATE: a configuration that needs updating is an error, and .config
    // is never rewritten (conf.c main).
    let writeConfig = true;
    if (this.mode === 'syncconfig' && this.env.KCONFIG_NOSILENTUPDATE) {
      if (this.changed) {
        this.flushWarnings();
        this.stderr += '\n*** The configuration requires explicit update.\n\n';
        return this.result(undefined, 1);
      }
      writeConfig = false;
    }

    switch (this.mode) {
      case 'allnoconfig':
        this.setAllNewSymbols(no);
        break;
      case 'allyesconfig':
        this.setAllNewSymbols(yes);
        break;
      case 'allmodconfig':
        this.setAllNewSymbols(mod);
        break;
      case 'alldefconfig':
      case 'defconfig':
        this.setAllNewSymbols(undefined);
        break;
      case 'randconfig':
        if (random && ev.rules === '6.1') this.randomizeLegacy(random);
        else if (random) this.randomize(random);
        break;
      case 'yes2modconfig':
        this.rewriteTristates('y', 'm');
        break;
      case 'mod2yesconfig':
        this.rewriteTristates('m', 'y');
        break;
      case 'mod2noconfig':
        this.rewriteTristates('m', 'n');
        break;
      case 'oldaskconfig':
      case 'oldconfig':
      case 'syncconfig':
      case 'listnewconfig':
      case 'helpnewconfig': {
        const asked = askQuestions(ev, this.mode, this.options.answers ?? textAnswers(''), {
          prefix: this.prefix,
          stdout: (text) => this.emit(text),
        });
        this.stderr += asked.stderr;
        if (asked.exitCode !== undefined) {
          this.flushWarnings();
          return this.result(undefined, asked.exitCode);
        }
        break;
      }
      default:
        break;
    }

    // sym_dep_errors: with KCONFIG_WERROR, the unmet-dependency warnings printed so far are fatal.
    const warned = this.flushWarnings();
    if (warned > 0 && this.env.KCONFIG_WERROR) return this.result(undefined, 1);

    if (this.mode === 'listnewconfig' || this.mode === 'helpnewconfig') return this.result(undefined, 0);
    if (this.mode === 'savedefconfig') {
      // conf_write_defconfig recomputes from scratch (sym_clear_all_valid).
      const text = formatDefconfig(ev, { prefix: this.prefix });
      this.flushWarnings();
      if (this.options.write !== false) {
        const file = this.options.defconfigFile ?? 'defconfig';
        const saved = saveConfigFile(resolve(this.cwd, file), text, { overwrite: true });
        if (!saved.ok) {
          this.stderr += `n*** Error while saving defconfig to: ${file}\n\n`;
          return this.result(undefined, 1);
        }
      }
      return this.result(text, 0);
    }

    // conf_write: an unchanged configuration is computed afresh (sym_clear_all_valid), warnings and all;
    // when that pass would repeat the one conf_read made, its results are kept instead.
    if (writeConfig && !this.changed && !ev.recomputeWouldRepeat()) ev.invalidateAll();
    const text = formatConfig(ev, { prefix: this.prefix });
    this.flushWarnings();
    const name = this.configName();
    if (this.options.write === false) {
      if (writeConfig) this.message(`configuration written to ${name}`);
      return this.result(text, 0);
    }
    if (writeConfig) {
      const saved = saveConfigFile(resolve(this.cwd, name), text, { overwrite: !!this.env.KCONFIG_OVERWRITECONFIG });
      if (!saved.ok) {
        this.stderr += '\n*** Error during writing of the configuration.\n\n';
        return this.result(undefined, 1);
      }
      this.message(saved.changed ? `configuration written to ${name}` : `No change to ${name}`);
    }
    // conf_write_autoconf: syncconfig always regenerates the build files; other modes only create them when
    // auto.conf is missing, and ignore a failure.
    const sync = this.mode === 'syncconfig';
    if (!sync && this.options.autoconf === false) return this.result(text, 0);
    const autoconf = writeAutoconf(ev, {
      cwd: this.cwd,
      env: this.env,
      overwrite: sync,
      prefix: this.prefix,
      ...(this.options.touchAhead ? { touchAhead: this.options.touchAhead } : {}),
    });
    this.flushWarnings();
    if (!autoconf.ok && sync) {
      this.stderr += '\n*** Error during sync of the configuration.\n\n';
      return this.result(undefined, 1);
    }
    return this.result(text, 0);
  }

  private result(config: string | undefined, exitCode: number): ConfRunResult {
    return { config, stdout: this.stdout, stderr: this.stderr, exitCode, evaluation: this.evaluation };
  }

  /** Text on stdout: kept for the result and passed on at once to `onStdout`. */
  private emit(text: string): void {
    this.stdout += text;
    this.options.onStdout?.(text);
  }

  /** conf_message with conf's default callback. */
  private message(text: string): void {
    // syncconfig runs during the build and silences conf's messages itself.
    if (!this.options.silent && this.mode !== 'syncconfig') this.emit(`#\n# ${text}\n#\n`);
  }

  private configName(): string {
    return configName(this.env);
  }

  /** zconf_fopen: the name as given, then under $srctree. */
  private locate(name: string): string | undefined {
    const direct = resolve(this.cwd, name);
    if (existsSync(direct)) return direct;
    const srctree = this.env.srctree;
    if (!isAbsolute(name) && srctree !== undefined) {
      const under = resolve(this.cwd, srctree, name);
      if (existsSync(under)) return under;
    }
    return undefined;
  }

  /** conf_read_simple into user values; false when the file cannot be opened. */
  private readFile(name: string): boolean {
    const text = this.options.inputs?.get(name) ?? this.readText(name);
    if (text === undefined) return false;
    const result = readConfig(text, name, this.evaluation, {
      prefix: this.prefix,
      warnUnknownSymbols: this.env.KCONFIG_WARN_UNKNOWN_SYMBOLS !== undefined,
    });
    if (result.unknownSymbols) this.unknownSymbols = true;
    for (const w of result.warnings) this.stderr += `${formatConfigWarning(w)}\n`;
    this.readerWarnings += result.warnings.length;
    return true;
  }

  private readText(name: string): string | undefined {
    const path = this.locate(name);
    if (path === undefined) return undefined;
    try {
      return readFileSync(path, 'latin1');
    } catch {
      return undefined;
    }
  }

  /** Reads what the mode starts from; returns an exit code when conf stops. */
  private readInput(): number | undefined {
    switch (this.mode) {
      case 'defconfig': {
        const file = this.options.defconfigFile ?? '';
        if (!this.readFile(file)) {
          this.stderr += `***\n*** Can't find default configuration "${file}"!\n***\n`;
          return 1;
        }
        this.afterConfRead();
        return undefined;
      }
      case 'allnoconfig':
      case 'allyesconfig':
      case 'allmodconfig':
      case 'alldefconfig':
      case 'randconfig': {
        const preset = this.env.KCONFIG_ALLCONFIG;
        if (preset === undefined) return undefined;
        if (preset !== '' && preset !== '1') {
          if (!this.readFile(preset)) {
            this.stderr += `*** Can't read seed configuration "${preset}"!\n`;
            return 1;
          }
          return undefined;
        }
        const name = this.mode === 'randconfig' ? 'allrandom.config' : `${this.mode.slice(0, -'config'.length)}.config`;
        if (!this.readFile(name) && !this.readFile('all.config')) {
          this.stderr += `*** KCONFIG_ALLCONFIG set, but no "${name}" or "all.config" file found\n`;
          return 1;
        }
        return undefined;
      }
      default: {
        // conf_read(NULL): the .config, else the first file of KCONFIG_DEFCONFIG_LIST that exists (6.12).
        if (this.readFile(this.configName())) {
          this.afterConfRead();
          return undefined;
        }
        for (const candidate of (this.env.KCONFIG_DEFCONFIG_LIST ?? '').split(/\s+/).filter(Boolean)) {
          if (this.options.inputs?.has(candidate) || this.locate(candidate) !== undefined) {
            this.message(`using defaults found in ${candidate}`);
            this.readFile(candidate);
            this.afterConfRead();
            return undefined;
          }
        }
        this.evaluate();
        this.changed = true;
        return undefined;
      }
    }
  }

  /**
   * Computes every symbol once in conf's symbol-table order, as conf_read does after reading (its
   * unmet-dependency warnings come in that order). Returns whether the result differs from the input
   * (conf_set_changed): a saved value that does not hold, or a symbol to write that had no value.
   */
  private evaluate(): boolean {
    const ev = this.evaluation;
    ev.invalidateAll();
    let changed = false;
    for (const name of symbolTableOrder(ev.model, ev.rules)) {
      const sym = ev.deps.symbol(name);
      const state = ev.state(name);
      if (!sym || sym.type === 'unknown') continue;
      const user = ev.userValue(name);
      if (user !== undefined && state.write) {
        if (user !== state.text) changed = true;
      } else if (user !== undefined || state.write) {
        changed = true;
      }
    }
    return changed;
  }

  /**
   * conf_read after conf_read_simple: one full pass; 6.1 then drops some user values, in symbol-table order:
   * while nothing is unsaved, those of invisible symbols; and those of numbers out of their range (which makes
   * the rest of the pass keep theirs). As in conf, dropping a value recomputes nothing: values stay as computed
   * (an out-of-range number's own is computed again when read) until the next full recompute, so a symbol
   * whose selects override its dependencies prints its warning no more often than conf's does.
   */
  private afterConfRead(): void {
    const ev = this.evaluation;
    let unsaved = this.evaluate();
    this.changed = unsaved || this.readerWarnings > 0 || this.unknownSymbols;
    if (ev.rules !== '6.1') return;
    for (const name of symbolTableOrder(ev.model, ev.rules)) {
      const sym = ev.deps.symbol(name);
      const user = ev.userValue(name);
      if (!sym || user === undefined || sym.choice !== undefined) continue;
      if (ev.visibility(name) === no && !unsaved) ev.dropUserValue(name);
      // Checked even when just dropped: conf looks at the value it read, whatever the flag says.
      if ((sym.type === 'int' || sym.type === 'hex') && !withinRange(ev, name, user)) {
        ev.dropUserValue(name);
        ev.invalidateOwn(name);
        unsaved = true;
        this.changed = true;
      }
    }
  }

  /** conf_set_all_new_symbols; `value` undefined is def_default (only choices are settled, in 6.1). */
  private setAllNewSymbols(value: Tristate | undefined): void {
    const ev = this.evaluation;
    if (ev.rules === '6.1') {
      this.setAllNewSymbolsLegacy(value);
      return;
    }
    if (value === undefined) {
      ev.invalidateAll();
      return;
    }
    // 6.12: every definition with a prompt, of a bool/tristate symbol without a value that is not a choice member.
    forEachDefinition(ev.model.root, (node) => {
      const sym = ev.deps.symbol(node.symbol);
      if (!sym || (sym.type !== 'bool' && sym.type !== 'tristate') || sym.choice !== undefined) return;
      if (ev.hasUserValue(sym.name) || !node.properties.some((p) => p.kind === 'prompt')) return;
      ev.assignUserTristate(sym.name, value);
    });
    ev.invalidateAll();
  }

  /**
   * 6.1: every bool/tristate symbol without a value (choices included, prompt or not) gets the mode's value;
   * then choices still without a mode get one, their members without values becoming n (set_all_choice_values).
   */
  private setAllNewSymbolsLegacy(value: Tristate | undefined): void {
    const ev = this.evaluation;
    const readBefore = this.mode === 'defconfig';
    if (value !== undefined && !readBefore) {
      for (const sym of ev.deps.symbols.values()) {
        if ((sym.type === 'bool' || sym.type === 'tristate') && !ev.hasUserValue(sym.name))
          ev.assignUserTristate(sym.name, value);
      }
      for (const choice of ev.deps.choices) {
        if ((choice.type === 'bool' || choice.type === 'tristate') && !ev.choiceHasUserMode(choice.index))
          ev.setChoiceUserMode(choice.index, value);
      }
    }
    for (const choice of ev.deps.choices) {
      if (ev.choiceHasUserMode(choice.index)) continue;
      for (const m of choice.members) if (!ev.hasUserValue(m)) ev.assignUserTristate(m, no);
      ev.setChoiceUserMode(choice.index, ev.choiceUserTristate(choice.index));
    }
    ev.invalidateAll();
  }

  /** conf_rewrite_tristates: user values of tristate symbols equal to `from` become `to`. */
  private rewriteTristates(from: string, to: string): void {
    const ev = this.evaluation;
    for (const sym of ev.deps.symbols.values()) {
      if (ev.effectiveType(sym.name) === 'tristate' && ev.userValue(sym.name) === from)
        ev.assignUserTristate(sym.name, to === 'y' ? yes : to === 'm' ? mod : no);
    }
    ev.invalidateAll();
  }

  private seedRandom(): GlibcRandom {
    const env = this.env.KCONFIG_SEED;
    let seed: number | undefined;
    if (env) {
      const parsed = parseCLong(env);
      if (parsed !== undefined) seed = parsed >>> 0;
    }
    seed ??= (Math.floor(Date.now() / 1000) + 1) * ((Date.now() % 1000) * 1000 + 1);
    seed >>>= 0;
    this.emit(`KCONFIG_SEED=0x${seed.toString(16).toUpperCase()}\n`);
    return new GlibcRandom(seed);
  }

  /** KCONFIG_PROBABILITY: the chances (in %) of y for a bool, and of y and of m for a tristate. */
  private probabilities(): { pby: number; pty: number; ptm: number } {
    let pby = 50;
    let pty = 33;
    let ptm = 33;
    const p = (this.env.KCONFIG_PROBABILITY ?? '')
      .split(':')
      .filter((s) => s !== '')
      .slice(0, 3)
      .map((s) => Number.parseInt(s, 10));
    if (p.length === 1) {
      pby = p[0] as number;
      ptm = Math.trunc(pby / 2);
      pty = pby - ptm;
    } else if (p.length === 2) {
      pty = p[0] as number;
      ptm = p[1] as number;
      pby = pty + ptm;
    } else if (p.length === 3) {
      [pby, pty, ptm] = p as [number, number, number];
    }
    return { pby, pty, ptm };
  }

  /** One random draw for a bool or tristate (conf_set_all_new_symbols, def_random). */
  private draw(random: GlibcRandom, type: string): Tristate {
    const { pby, pty, ptm } = this.probabilities();
    const cnt = random.next() % 100;
    if (type === 'tristate') return cnt < pty ? yes : cnt < pty + ptm ? mod : no;
    return cnt < pby ? yes : no;
  }

  /** 6.12 randconfig: each prompted bool/tristate without a value, in menu order, by KCONFIG_PROBABILITY. */
  private randomize(random: GlibcRandom): void {
    const ev = this.evaluation;
    const visit = (node: MenuNode): void => {
      if (node.kind === 'config') {
        const sym = ev.deps.symbol(node.symbol);
        if (
          sym &&
          (sym.type === 'bool' || sym.type === 'tristate') &&
          sym.choice === undefined &&
          !ev.hasUserValue(sym.name) &&
          node.properties.some((q) => q.kind === 'prompt')
        ) {
          ev.assignUserTristate(sym.name, this.draw(random, sym.type));
        }
      } else if (node.kind === 'choice' && node.properties.some((q) => q.kind === 'prompt')) {
        this.randomizeChoice(node.choice, random);
      }
      for (const child of node.children) visit(child);
    };
    for (const child of ev.model.root.children) visit(child);
    ev.invalidateAll();
  }

  /**
   * 6.1 randconfig: every bool/tristate without a value, in symbol-table order, gets a random value (a choice
   * symbol a mode that does not count as a user value yet); then, until nothing changes, each choice still
   * without a value that is y gets one random member y and the others n (randomize_choice_values).
   */
  private randomizeLegacy(random: GlibcRandom): void {
    const ev = this.evaluation;
    const order = symbolTableOrder(ev.model, ev.rules, true);
    const choiceIndex = (key: string) =>
      key.startsWith('\u0000') ? Number(key.slice('\u0000choice'.length)) : undefined;
    for (const key of order) {
      const index = choiceIndex(key);
      if (index !== undefined) {
        const type = ev.deps.choices[index]?.type ?? 'unknown';
        if ((type === 'bool' || type === 'tristate') && !ev.choiceHasUserMode(index)) {
          ev.setChoiceUserMode(index, this.draw(random, type), false);
        }
        continue;
      }
      const type = ev.deps.symbol(key)?.type;
      if ((type === 'bool' || type === 'tristate') && !ev.hasUserValue(key))
        ev.assignUserTristate(key, this.draw(random, type));
    }
    let changed = true;
    while (changed) {
      changed = false;
      ev.invalidateAll();
      for (const key of order) {
        const index = choiceIndex(key);
        if (index === undefined || ev.choiceHasUserMode(index) || ev.choiceMode(index) !== yes) continue;
        const members = ev.deps.choices[index]?.members ?? [];
        if (members.length === 0) continue;
        const pick = random.next() % members.length;
        for (const [i, m] of members.entries()) ev.assignUserTristate(m, i === pick ? yes : no);
        ev.setChoiceSelection(index, members[pick] as string);
        ev.setChoiceUserMode(index, ev.choiceUserTristate(index));
        changed = true;
      }
    }
    ev.invalidateAll();
  }

  /** randomize_choice_values (6.12): one random visible member without a value becomes y, the others n. */
  private randomizeChoice(choice: number, random: GlibcRandom): void {
    const ev = this.evaluation;
    const members = ev.deps.choices[choice]?.members ?? [];
    // Every member without a value becomes y, in random order, each moved to the lowest priority: the first
    // one drawn that is visible wins (sym_calc_choice), after the members KCONFIG_ALLCONFIG set.
    const candidates = members.filter((m) => !ev.hasUserValue(m));
    while (candidates.length > 0) {
      const [m] = candidates.splice(random.next() % candidates.length, 1) as [string];
      ev.assignUserTristate(m, yes);
      ev.moveChoiceMember(m, 'back');
    }
  }

  /** Moves the evaluation's warnings to stderr; how many there were. */
  private flushWarnings(): number {
    const warnings = this.evaluation.warnings.splice(0);
    for (const w of warnings) this.stderr += w;
    return warnings.length;
  }
}

function forEachDefinition(node: MenuNode, fn: (node: Extract<MenuNode, { kind: 'config' }>) => void): void {
  if (node.kind === 'config') fn(node);
  for (const child of node.children) forEachDefinition(child, fn);
}

/** strtol(text, &end, 0) accepting the whole string only. */
function parseCLong(text: string): number | undefined {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return undefined;
  const body = m[2] as string;
  const value =
    body.startsWith('0x') || body.startsWith('0X')
      ? Number.parseInt(body, 16)
      : body.startsWith('0')
        ? Number.parseInt(body, 8) || 0
        : Number.parseInt(body, 10);
  return m[1] === '-' ? -value : value;
}
