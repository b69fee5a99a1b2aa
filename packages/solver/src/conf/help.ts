/**
 * The help conf prints for `?` and for helpnewconfig (menu_get_ext_help in scripts/kconfig/menu.c): the entry's
 * help text (or "There is no help available for this option."), then the symbol's summary: value, type, range,
 * every definition with its prompt, dependencies and location in the menu tree, and what selects or implies it.
 * Expressions print as conf prints them, each symbol followed by ` [=value]`.
 */
import type { MenuNode } from '@kconfig-solve/kconfig-parser';
import { type Evaluation, orTerms } from '../eval/evaluation.js';
import { type DepExpr, formatExpr, type Operand } from '../eval/expr.js';
import { sameExpr } from '../eval/simplify.js';
import { mod, no, yes } from '../eval/tristate.js';
import type { ConfMenu } from './menu-tree.js';

const NO_HELP = 'There is no help available for this option.';

/** The text print_help writes for an entry (without print_help's surrounding newlines). */
export function extendedHelp(ev: Evaluation, menu: ConfMenu, menus: ReadonlyMap<MenuNode, ConfMenu>): string {
  const node = menu.node;
  const help = node.kind === 'config' || node.kind === 'choice' ? node.help : undefined;
  let out = '';
  if (help !== undefined && node.kind === 'config') out += `CONFIG_${node.symbol}:\n\n`;
  out += `${help ?? NO_HELP}\n`;
  if (node.kind === 'config') out += symbolSummary(ev, node.symbol, menus);
  else if (node.kind === 'choice') out += choiceSummary(ev, node.choice, menus);
  return out;
}

/** expr_print_gstr_helper: a symbol with a type is followed by its value. */
function withValue(ev: Evaluation): (o: Operand) => string {
  return (o) => {
    if (o.kind === 'choice') return '<choice>';
    const name = o.kind === 'symbol' ? o.name : o.value;
    if (name === 'y' || name === 'm' || name === 'n') return `${name} [=${name}]`;
    const type = ev.deps.symbol(name)?.type;
    if (o.kind === 'const' || type === undefined || type === 'unknown') return name;
    return `${name} [=${ev.value(name)}]`;
  };
}

/** get_symbol_str. */
function symbolSummary(ev: Evaluation, name: string, menus: ReadonlyMap<MenuNode, ConfMenu>): string {
  const sym = ev.deps.symbol(name);
  const print = withValue(ev);
  const expr = (e: DepExpr | undefined) => formatExpr(e, print);
  let out = `Symbol: ${name} [=${ev.value(name)}]\nType  : ${typeName(sym?.type)}\n`;
  if (sym && (sym.type === 'int' || sym.type === 'hex')) {
    const range = sym.ranges.find((r) => ev.evaluate(r.visibility) !== no);
    if (range) out += `Range : [${print(range.low)} ${print(range.high)}]\n`;
  }
  const definitions = [...menus.keys()].filter(
    (n): n is Extract<MenuNode, { kind: 'config' }> => n.kind === 'config' && n.symbol === name,
  );
  // Definitions with a prompt first, then the others (get_symbol_str).
  for (const def of definitions) {
    const prompt = sym?.prompts.find((p) => p.definition === def);
    if (!prompt) continue;
    out += definedAt(def);
    out += promptSummary(ev, prompt.text, ev.deps.definitionDep.get(def), prompt.visibility, menus.get(def), expr);
  }
  for (const def of definitions) {
    if (sym?.prompts.some((p) => p.definition === def)) continue;
    out += definedAt(def);
    out += dependsLine(ev.deps.definitionDep.get(def), '  Depends on: ', expr);
  }
  const targets = (kind: 'select' | 'imply') =>
    definitions.flatMap((d) => d.properties.flatMap((p) => (p.kind === kind ? [p.target] : [])));
  const selects = targets('select');
  if (selects.length > 0) out += `Selects: ${selects.map((name) => print({ kind: 'symbol', name })).join(' && ')}\n`;
  out += reverseDeps(ev, sym?.revDep, 'Selected by', expr);
  const implies = targets('imply');
  if (implies.length > 0) out += `Implies: ${implies.map((name) => print({ kind: 'symbol', name })).join(' && ')}\n`;
  out += reverseDeps(ev, sym?.weakRevDep, 'Implied by', expr);
  return `${out}\n\n`;
}

/** get_symbol_str for a choice (nameless: no Symbol/Type lines). */
function choiceSummary(ev: Evaluation, index: number, menus: ReadonlyMap<MenuNode, ConfMenu>): string {
  const choice = ev.deps.choices[index];
  const print = withValue(ev);
  const expr = (e: DepExpr | undefined) => formatExpr(e, print);
  let out = '';
  for (const prompt of choice?.prompts ?? []) {
    out += definedAt(prompt.definition);
    out += promptSummary(
      ev,
      prompt.text,
      ev.deps.definitionDep.get(prompt.definition),
      prompt.visibility,
      menus.get(prompt.definition),
      expr,
    );
  }
  // 6.1: a non-optional choice symbol is selected by its own prompt's visibility `&& m`.
  out += reverseDeps(ev, choice?.revDep, 'Selected by', expr);
  return `${out}\n\n`;
}

function definedAt(node: MenuNode): string {
  return `Defined at ${node.location.file}:${node.location.line}\n`;
}

function dependsLine(e: DepExpr | undefined, prefix: string, expr: (e: DepExpr | undefined) => string): string {
  return e === undefined || (e.kind === 'const' && e.value === 'y') ? '' : `${prefix}${expr(e)}\n`;
}

/** get_prompt_str: the prompt, its dependencies (and visibility when it differs) and its location. */
function promptSummary(
  ev: Evaluation,
  text: string,
  dep: DepExpr | undefined,
  visibility: DepExpr | undefined,
  menu: ConfMenu | undefined,
  expr: (e: DepExpr | undefined) => string,
): string {
  let out = `  Prompt: ${stripLeading(text)}\n`;
  out += dependsLine(dep, '  Depends on: ', expr);
  const same = dep === undefined || visibility === undefined ? dep === visibility : sameExpr(dep, visibility);
  if (!same) out += dependsLine(visibility, '  Visible if: ', expr);
  // The entry and up to 7 enclosing entries, outermost first (the root is not listed).
  const chain: ConfMenu[] = [];
  for (let at = menu; at?.parent !== undefined && chain.length < 8; at = at.parent) chain.push(at);
  out += '  Location:\n';
  chain.reverse().forEach((entry, depth) => {
    out += `${' '.repeat(2 * depth + 4)}-> ${entryPrompt(ev, entry.node)}`;
    if (entry.node.kind === 'config') out += ` (${entry.node.symbol} [=${ev.value(entry.node.symbol)}])`;
    else if (entry.node.kind === 'choice') out += ` (<choice> [=${choiceValue(ev, entry.node.choice)}])`;
    out += '\n';
  });
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

/** expr_gstr_print_revdep for y, m and n: the `||` terms with that value, one per line. */
function reverseDeps(
  ev: Evaluation,
  e: DepExpr | undefined,
  title: string,
  expr: (e: DepExpr | undefined) => string,
): string {
  let out = '';
  for (const [level, name] of [
    [yes, 'y'],
    [mod, 'm'],
    [no, 'n'],
  ] as const) {
    const terms = orTerms(e).filter((t) => ev.evaluate(t) === level);
    if (terms.length > 0) out += `${title} [${name}]:\n${terms.map((t) => `  - ${expr(t)}\n`).join('')}`;
  }
  return out;
}
