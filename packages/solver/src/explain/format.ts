/**
 * An explanation as text, in the words kernel people know: the .config line, where the value comes from,
 * menuconfig's help screen for the symbol (help text, Symbol/Type, "Defined at", "Depends on", "Location:",
 * "Selected by [y]:" ... as conf/help.ts prints it), then what the help screen leaves out: unmet dependencies,
 * defaults and ranges with their conditions, the choice, and how to enable the symbol.
 */
import { formatSymbolSummary, helpHeading } from '../conf/help.js';
import { escapeString } from '../config/write.js';
import type { ChoiceInfo, DefaultInfo, Explanation, SymbolExplanation, ValueOrigin } from './explain.js';

export function formatExplanation(e: Explanation): string {
  if (e.kind === 'unknown') return `${e.message}\n`;
  let out = `${configLine(e)}\n`;
  out += `Value: ${quoted(e)}, ${originText(e.origin, e.name)}\n`;
  if (e.userValue !== undefined && e.userValueNotTaken !== undefined)
    out += `The .config asks for ${e.userValue}, which does not take: ${e.userValueNotTaken.message}\n`;
  out += `\n${helpHeading(e.name, e.help)}${formatSymbolSummary(e)}`;
  out += details(e);
  return out;
}

/** The symbol as .config has it (print_symbol_for_dotconfig), or why it is not there. */
function configLine(e: SymbolExplanation): string {
  if (!e.written) return `CONFIG_${e.name} is not written to .config (its value is ${quoted(e)})`;
  if ((e.type === 'bool' || e.type === 'tristate') && e.value === 'n') return `# CONFIG_${e.name} is not set`;
  return `CONFIG_${e.name}=${quoted(e)}`;
}

function quoted(e: SymbolExplanation): string {
  return e.type === 'string' ? escapeString(e.value) : e.value;
}

function originText(origin: ValueOrigin, name: string): string {
  switch (origin.kind) {
    case 'user':
      return 'from .config (a user value)';
    case 'default':
      return `from ${defaultText(origin.default)}`;
    case 'select':
      return `selected by ${origin.by.map((t) => t.shown).join(', ')}`;
    case 'imply':
      return `implied by ${origin.by.map((t) => t.shown).join(', ')}`;
    case 'choice':
      return choiceText(origin.choice, name);
    case 'not-set':
      return `not set: ${origin.why}`;
  }
}

function defaultText(d: DefaultInfo): string {
  const condition = d.condition ? ` if ${d.condition.shown}` : '';
  return `default ${d.value.shown}${condition} (${d.file}:${d.line})`;
}

function choiceText(c: ChoiceInfo, name: string): string {
  const choice = `the choice "${c.prompt}"`;
  if (c.selected === undefined) return `${choice} has no member enabled`;
  if (c.selected !== name) return `${choice} picked CONFIG_${c.selected} instead${pickedByText(c)}`;
  return `picked in ${choice}${pickedByText(c)}`;
}

function pickedByText(c: ChoiceInfo): string {
  switch (c.pickedBy) {
    case 'user':
      return ' (set to y in .config)';
    case 'default':
      return c.default ? ` (its default, ${c.default.file}:${c.default.line})` : ' (its default)';
    case 'first-visible':
      return ' (its first visible member: no default applies)';
    default:
      return '';
  }
}

function details(e: SymbolExplanation): string {
  let out = '';
  const unmet = e.dirDepTerms.filter((t) => t.value === 'n');
  if (unmet.length > 0) out += `Unmet dependencies: ${unmet.map((t) => t.shown).join(' && ')}\n`;
  if (e.defaults.length > 0) {
    out += 'Defaults:\n';
    for (const d of e.defaults) {
      const condition = d.condition ? ` if ${d.condition.shown}` : '';
      out += `  - ${d.value.shown}${condition} (${d.file}:${d.line})${d.active ? ' [in effect]' : ''}\n`;
    }
  }
  if (e.ranges.length > 0) {
    out += 'Ranges:\n';
    for (const r of e.ranges) {
      const condition = r.condition ? ` if ${r.condition.shown}` : '';
      out += `  - [${r.low} ${r.high}]${condition} (${r.file}:${r.line})${r.active ? ' [in effect]' : ''}\n`;
    }
  }
  if (e.choice) {
    const members = e.choice.members.map((m) => `${m.name} [=${m.value}]`).join(', ');
    out += `Choice "${e.choice.prompt}" (${e.choice.file}:${e.choice.line}): ${members}\n`;
  }
  const enable = e.enableWith;
  if (enable) {
    if (enable.assignments && enable.assignments.length > 0) {
      const settings = enable.assignments.map((a) => `CONFIG_${a.symbol}=${a.value}`).join(' ');
      const note = !enable.verified ? ' (not verified)' : enable.minimal === false ? ' (fewer settings may do)' : '';
      out += `To enable it (${enable.target}): ${settings}${note}\n`;
    } else if (enable.assignments) {
      out += 'To enable it: nothing to set\n';
    } else {
      out += `Cannot be enabled: ${enable.reason ?? 'no assignment found'}\n`;
    }
  }
  return out;
}
