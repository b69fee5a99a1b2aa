/**
 * The help conf prints for `?` and for helpnewconfig (menu_get_ext_help in scripts/kconfig/menu.c): the entry's
 * help text (or "There is no help available for this option."), then the symbol's summary: value, type, range,
 * every definition with its prompt, dependencies and location in the menu tree, and what selects or implies it.
 * Expressions print as conf prints them, each symbol followed by ` [=value]`.
 *
 * The summary is built as data first (`symbolSummary`, `choiceSummary`), then printed (`formatSymbolSummary`,
 * `formatChoiceSummary`), so `explain` shows the same facts, in the same words, as menuconfig's help screen.
 */
import type { ChoiceNode, MenuNode, SymbolNode } from '@kconfig-solve/kconfig-parser';
import { type Evaluation, orTerms } from '../eval/evaluation.js';
import { type DepExpr, formatExpr, type OperandPrinter } from '../eval/expr.js';
import { sameExpr } from '../eval/simplify.js';
import { mod, no, type TristateName, tristateName, yes } from '../eval/tristate.js';
import type { ConfMenu } from './menu-tree.js';

const NO_HELP = 'There is no help available for this option.';

/** An expression as menuconfig shows it: as written, with each symbol's value (`FOO [=y] && BAR [=n]`), and its value. */
export interface ShownExpr {
  readonly expr: string;
  readonly shown: string;
  readonly value: TristateName;
}

/** One entry of a "Location:" path: its prompt, and for a symbol or choice entry its name and value. */
export interface LocationStep {
  readonly prompt: string;
  /** The entry's symbol, `<choice>` for a choice. */
  readonly symbol?: string;
  readonly value?: string;
}

/** One definition (`config` block) of a symbol, or one prompt of a choice, as get_symbol_str lists it. */
export interface DefinitionSummary {
  readonly file: string;
  readonly line: number;
  /** The prompt at this definition, leading blanks dropped (menu_add_prompt). */
  readonly prompt?: string;
  /** The definition's dependencies with its enclosing menus' and ifs' (menu->dep); absent when always met. */
  readonly dependsOn?: ShownExpr;
  /** The prompt's visibility, when it differs from dependsOn (an `if` on the prompt, a menu's `visible if`). */
  readonly visibleIf?: ShownExpr;
  /** The entry and every enclosing entry of conf's menu tree, outermost first (the main menu left out). */
  readonly location: readonly LocationStep[];
}

/** A `select` or `imply` this symbol's definitions declare. */
export interface ReverseTarget {
  readonly target: string;
  /** The target as menuconfig prints it (`FOO [=y]`). */
  readonly shown: string;
  /** The property's own `if` condition. */
  readonly condition?: ShownExpr;
  readonly file: string;
  readonly line: number;
}

/** What get_symbol_str prints about a symbol, as data. */
export interface SymbolSummary {
  readonly name: string;
  /** sym_get_string_value. */
  readonly value: string;
  /** sym_type_name: bool, tristate, string, hex, integer or unknown. */
  readonly typeName: string;
  /** The active range of an int or hex symbol, bounds as menuconfig prints them. */
  readonly range?: { readonly low: string; readonly high: string };
  /** In file order (the help screen lists those with a prompt first). */
  readonly definitions: readonly DefinitionSummary[];
  readonly selects: readonly ReverseTarget[];
  /** The `||` terms of revDep: each selector with its condition, and their values. */
  readonly selectedBy: readonly ShownExpr[];
  readonly implies: readonly ReverseTarget[];
  /** The `||` terms of weakRevDep. */
  readonly impliedBy: readonly ShownExpr[];
}

/** What get_symbol_str prints about a choice (nameless: no Symbol/Type lines). */
export interface ChoiceSummary {
  readonly definitions: readonly DefinitionSummary[];
  /** 6.1: a non-optional choice symbol is selected by its own prompt's visibility `&& m`. */
  readonly selectedBy: readonly ShownExpr[];
}

/** The text print_help writes for an entry (without print_help's surrounding newlines). */
export function extendedHelp(ev: Evaluation, menu: ConfMenu, menus: ReadonlyMap<MenuNode, ConfMenu>): string {
  const node = menu.node;
  const help = node.kind === 'config' || node.kind === 'choice' ? node.help : undefined;
  let out = helpHeading(node.kind === 'config' ? node.symbol : undefined, help);
  if (node.kind === 'config') out += formatSymbolSummary(symbolSummary(ev, node.symbol, menus));
  else if (node.kind === 'choice') out += formatChoiceSummary(choiceSummary(ev, node.choice, menus));
  return out;
}

/** The help text as menu_get_ext_help opens it: `CONFIG_X:` and a blank line before a symbol's own text. */
export function helpHeading(symbol: string | undefined, help: string | undefined): string {
  return `${help !== undefined && symbol !== undefined ? `CONFIG_${symbol}:\n\n` : ''}${help ?? NO_HELP}\n`;
}

/** expr_print_gstr_helper: a symbol with a type is followed by its value. */
export function valuePrinter(ev: Evaluation): OperandPrinter {
  return (o) => {
    if (o.kind === 'choice') return '<choice>';
    const name = o.kind === 'symbol' ? o.name : o.value;
    if (name === 'y' || name === 'm' || name === 'n') return `${name} [=${name}]`;
    const type = ev.deps.symbol(name)?.type;
    if (o.kind === 'const' || type === undefined || type === 'unknown') return name;
    return `${name} [=${ev.value(name)}]`;
  };
}

/** An expression as written, as shown with values, and its value (an absent expression is `y`). */
export function showExpr(ev: Evaluation, e: DepExpr | undefined): ShownExpr {
  return { expr: formatExpr(e), shown: formatExpr(e, valuePrinter(ev)), value: tristateName(ev.evaluate(e)) };
}

/** get_dep_str prints nothing for an expression that is absent or `y`. */
function shownDependency(ev: Evaluation, e: DepExpr | undefined): ShownExpr | undefined {
  return e === undefined || (e.kind === 'const' && e.value === 'y') ? undefined : showExpr(ev, e);
}

/** get_symbol_str, as data. */
export function symbolSummary(ev: Evaluation, name: string, menus: ReadonlyMap<MenuNode, ConfMenu>): SymbolSummary {
  const sym = ev.deps.symbol(name);
  const print = valuePrinter(ev);
  const value = ev.value(name);
  let range: SymbolSummary['range'];
  if (sym && (sym.type === 'int' || sym.type === 'hex')) {
    const active = sym.ranges.find((r) => ev.evaluate(r.visibility) !== no);
    if (active) range = { low: print(active.low), high: print(active.high) };
  }
  const nodes = [...menus.keys()].filter((n): n is SymbolNode => n.kind === 'config' && n.symbol === name);
  const definitions = nodes.map((def) => {
    const prompt = sym?.prompts.find((p) => p.definition === def);
    return definitionSummary(ev, def, prompt, menus.get(def));
  });
  const targets = (kind: 'select' | 'imply'): ReverseTarget[] =>
    nodes.flatMap((d) =>
      d.properties.flatMap((p) =>
        p.kind === kind
          ? [
              {
                target: p.target,
                shown: print({ kind: 'symbol', name: p.target }),
                ...(p.condition ? { condition: showExpr(ev, p.condition) } : {}),
                file: p.location.file,
                line: p.location.line,
              },
            ]
          : [],
      ),
    );
  return {
    name,
    value,
    typeName: typeName(sym?.type),
    ...(range ? { range } : {}),
    definitions,
    selects: targets('select'),
    selectedBy: orTerms(sym?.revDep).map((t) => showExpr(ev, t)),
    implies: targets('imply'),
    impliedBy: orTerms(sym?.weakRevDep).map((t) => showExpr(ev, t)),
  };
}

/** get_symbol_str for a choice, as data. */
export function choiceSummary(ev: Evaluation, index: number, menus: ReadonlyMap<MenuNode, ConfMenu>): ChoiceSummary {
  const choice = ev.deps.choices[index];
  return {
    definitions: (choice?.prompts ?? []).map((prompt) =>
      definitionSummary(ev, prompt.definition, prompt, menus.get(prompt.definition)),
    ),
    selectedBy: orTerms(choice?.revDep).map((t) => showExpr(ev, t)),
  };
}

function definitionSummary(
  ev: Evaluation,
  node: SymbolNode | ChoiceNode,
  prompt: { readonly text: string; readonly visibility: DepExpr | undefined } | undefined,
  menu: ConfMenu | undefined,
): DefinitionSummary {
  const dep = ev.deps.definitionDep.get(node);
  const dependsOn = shownDependency(ev, dep);
  let visibleIf: ShownExpr | undefined;
  if (prompt) {
    const visibility = prompt.visibility;
    const same = dep === undefined || visibility === undefined ? dep === visibility : sameExpr(dep, visibility);
    if (!same) visibleIf = shownDependency(ev, visibility);
  }
  return {
    file: node.location.file,
    line: node.location.line,
    ...(prompt ? { prompt: stripLeading(prompt.text) } : {}),
    ...(dependsOn ? { dependsOn } : {}),
    ...(visibleIf ? { visibleIf } : {}),
    location: menuLocation(ev, menu),
  };
}

/** The entry and its enclosing entries up to the main menu (left out), outermost first. */
export function menuLocation(ev: Evaluation, menu: ConfMenu | undefined): LocationStep[] {
  const chain: LocationStep[] = [];
  for (let at = menu; at?.parent !== undefined; at = at.parent) {
    const node = at.node;
    const prompt = entryPrompt(ev, node);
    if (node.kind === 'config') chain.push({ prompt, symbol: node.symbol, value: ev.value(node.symbol) });
    else if (node.kind === 'choice') chain.push({ prompt, symbol: '<choice>', value: choiceValue(ev, node.choice) });
    else chain.push({ prompt });
  }
  return chain.reverse();
}

/** get_symbol_str's text. */
export function formatSymbolSummary(summary: SymbolSummary): string {
  let out = `Symbol: ${summary.name} [=${summary.value}]\nType  : ${summary.typeName}\n`;
  if (summary.range) out += `Range : [${summary.range.low} ${summary.range.high}]\n`;
  // Definitions with a prompt first, then the others.
  for (const def of summary.definitions) if (def.prompt !== undefined) out += formatDefinition(def);
  for (const def of summary.definitions) if (def.prompt === undefined) out += formatDefinition(def);
  if (summary.selects.length > 0) out += `Selects: ${summary.selects.map((s) => s.shown).join(' && ')}\n`;
  out += formatReverseDeps(summary.selectedBy, 'Selected by');
  if (summary.implies.length > 0) out += `Implies: ${summary.implies.map((s) => s.shown).join(' && ')}\n`;
  out += formatReverseDeps(summary.impliedBy, 'Implied by');
  return `${out}\n\n`;
}

/** get_symbol_str's text for a choice. */
export function formatChoiceSummary(summary: ChoiceSummary): string {
  let out = '';
  for (const def of summary.definitions) out += formatDefinition(def);
  return `${out}${formatReverseDeps(summary.selectedBy, 'Selected by')}\n\n`;
}

/** get_def_str, then get_prompt_str for a definition with a prompt, else get_dep_str. */
function formatDefinition(def: DefinitionSummary): string {
  let out = `Defined at ${def.file}:${def.line}\n`;
  if (def.prompt !== undefined) out += `  Prompt: ${def.prompt}\n`;
  if (def.dependsOn) out += `  Depends on: ${def.dependsOn.shown}\n`;
  if (def.prompt === undefined) return out;
  if (def.visibleIf) out += `  Visible if: ${def.visibleIf.shown}\n`;
  // get_prompt_str lists the entry and at most 7 enclosing entries.
  out += '  Location:\n';
  def.location.slice(-8).forEach((step, depth) => {
    out += `${' '.repeat(2 * depth + 4)}-> ${step.prompt}`;
    if (step.symbol !== undefined) out += ` (${step.symbol} [=${step.value}])`;
    out += '\n';
  });
  return out;
}

/** expr_gstr_print_revdep for y, m and n: the `||` terms with that value, one per line. */
function formatReverseDeps(terms: readonly ShownExpr[], title: string): string {
  let out = '';
  for (const level of ['y', 'm', 'n'] as const) {
    const matching = terms.filter((t) => t.value === level);
    if (matching.length > 0) out += `${title} [${level}]:\n${matching.map((t) => `  - ${t.shown}\n`).join('')}`;
  }
  return out;
}

/** The choice symbol's value: 6.1's choice mode; a 6.12 choice symbol has no value of its own (n). */
function choiceValue(ev: Evaluation, index: number): string {
  if (ev.rules !== '6.1') return 'n';
  const mode = ev.choiceMode(index);
  return mode === yes ? 'y' : mode === mod ? 'm' : 'n';
}

/** sym_type_name. */
function typeName(type: string | undefined): string {
  return type === 'int' ? 'integer' : (type ?? 'unknown');
}

/** menu_get_prompt: the prompt at this definition (menu_add_prompt drops leading blanks), else the name. */
export function entryPrompt(ev: Evaluation, node: MenuNode): string {
  switch (node.kind) {
    case 'config': {
      const text = ev.deps.symbol(node.symbol)?.prompts.find((p) => p.definition === node)?.text;
      return text === undefined ? node.symbol : stripLeading(text);
    }
    case 'choice':
      return stripLeading(ev.deps.choices[node.choice]?.prompts.find((p) => p.definition === node)?.text ?? '');
    case 'if':
      return '';
    default:
      return stripLeading(node.prompt);
  }
}

function stripLeading(text: string): string {
  return text.replace(/^[ \t\n\v\f\r]+/, '');
}
