/**
 * conf's line-oriented question loop (scripts/kconfig/conf.c: check_conf, conf, conf_sym, conf_string,
 * conf_choice) for oldconfig, oldaskconfig, syncconfig, listnewconfig and helpnewconfig.
 *
 * check_conf walks the menu tree for visible, changeable symbols without a value ("new"); for each it prints
 * "Restart config..." once per pass and asks every entry of the enclosing menu again, new ones waiting for an
 * answer, the others printing their value. Passes repeat until one asks nothing. oldaskconfig first asks
 * every entry of the whole tree. Prompts, the echo of answers read from a pipe, the re-asking on invalid input,
 * `?` help and end-of-input handling are conf's, byte for byte.
 */
import type { MenuNode } from '@kconfig-solve/kconfig-parser';
import { formatSymbol } from '../config/write.js';
import { isValidNumber } from '../eval/compare.js';
import type { Evaluation } from '../eval/evaluation.js';
import { mod, no, type Tristate, yes } from '../eval/tristate.js';
import type { AnswerSource, Question } from './answers.js';
import { entryPrompt, extendedHelp } from './help.js';
import { buildConfMenu, type ConfMenu, isMenuEntry, parentMenu } from './menu-tree.js';

export type QuestionMode = 'oldaskconfig' | 'oldconfig' | 'syncconfig' | 'listnewconfig' | 'helpnewconfig';

export interface QuestionOptions {
  /** The symbol prefix (conf's `CONFIG_` variable); default `CONFIG_`. */
  readonly prefix?: string;
  /** Where stdout text goes as it is produced; default: collected into the result's `stdout`. */
  readonly stdout?: (text: string) => void;
}

export interface QuestionResult {
  /** The stdout text, when no `stdout` sink was given. */
  readonly stdout: string;
  readonly stderr: string;
  /** Set when conf gives up (a new int/hex symbol without a valid value at end of input). */
  readonly exitCode?: number;
}

/** Runs conf's question loop for `mode` over the evaluation's current values, changing its user values. */
export function askQuestions(
  evaluation: Evaluation,
  mode: QuestionMode,
  answers: AnswerSource,
  options: QuestionOptions = {},
): QuestionResult {
  let stdout = '';
  const sink = options.stdout ?? ((text: string) => (stdout += text));
  const result = new QuestionLoop(evaluation, mode, answers, options.prefix ?? 'CONFIG_', sink).run();
  return { ...result, stdout };
}

/** sym_string_within_range for int/hex: a valid number inside the first active range. */
export function withinRange(ev: Evaluation, name: string, text: string): boolean {
  const sym = ev.deps.symbol(name);
  if (!sym) return false;
  const range = sym.ranges.find((r) => ev.evaluate(r.visibility) !== no);
  if (!range) return true;
  const base = sym.type === 'int' ? 10 : 16;
  const parse = (t: string, b: number): bigint => {
    try {
      return BigInt.asIntN(64, BigInt(b === 16 ? `0x${t.replace(/^0[xX]/, '') || '0'}` : t || '0'));
    } catch {
      return 0n;
    }
  };
  const val = parse(text, base);
  const bound = (o: typeof range.low) => {
    const t = o.kind === 'symbol' ? ev.value(o.name) : o.kind === 'const' ? o.value : '';
    const type = o.kind === 'symbol' ? ev.deps.symbol(o.name)?.type : undefined;
    return parse(t, type === 'int' ? 10 : type === 'hex' ? 16 : base);
  };
  return val >= bound(range.low) && val <= bound(range.high);
}

class QuestionLoop {
  private stderr = '';
  private exitCode: number | undefined;
  private indent = 1;
  private count = 0;
  private rootEntry: ConfMenu;
  private readonly root: ConfMenu;
  private readonly menus = new Map<MenuNode, ConfMenu>();
  /** conf's `line` buffer: the last answer read (fgets keeps it when input has ended). */
  private line = '';
  /** feof(stdin): input ended, or its last line had no newline. */
  private eof = false;

  constructor(
    private readonly ev: Evaluation,
    private mode: QuestionMode,
    private readonly answers: AnswerSource,
    private readonly prefix: string,
    private readonly write: (text: string) => void,
  ) {
    this.root = buildConfMenu(ev.deps);
    this.rootEntry = this.root;
    const index = (m: ConfMenu) => {
      this.menus.set(m.node, m);
      for (const c of m.children) index(c);
    };
    index(this.root);
  }

  run(): Omit<QuestionResult, 'stdout'> {
    if (this.mode === 'oldaskconfig') {
      this.rootEntry = this.root;
      this.conf(this.root);
      this.mode = 'oldconfig';
    }
    do {
      this.count = 0;
      this.checkConf(this.root);
    } while (this.count > 0 && this.exitCode === undefined);
    return {
      stderr: this.stderr,
      ...(this.exitCode !== undefined ? { exitCode: this.exitCode } : {}),
    };
  }

  private get stopped(): boolean {
    return this.exitCode !== undefined;
  }

  /** menu_is_visible. */
  private visible(menu: ConfMenu): boolean {
    const ev = this.ev;
    const node = menu.node;
    switch (node.kind) {
      case 'root':
        return true;
      case 'menu':
      case 'comment':
        return ev.menuVisible(node);
      case 'if':
        return false;
      case 'config': {
        const prompt = ev.deps.symbol(node.symbol)?.prompts.find((p) => p.definition === node);
        if (!prompt) return false;
        if (ev.evaluate(prompt.visibility) !== no) return true;
        if (ev.tristate(node.symbol) === no) return false;
        const shown = menu.children.some((c) => this.visible(c));
        // 6.1 menu_is_visible: a symbol shown only for its visible children gets SYMBOL_DEF_USER as a side
        // effect (its stored user tristate, n), so from then on it is not (NEW) and not a new symbol.
        if (shown && ev.rules === '6.1' && !ev.hasUserValue(node.symbol)) ev.assignUserTristate(node.symbol, no);
        return shown;
      }
      case 'choice': {
        const prompt = ev.deps.choices[node.choice]?.prompts.find((p) => p.definition === node);
        if (!prompt) return false;
        if (ev.evaluate(prompt.visibility) !== no) return true;
        return false;
      }
    }
  }

  /**
   * check_conf's test: no value yet, and changeable (a 6.1 choice also while it is y). A 6.12 choice is not a
   * symbol and never new.
   */
  private isNew(node: MenuNode): boolean {
    const ev = this.ev;
    if (node.kind === 'config') return !ev.hasUserValue(node.symbol) && ev.isChangeable(node.symbol);
    if (node.kind !== 'choice' || ev.rules !== '6.1') return false;
    const mode = ev.choiceMode(node.choice);
    return !ev.choiceHasUserMode(node.choice) && (ev.choiceIsChangeable(node.choice) || mode === yes);
  }

  private checkConf(menu: ConfMenu): void {
    if (this.stopped || !this.visible(menu)) return;
    const node = menu.node;
    if (this.isNew(node)) {
      switch (this.mode) {
        case 'listnewconfig':
          // print_symbol_for_listconfig is for named symbols only: a 6.1 choice is skipped.
          if (node.kind === 'config') this.listSymbol(node.symbol);
          break;
        case 'helpnewconfig':
          this.write('-----\n');
          this.printHelp(menu);
          this.write('-----\n');
          break;
        default:
          if (this.count++ === 0) this.write('*\n* Restart config...\n*\n');
          this.rootEntry = parentMenu(menu);
          this.conf(this.rootEntry);
          break;
      }
    }
    for (const child of menu.children) this.checkConf(child);
  }

  /** print_symbol_for_listconfig: `CONFIG_X=value`, n included, strings quoted. */
  private listSymbol(name: string): void {
    const type = this.ev.deps.symbol(name)?.type;
    if (type === 'string') this.write(formatSymbol(this.ev, name, this.prefix) ?? '');
    else this.write(`${this.prefix}${name}=${this.ev.value(name)}\n`);
  }

  private conf(menu: ConfMenu): void {
    if (this.stopped || !this.visible(menu)) return;
    const node = menu.node;
    if (isMenuEntry(node) || node.kind === 'comment') {
      // Except in oldaskconfig, only the menu being asked is shown; nested menus only for their new symbols.
      if (node.kind !== 'comment' && this.mode !== 'oldaskconfig' && this.rootEntry !== menu) {
        this.checkConf(menu);
        return;
      }
      const title = entryPrompt(this.ev, node);
      const star = `${' '.repeat(this.indent - 1)}*`;
      this.write(`${star}\n${star} ${title}\n${star}\n`);
    }
    if (node.kind === 'choice') {
      this.confChoice(menu, node.choice);
      return;
    }
    if (node.kind === 'config') {
      const type = this.ev.deps.symbol(node.symbol)?.type;
      if (type === 'int' || type === 'hex' || type === 'string') this.confString(menu, node.symbol);
      else this.confSym(menu, node.symbol);
      this.indent += 2;
    }
    for (const child of menu.children) this.conf(child);
    if (node.kind === 'config') this.indent -= 2;
  }

  /** conf_askvalue: false when the value is only shown, true when an answer was read into `line`. */
  private askValue(name: string, shown: string): boolean {
    const ev = this.ev;
    const hasValue = ev.hasUserValue(name);
    if (!hasValue) this.write('(NEW) ');
    this.line = '\n';
    if (!ev.isChangeable(name) || ((this.mode === 'oldconfig' || this.mode === 'syncconfig') && hasValue)) {
      this.write(`${shown}\n`);
      return false;
    }
    this.read({ symbol: name });
    return true;
  }

  /** xfgets: a line into `line` (kept at end of input, with conf's complaint), echoed unless on a terminal. */
  private read(question: Question): void {
    const line = this.answers.next(question);
    if (line === undefined) {
      this.eof = true;
      this.warn('\nError in reading or end of file.\n');
    } else {
      if (!line.endsWith('\n')) this.eof = true;
      this.line = line;
    }
    if (!this.answers.terminal) this.write(this.line);
  }

  private prefixText(menu: ConfMenu): string {
    return `${' '.repeat(this.indent - 1)}${entryPrompt(this.ev, menu.node)} `;
  }

  /** conf_sym: a bool or tristate, `[N/m/y/?]` with the current value in capitals. */
  private confSym(menu: ConfMenu, name: string): void {
    const ev = this.ev;
    for (;;) {
      const old = ev.tristate(name);
      let text = `${this.prefixText(menu)}(${name}) [${old === no ? 'N' : old === mod ? 'M' : 'Y'}`;
      if (old !== no && this.tristateWithinRange(name, no)) text += '/n';
      if (old !== mod && this.tristateWithinRange(name, mod)) text += '/m';
      if (old !== yes && this.tristateWithinRange(name, yes)) text += '/y';
      this.write(`${text}/?] `);
      if (!this.askValue(name, ev.value(name))) return;
      const answer = strip(this.line);
      let value: Tristate;
      const rest = answer.slice(1);
      switch (answer[0]) {
        case 'n':
        case 'N':
          if (rest !== '' && rest !== 'o') continue;
          value = no;
          break;
        case 'm':
        case 'M':
          if (rest !== '') continue;
          value = mod;
          break;
        case 'y':
        case 'Y':
          if (rest !== '' && rest !== 'es') continue;
          value = yes;
          break;
        case undefined:
          value = old;
          break;
        case '?':
          this.printHelp(menu);
          continue;
        default:
          continue;
      }
      if (this.setTristate(name, value)) return;
      // conf_sym: a value out of range shows the help and asks again.
      this.printHelp(menu);
    }
  }

  /** conf_string: an int, hex or string, `[current]`; an empty answer keeps the current value. */
  private confString(menu: ConfMenu, name: string): void {
    const ev = this.ev;
    for (;;) {
      const current = ev.value(name);
      this.write(`${this.prefixText(menu)}(${name}) [${current}] `);
      if (!this.askValue(name, current)) return;
      let answer: string | undefined = current;
      if (this.line[0] === '\n') {
        answer = current;
      } else if (this.line === '?\n') {
        this.printHelp(menu);
        answer = undefined;
      } else {
        // conf drops the last character: the newline, or the last one of an unterminated final line.
        answer = this.line.slice(0, -1);
      }
      if (answer !== undefined && this.setString(name, answer)) return;
      // 6.12's conf stops instead of asking again forever when input has ended.
      if (this.eof) {
        this.warn(`\nerror: no value for new symbol '${name}' at end of input\n`);
        this.exitCode = 1;
        return;
      }
    }
  }

  /** conf_choice (6.12): the visible members numbered, the chosen one marked `>`, new ones `(NEW)`. */
  private confChoice(menu: ConfMenu, index: number): void {
    const ev = this.ev;
    let isNew = false;
    let rounds = 0;
    for (;;) {
      const pad = ' '.repeat(this.indent - 1);
      this.write(`${pad}${entryPrompt(ev, menu.node)}\n`);
      const selected = ev.choiceSelection(index);
      const numbered: ConfMenu[] = [];
      let def = 0;
      this.line = '';
      for (const child of menu.children) {
        if (!this.visible(child)) continue;
        if (child.node.kind !== 'config') {
          this.write(`${pad}* ${entryPrompt(ev, child.node)}\n`);
          continue;
        }
        numbered.push(child);
        const symbol = child.node.symbol;
        if (symbol === selected) def = numbered.length;
        this.write(
          `${symbol === selected ? `${pad}>` : `${pad} `} ${numbered.length}. ${entryPrompt(ev, child.node)} (${symbol})`,
        );
        if (!ev.hasUserValue(symbol)) {
          isNew = true;
          this.write(' (NEW)');
        }
        this.write('\n');
      }
      this.write(`${pad}choice`);
      let pick: number;
      if (numbered.length === 1) {
        this.write('[1]: 1\n');
        pick = 1;
      } else {
        this.write(`[1-${numbered.length}?]: `);
        if ((this.mode === 'oldconfig' || this.mode === 'syncconfig') && !isNew) {
          pick = def;
          this.write(`${pick}\n`);
        } else {
          this.read({ members: numbered.map((c) => (c.node as Extract<MenuNode, { kind: 'config' }>).symbol) });
          this.line = strip(this.line);
          if (this.line.startsWith('?')) {
            this.printHelp(menu);
            continue;
          }
          if (this.line === '') pick = def;
          else if (/^[0-9]/.test(this.line)) pick = Number.parseInt(this.line, 10);
          else continue;
        }
      }
      const chosen = numbered[pick - 1];
      if (chosen === undefined) {
        // conf would ask forever once input has ended; stop instead.
        if (this.eof && ++rounds > 1) {
          this.warn('\nerror: no value for a new choice at end of input\n');
          this.exitCode = 1;
          return;
        }
        continue;
      }
      if (this.line !== '' && this.line.endsWith('?')) {
        this.printHelp(chosen);
        continue;
      }
      this.setChoice(index, (chosen.node as Extract<MenuNode, { kind: 'config' }>).symbol);
      return;
    }
  }

  /** A message on stderr, after the unmet-dependency warnings computed so far (conf prints those at once). */
  private warn(text: string): void {
    this.stderr += this.ev.warnings.splice(0).join('') + text;
  }

  /** print_help. */
  private printHelp(menu: ConfMenu): void {
    this.write(`\n${extendedHelp(this.ev, menu, this.menus)}\n`);
  }

  /** sym_tristate_within_range: inside [revDep, visibility], m only for a symbol acting as tristate. */
  private tristateWithinRange(name: string, value: Tristate): boolean {
    const ev = this.ev;
    const state = ev.state(name);
    const type = ev.effectiveType(name);
    if (state.visible === no) return false;
    if (type !== 'bool' && type !== 'tristate') return false;
    if (type === 'bool' && value === mod) return false;
    if (state.visible <= state.revDep) return false;
    return value >= state.revDep && value <= state.visible;
  }

  private setTristate(name: string, value: Tristate): boolean {
    if (!this.tristateWithinRange(name, value)) return false;
    this.ev.assignUserTristate(name, value);
    return true;
  }

  /** sym_set_string_value: a valid value within range; hex gets a `0x` prefix. */
  private setString(name: string, text: string): boolean {
    const ev = this.ev;
    const type = ev.deps.symbol(name)?.type;
    if (type === 'int' || type === 'hex') {
      if (!isValidNumber(type, text) || !withinRange(ev, name, text)) return false;
    } else if (type !== 'string') return false;
    const stored = type === 'hex' && !/^0[xX]/.test(text) ? `0x${text}` : text;
    return ev.setUserValue(name, stored);
  }

  /** choice_set_value (6.12): the chosen member y and the others n, each moved to the highest priority. */
  private setChoice(index: number, chosen: string): void {
    const ev = this.ev;
    for (const member of ev.deps.choices[index]?.members ?? []) {
      ev.assignUserTristate(member, member === chosen ? yes : no);
      ev.moveChoiceMember(member, 'front');
    }
    if (ev.rules === '6.1') {
      ev.setChoiceSelection(index, chosen);
      ev.setChoiceUserMode(index, yes);
    }
  }
}

/** conf's strip: leading and trailing white space removed. */
function strip(text: string): string {
  return text.replace(/^[ \t\n\v\f\r]+/, '').replace(/[ \t\n\v\f\r]+$/, '');
}
