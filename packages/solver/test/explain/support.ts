// The explain fixture tree (test/fixtures/explain): a main Kconfig and drivers/Kconfig with menus, a
// menuconfig, an automatic submenu, selects, implies, ranges, a choice and a symbol defined twice.
import { fileURLToPath } from 'node:url';
import { type KconfigModel, loadKconfig } from '@kconfig-solve/kconfig-parser';
import { readAsOlddefconfig } from '../../src/explain/config.js';
import type { Evaluation } from '../../src/eval/evaluation.js';

export const fixtureTree = fileURLToPath(new URL('../fixtures/explain/', import.meta.url)).replace(/\/$/, '');

let cached: KconfigModel | undefined;
export function fixtureModel(): KconfigModel {
  if (cached) return cached;
  const { model, diagnostics } = loadKconfig({ kconfig: 'Kconfig', cwd: fixtureTree, env: { srctree: fixtureTree } });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => d.message).join('\n'));
  cached = model;
  return model;
}

/** The fixture evaluated with `config` read as olddefconfig reads a .config (undefined: the defaults). */
export function fixtureWith(config: string | undefined): Evaluation {
  const input = config === undefined ? undefined : { text: config, name: '.config' };
  return readAsOlddefconfig({ model: fixtureModel(), cwd: fixtureTree }, input).evaluation;
}
