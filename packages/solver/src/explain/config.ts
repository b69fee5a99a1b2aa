/**
 * A .config read the way `make olddefconfig` reads it (conf_read: the user values, one full evaluation pass,
 * 6.1's clean-ups), for the commands that look at a configuration without changing it (explain) or check a
 * change before writing it (set). Text not yet on disk is read through a private temporary file, so that
 * conf's reader runs unchanged; its messages still name the file the text is for.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
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
  const cwd = tree.cwd ?? process.cwd();
  const run = (file: string) =>
    runConfMode('olddefconfig', {
      model: tree.model,
      ...(tree.rules ? { rules: tree.rules } : {}),
      env: { ...tree.env, KCONFIG_CONFIG: file },
      cwd,
      write: false,
      silent: true,
    });
  if ('file' in input) {
    const result = run(input.file);
    return { evaluation: result.evaluation, config: result.config, stderr: result.stderr, exitCode: result.exitCode };
  }
  const dir = mkdtempSync(join(tmpdir(), 'kconfig-solve-'));
  try {
    const file = join(dir, basename(input.name) || 'config');
    writeFileSync(file, input.text, 'latin1');
    const result = run(file);
    return {
      evaluation: result.evaluation,
      config: result.config,
      stderr: result.stderr.replaceAll(file, input.name),
      exitCode: result.exitCode,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
