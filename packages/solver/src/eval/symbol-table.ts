/**
 * The order in which conf visits "all symbols" (for_all_symbols): its symbol hash table, bucket by bucket.
 * conf_read computes every symbol in this order, so it decides the order of the unmet-dependency warnings of
 * that pass. A symbol's bucket is its name's FNV-1a hash modulo the table size (9973 in 6.1, 2^14 in 6.12), and
 * each bucket lists the newest symbol first, a symbol being created when the parser first meets its name: its
 * `config` line or an earlier reference in an expression. The model keeps no attribute order within an entry,
 * so references are replayed as prompt, `depends on`, then the other properties in order: exact except for two
 * names first met in the same entry that also share a bucket.
 */
import type { KconfigModel, MenuNode, Property } from '@kconfig-solve/kconfig-parser';
import type { KconfigRules } from './dependencies.js';
import type { DepExpr } from './expr.js';

/** FNV-1a over the name's bytes, as conf's hash_str/strhash (`char` is signed on the hosts conf runs on). */
export function symbolHash(name: string): number {
  let hash = 2166136261;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i) & 0xff;
    hash = Math.imul((hash ^ (c >= 128 ? c - 256 : c)) >>> 0, 0x01000193) >>> 0;
  }
  return hash;
}

/** The key symbolTableOrder uses for a choice (conf's choice symbol, nameless from 6.11 on). */
export const choiceTableKey = (index: number): string => `\u0000choice${index}`;

/**
 * Every symbol name of the model, in conf's for_all_symbols order. With `withChoices`, choices are listed
 * too (as choiceTableKey), where conf's choice symbols sit: a nameless one in bucket 0, a named one (6.1) by
 * its name. The model is readonly, so the order is worked out once per model (a conf run needs it several
 * times: reading, evaluating, writing auto.conf).
 */
export function symbolTableOrder(model: KconfigModel, rules: KconfigRules, withChoices = false): readonly string[] {
  let orders = orderCache.get(model);
  if (orders === undefined) {
    orders = new Map();
    orderCache.set(model, orders);
  }
  const key = `${rules}${withChoices ? '+choices' : ''}`;
  let order = orders.get(key);
  if (order === undefined) {
    order = Object.freeze(computeOrder(model, rules, withChoices));
    orders.set(key, order);
  }
  return order;
}

const orderCache = new WeakMap<KconfigModel, Map<string, readonly string[]>>();

function computeOrder(model: KconfigModel, rules: KconfigRules, withChoices: boolean): string[] {
  const size = rules === '6.1' ? 9973 : 1 << 14;
  const created: string[] = [];
  const seen = new Set<string>();
  const bucketName = new Map<string, string>();
  const meet = (name: string) => {
    if (name === 'y' || name === 'm' || name === 'n' || seen.has(name)) return;
    seen.add(name);
    created.push(name);
  };
  // Each symbol an expression reads, in order (referencedSymbols' order; `meet` keeps the first of each).
  const meetExpr = (e: DepExpr | undefined): void => {
    if (!e) return;
    switch (e.kind) {
      case 'symbol':
        meet(e.name);
        return;
      case 'not':
        meetExpr(e.operand);
        return;
      case 'and':
      case 'or':
      case 'compare':
        meetExpr(e.left);
        meetExpr(e.right);
        return;
      default:
        return;
    }
  };
  const meetProperty = (p: Property) => {
    switch (p.kind) {
      case 'default':
        meetExpr(p.value);
        break;
      case 'select':
      case 'imply':
        meet(p.target);
        break;
      case 'range':
        meetExpr(p.low);
        meetExpr(p.high);
        break;
      default:
        break;
    }
    meetExpr(p.condition);
  };
  const visit = (node: MenuNode): void => {
    switch (node.kind) {
      case 'config':
        meet(node.symbol);
        meetProperties(node.properties, true);
        meetExpr(node.dependsOn);
        meetProperties(node.properties, false);
        break;
      case 'choice': {
        const key = choiceTableKey(node.choice);
        if (withChoices && !seen.has(key)) {
          seen.add(key);
          created.push(key);
          bucketName.set(key, model.choices[node.choice]?.name ?? '');
        }
        meetProperties(node.properties, true);
        meetExpr(node.dependsOn);
        meetProperties(node.properties, false);
        break;
      }
      case 'menu':
        meetExpr(node.dependsOn);
        meetExpr(node.visibleIf);
        break;
      default:
        meetExpr(node.dependsOn);
        break;
    }
    const children = node.children;
    for (let i = 0; i < children.length; i++) visit(children[i] as MenuNode);
  };
  // Indexed loops and forEach: this walk runs once per model, before the compiler has optimized it, and
  // each step of a for...of would then allocate an iterator result.
  const meetProperties = (properties: readonly Property[], prompts: boolean): void => {
    for (let i = 0; i < properties.length; i++) {
      const p = properties[i] as Property;
      if ((p.kind === 'prompt') === prompts) meetProperty(p);
    }
  };
  visit(model.root);
  model.symbols.forEach((_, name) => meet(name));

  // Each bucket in creation order; conf's lists have the newest first, so each is read backwards.
  const buckets: (string[] | undefined)[] = new Array(size);
  for (const name of created) {
    // Only choices have a label (their table key starts with NUL); conf hashes a nameless one to 0.
    const label = name.charCodeAt(0) === 0 ? bucketName.get(name) : undefined;
    const key = label === '' ? 0 : symbolHash(label ?? name) % size;
    const bucket = buckets[key];
    if (bucket) bucket.push(name);
    else buckets[key] = [name];
  }
  const order: string[] = [];
  for (const bucket of buckets) {
    if (bucket === undefined) continue;
    for (let i = bucket.length - 1; i >= 0; i--) order.push(bucket[i] as string);
  }
  return order;
}
