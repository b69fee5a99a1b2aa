/**
 * Dependency loops, found and reported as conf does before evaluating anything (sym_check_deps, symbol.c).
 *
 * conf walks every symbol (6.1: in its symbol-table order; 6.12: in menu order) and follows, depth first: the dirDep, the revDep, the
 * weakRevDep, then each property's visibility and each default's value (not select/imply, which are already
 * in the targets' revDeps). A choice member is checked through its choice, which checks all its members at
 * once. Meeting a symbol that is on the current path is a loop: conf prints the path from that symbol, one
 * line per step saying why it leads to the next ("depends on", "is selected by", "default value contains",
 * ...), then a pointer to the documentation, and fails. 6.1 prefixes each line with a file:line.
 */
import type { ChoiceNode, KconfigModel, MenuNode, Property, SymbolNode } from '@kconfig-solve/kconfig-parser';
import type { DefaultDep, DependencyModel, PromptDep, RangeDep } from './dependencies.js';
import type { DepExpr } from './expr.js';
import { symbolTableOrder } from './symbol-table.js';

type Key = string;
const choiceKey = (index: number): Key => `\u0000choice${index}`;

/** One property as conf's loop check sees it (6.1 adds a "symbol" property for every definition). */
interface CheckedProperty {
  readonly type: 'prompt' | 'menu' | 'default' | 'range' | 'symbol';
  readonly visibility: DepExpr | undefined;
  readonly value?: DepExpr;
  readonly file: string;
  readonly line: number;
}

type Step = 'dirDep' | 'revDep' | 'weakRevDep' | 'value' | 'visibility' | undefined;

interface Frame {
  readonly key: Key;
  step: Step;
  prop: CheckedProperty | undefined;
}

const DOCS =
  'For a resolution refer to Documentation/kbuild/kconfig-language.rst\nsubsection "Kconfig recursive dependency limitations"\n\n';

/** conf's report of every dependency loop in the tree, or '' when there is none. */
export function dependencyLoopReport(deps: DependencyModel, options: { readonly quickCheck?: boolean } = {}): string {
  // Trees almost never have a loop, and a quick look (`quickCheck`, on by default; tests turn it off to
  // compare) says so without the bookkeeping a report needs.
  if (options.quickCheck === false) return new LoopChecker(deps).run();
  let report = reports.get(deps);
  if (report === undefined) {
    report = mayHaveLoop(deps) ? new LoopChecker(deps).run() : '';
    reports.set(deps, report);
  }
  return report;
}

/** Per dependency model: it is readonly, so its loops are the same for every conf run on it. */
const reports = new WeakMap<DependencyModel, string>();

/**
 * Whether the graph the checker walks has a cycle, on a coarser graph with at least its edges: a node per
 * symbol, and one per choice together with its members (the checker puts them all on its path at once), with
 * an edge for every symbol or choice an expression it follows reads. The one edge within a choice node that
 * is no loop is a member reading its own choice (6.1): the choice is off the path by then. No cycle here
 * means the checker finds none.
 */
function mayHaveLoop(deps: DependencyModel): boolean {
  const model = deps.model;
  const legacy = deps.rules === '6.1';
  const ids = new Map<string, number>();
  const choiceIds: number[] = [];
  let count = 0;
  for (const choice of model.choices) choiceIds[choice.index] = count++;
  // forEach and indexed loops here and below: this runs once per process, before the compiler has optimized
  // anything, and every step of a for...of then allocates (an iterator result, an entry array).
  deps.symbols.forEach((sym, name) => {
    ids.set(name, sym.choice !== undefined ? (choiceIds[sym.choice] as number) : count++);
  });
  const edges: number[][] = Array.from({ length: count }, () => []);
  let selfLoop = false;
  const add = (from: number, e: DepExpr | undefined, ownChoice: number | undefined): void => {
    if (!e) return;
    switch (e.kind) {
      case 'and':
      case 'or':
      case 'compare':
        add(from, e.left, ownChoice);
        add(from, e.right, ownChoice);
        return;
      case 'not':
        add(from, e.operand, ownChoice);
        return;
      case 'symbol': {
        const to = ids.get(e.name);
        if (to === undefined) return;
        if (to === from) selfLoop = true;
        else (edges[from] as number[]).push(to);
        return;
      }
      case 'choice': {
        const to = choiceIds[e.choice] as number;
        if (e.choice === ownChoice) return;
        if (to === from) selfLoop = true;
        else (edges[from] as number[]).push(to);
        return;
      }
      default:
        return;
    }
  };
  // What checkSymbol follows from a definition: `symbol` (6.1), prompt, default and range visibilities, and
  // defaults. A symbol's own lists hold exactly its definitions' prompts, defaults and ranges.
  deps.symbols.forEach((sym, name) => {
    const from = ids.get(name) as number;
    const own = sym.choice;
    add(from, sym.dirDep, own);
    add(from, sym.revDep, own);
    add(from, sym.weakRevDep, own);
    if (legacy) {
      for (const def of model.symbols.get(name)?.definitions ?? []) add(from, deps.definitionDep.get(def), own);
    }
    const { prompts, defaults, ranges } = sym;
    for (let i = 0; i < prompts.length; i++) add(from, (prompts[i] as PromptDep).visibility, own);
    for (let i = 0; i < defaults.length; i++) {
      const d = defaults[i] as DefaultDep;
      add(from, d.visibility, own);
      add(from, d.value, own);
    }
    for (let i = 0; i < ranges.length; i++) add(from, (ranges[i] as RangeDep).visibility, own);
  });
  for (const choice of model.choices) {
    const from = choiceIds[choice.index] as number;
    for (const def of choice.definitions) {
      if (legacy) add(from, deps.definitionDep.get(def), undefined);
      for (const p of def.properties) {
        if (p.kind === 'prompt' || p.kind === 'default' || p.kind === 'range') {
          add(from, deps.choicePropertyVisibilities.get(p), undefined);
        }
      }
    }
  }
  return selfLoop || hasCycle(edges);
}

/** Depth first, without recursion: a node met again while still on the path closes a cycle. */
function hasCycle(edges: readonly (readonly number[])[]): boolean {
  const state = new Uint8Array(edges.length); // 0: not seen, 1: on the path, 2: done
  const stack: number[] = [];
  const next: number[] = [];
  for (let root = 0; root < edges.length; root++) {
    if (state[root] !== 0) continue;
    state[root] = 1;
    stack.push(root);
    next.push(0);
    while (stack.length > 0) {
      const top = stack.length - 1;
      const node = stack[top] as number;
      const out = edges[node] as number[];
      const i = next[top] as number;
      if (i < out.length) {
        next[top] = i + 1;
        const to = out[i] as number;
        if (state[to] === 1) return true;
        if (state[to] === 0) {
          state[to] = 1;
          stack.push(to);
          next.push(0);
        }
      } else {
        state[node] = 2;
        stack.pop();
        next.pop();
      }
    }
  }
  return false;
}

class LoopChecker {
  private readonly model: KconfigModel;
  private readonly legacy: boolean;
  private readonly stack: Frame[] = [];
  private readonly onPath = new Set<Key>();
  private readonly checked = new Set<Key>();
  private out = '';

  constructor(private readonly deps: DependencyModel) {
    this.model = deps.model;
    this.legacy = deps.rules === '6.1';
  }

  run(): string {
    if (this.legacy) {
      // 6.1 checks in symbol-table order, choice symbols included.
      for (const key of symbolTableOrder(this.model, this.deps.rules, true)) this.check(key);
    } else {
      // 6.12 checks in menu order.
      const visit = (node: MenuNode): void => {
        if (node.kind === 'config') this.check(node.symbol);
        else if (node.kind === 'choice') this.check(choiceKey(node.choice));
        for (const child of node.children) visit(child);
      };
      visit(this.model.root);
    }
    return this.out;
  }

  private choiceOf(key: Key): number | undefined {
    return key.startsWith('\u0000') ? undefined : this.deps.symbol(key)?.choice;
  }

  private isChoice(key: Key): boolean {
    return key.startsWith('\u0000');
  }

  private name(key: Key): string {
    if (!this.isChoice(key)) return key;
    const index = Number(key.slice('\u0000choice'.length));
    return this.model.choices[index]?.name ?? '<choice>';
  }

  /** sym_check_deps: the symbol where a loop closed, if one did. */
  private check(key: Key): Key | undefined {
    if (this.onPath.has(key)) {
      this.report(key);
      return key;
    }
    if (this.checked.has(key)) return undefined;
    const choice = this.choiceOf(key);
    if (choice !== undefined) {
      this.push(key);
      const found = this.check(choiceKey(choice));
      this.pop();
      return found;
    }
    if (this.isChoice(key)) return this.checkChoice(key);
    this.checked.add(key);
    this.onPath.add(key);
    const found = this.checkSymbol(key);
    this.onPath.delete(key);
    return found;
  }

  private checkChoice(key: Key): Key | undefined {
    const index = Number(key.slice('\u0000choice'.length));
    const members = this.deps.choices[index]?.members ?? [];
    this.push(key);
    for (const m of [...members, key]) {
      this.checked.add(m);
      this.onPath.add(m);
    }
    let found = this.checkSymbol(key);
    this.onPath.delete(key);
    if (!found) {
      for (const m of members) {
        found = this.checkSymbol(m);
        if (found) break;
      }
    }
    for (const m of members) this.onPath.delete(m);
    if (found && this.choiceOf(found) === index) found = key;
    this.pop();
    return found;
  }

  /** sym_check_sym_deps. */
  private checkSymbol(key: Key): Key | undefined {
    const frame = this.push(key);
    let found: Key | undefined;
    const sym = this.isChoice(key) ? undefined : this.deps.symbol(key);
    const steps: [Step, DepExpr | undefined][] = [
      ['dirDep', sym?.dirDep],
      ['revDep', sym?.revDep],
      ['weakRevDep', sym?.weakRevDep],
    ];
    for (const [step, e] of steps) {
      frame.step = step;
      found = this.checkExpr(e);
      if (found) break;
    }
    if (!found) {
      frame.step = undefined;
      for (const prop of this.properties(key)) {
        frame.prop = prop;
        frame.step = 'visibility';
        found = this.checkExpr(prop.visibility);
        if (found) break;
        if (prop.type !== 'default' || this.isChoice(key)) continue;
        frame.step = 'value';
        found = this.checkExpr(prop.value);
        if (found) break;
        frame.step = 'visibility';
      }
    }
    this.pop();
    return found;
  }

  private checkExpr(e: DepExpr | undefined): Key | undefined {
    if (!e) return undefined;
    switch (e.kind) {
      case 'and':
      case 'or':
      case 'compare':
        return this.checkExpr(e.left) ?? this.checkExpr(e.right);
      case 'not':
        return this.checkExpr(e.operand);
      case 'symbol':
        return this.deps.symbol(e.name) ? this.check(e.name) : undefined;
      case 'choice':
        return this.check(choiceKey(e.choice));
      default:
        return undefined;
    }
  }

  /** The symbol's property list in conf's order (sym->prop), without select/imply. */
  private properties(key: Key): CheckedProperty[] {
    const definitions: readonly (SymbolNode | ChoiceNode)[] = this.isChoice(key)
      ? (this.model.choices[Number(key.slice('\u0000choice'.length))]?.definitions ?? [])
      : (this.model.symbols.get(key)?.definitions ?? []);
    const list: CheckedProperty[] = [];
    for (const def of definitions) {
      if (this.legacy) {
        list.push({
          type: 'symbol',
          visibility: this.deps.definitionDep.get(def),
          file: def.location.file,
          line: def.location.line,
        });
      }
      for (const p of def.properties) {
        const type = propertyType(def, p);
        if (!type) continue;
        list.push({
          type,
          visibility: this.deps.propertyVisibilities.get(p),
          ...(p.kind === 'default' ? { value: p.value } : {}),
          file: p.location.file,
          line: p.location.line,
        });
      }
    }
    return list;
  }

  private push(key: Key): Frame {
    const frame: Frame = { key, step: undefined, prop: undefined };
    this.stack.push(frame);
    return frame;
  }

  private pop(): void {
    this.stack.pop();
  }

  /** sym_check_print_recursive. */
  private report(closing: Key): void {
    let last = closing;
    const choice = this.choiceOf(last);
    const extra = choice !== undefined;
    if (extra) {
      this.push(last);
      last = choiceKey(choice);
    }
    let start = -1;
    for (let i = this.stack.length - 1; i >= 0; i--) {
      if (this.stack[i]?.key === last) {
        start = i;
        break;
      }
    }
    if (start < 0) {
      this.out += 'unexpected recursive dependency error\n';
    } else {
      for (let i = start; i < this.stack.length; i++) {
        const frame = this.stack[i] as Frame;
        const next = this.stack[i + 1]?.key ?? last;
        this.out += this.legacy ? this.legacyLine(frame, next, i === start) : this.line(frame, next, i === start);
      }
      this.out += DOCS;
    }
    if (extra) this.pop();
  }

  private line(frame: Frame, next: Key, first: boolean): string {
    const sym = this.name(frame.key);
    let text = first ? 'error: recursive dependency detected!\n' : '';
    if (this.isChoice(next)) {
      const def = this.model.choices[Number(next.slice('\u0000choice'.length))]?.definitions[0];
      text += `\tsymbol ${sym} is part of choice block at ${def?.location.file}:${def?.location.line}\n`;
    } else if (frame.step === 'dirDep') text += `\tsymbol ${sym} depends on ${next}\n`;
    else if (frame.step === 'revDep') text += `\tsymbol ${sym} is selected by ${next}\n`;
    else if (frame.step === 'weakRevDep') text += `\tsymbol ${sym} is implied by ${next}\n`;
    else if (frame.step === 'value')
      text += `\tsymbol ${sym} ${frame.prop?.type ?? 'unknown'} value contains ${next}\n`;
    else text += `\tsymbol ${sym} ${frame.prop?.type ?? 'unknown'} is visible depending on ${next}\n`;
    return text;
  }

  private legacyLine(frame: Frame, next: Key, first: boolean): string {
    const sym = this.name(frame.key);
    const nextName = this.name(next);
    const props = this.properties(frame.key);
    const prop = frame.prop ?? props[0];
    const at = prop ? `${prop.file}:${prop.line}:` : ':0:';
    // For choices and their values conf names the entry's own location.
    const isChoiceValue = this.choiceOf(frame.key) !== undefined;
    const entry = props[0];
    const menuAt = entry ? `${entry.file}:${entry.line}:` : at;
    let text = first
      ? `${this.isChoice(frame.key) || isChoiceValue ? menuAt : at}error: recursive dependency detected!\n`
      : '';
    if (this.isChoice(frame.key)) text += `${menuAt}\tchoice ${sym} contains symbol ${nextName}\n`;
    else if (isChoiceValue) text += `${menuAt}\tsymbol ${sym} is part of choice ${nextName}\n`;
    else if (frame.step === 'dirDep') text += `${at}\tsymbol ${sym} depends on ${nextName}\n`;
    else if (frame.step === 'revDep') text += `${at}\tsymbol ${sym} is selected by ${nextName}\n`;
    else if (frame.step === 'weakRevDep') text += `${at}\tsymbol ${sym} is implied by ${nextName}\n`;
    else if (frame.step === 'value')
      text += `${at}\tsymbol ${sym} ${prop?.type ?? 'unknown'} value contains ${nextName}\n`;
    else text += `${at}\tsymbol ${sym} ${prop?.type ?? 'unknown'} is visible depending on ${nextName}\n`;
    return text;
  }
}

function propertyType(def: SymbolNode | ChoiceNode, p: Property): CheckedProperty['type'] | undefined {
  switch (p.kind) {
    case 'prompt':
      return def.kind === 'config' && def.keyword === 'menuconfig' ? 'menu' : 'prompt';
    case 'default':
    case 'range':
      return p.kind;
    default:
      return undefined;
  }
}
