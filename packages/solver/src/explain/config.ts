/**
 * A .config read the way `make olddefconfig` reads it (conf_read: the user values, one full evaluation pass,
 * 6.1's clean-ups), for the commands that look at a configuration without changing it (explain) or check a
 * change before writing it (set). Text not yet on disk is given to conf's reader under the name of the file it
 * is for, so its messages name that file.
 */
import type { KconfigModel } from '@kconfig-solve/kconfig-parser';
import { runConfMode } from '../conf/modes.js';
import type { Environment } from '../environment.js';
import type { KconfigRules } from '../eval/dependencies.js';
import { Evaluation } from '../eval/evaluation.js';

export interface ConfigTree {
  readonly model: KconfigModel;
  readonly rules?: KconfigRules;
  /** The environment conf would see (CONFIG_, KCONFIG_WARN_UNKNOWN_SYMBOLS, ...). */
  readonly env?: Environment;
  readonly cwd?: string;
}

/** What to read: a file, text to read as if it were file `name`, or nothing (every symbol at its default). */
export type ConfigInput = { readonly file: string } | { readonly text: string; readonly name: string } | undefined;

export interface ConfigReading {
  readonly evaluation: Evaluation;
  /** The .config olddefconfig would write; undefined when conf would stop (a dependency loop). */
  readonly config: string | undefined;
  /** conf's messages: reader warnings (`FILE:LINE:warning: ...`) and unmet-dependency warnings. */
  readonly stderr: string;
  readonly exitCode: number;
}

export function readAsOlddefconfig(tree: ConfigTree, input: ConfigInput): ConfigReading {
  if (input === undefined) {
    const evaluation = new Evaluation(tree.model, tree.rules ? { rules: tree.rules } : {});
    return { evaluation, config: undefined, stderr: '', exitCode: 0 };
  }
  const name = 'file' in input ? input.file : input.name;
  const result = runConfMode('olddefconfig', {
    model: tree.model,
    ...(tree.rules ? { rules: tree.rules } : {}),
    env: { ...tree.env, KCONFIG_CONFIG: name },
    cwd: tree.cwd ?? process.cwd(),
    write: false,
    silent: true,
    ...('text' in input ? { inputs: new Map([[name, input.text]]) } : {}),
  });
  return { evaluation: result.evaluation, config: result.config, stderr: result.stderr, exitCode: result.exitCode };
}
