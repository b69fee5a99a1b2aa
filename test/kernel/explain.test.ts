/**
 * explain on the real Linux 6.12 x86 tree with conf's x86_64_defconfig: for a deterministic sample of 200
 * symbols, the value explain reports is the one conf wrote (a symbol conf did not write is reported as not
 * written), every definition's file:line is a `config NAME` line of the tree, and each origin is consistent
 * with the value. Timing is printed, not asserted (the machine is shared): per symbol with and without
 * enableWith, and the load (parse + reading the .config as olddefconfig) on top.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadKconfig } from '@kconfig-solve/kconfig-parser';
import { describe, expect, test } from 'vitest';
import { escapeString } from '../../packages/solver/src/config/write.js';
import { readAsOlddefconfig } from '../../packages/solver/src/explain/config.js';
import { explainSymbol, type SymbolExplanation } from '../../packages/solver/src/explain/explain.js';
import { formatExplanation } from '../../packages/solver/src/explain/format.js';
import { confConfig, confEnvironment, ensureKernelTree } from '../support/kernel-trees.js';

const SAMPLE = 200;

/** `CONFIG_X=value` (value as written) and `# CONFIG_X is not set` (n) lines of a .config. */
function configValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const set = /^CONFIG_(\w+)=(.*)$/.exec(line);
    if (set) values.set(set[1] as string, set[2] as string);
    const unset = /^# CONFIG_(\w+) is not set$/.exec(line);
    if (unset) values.set(unset[1] as string, 'n');
  }
  return values;
}

const stats = (times: readonly number[]) => ({
  mean: times.reduce((a, b) => a + b, 0) / times.length,
  max: Math.max(...times),
});
const ms = (t: number) => `${t.toFixed(1)} ms`;

describe('explain on Linux 6.12 (x86_64, x86_64_defconfig)', async () => {
  await ensureKernelTree('6.12');
  const environment = await confEnvironment('6.12', 'x86_64');
  const oracle = await confConfig('6.12', 'x86_64', 'x86_64_defconfig');
  const dir = mkdtempSync(join(tmpdir(), 'explain-kernel-'));
  const file = join(dir, '.config');
  writeFileSync(file, oracle.config);

  const loadStart = performance.now();
  const { model, diagnostics } = loadKconfig({
    kconfig: 'Kconfig',
    srctree: environment.srctree,
    cwd: environment.cwd,
    env: environment.env,
  });
  const parsed = performance.now();
  const reading = readAsOlddefconfig({ model, rules: '6.12', env: environment.env, cwd: environment.cwd }, { file });
  const loadMs = performance.now() - loadStart;
  const readMs = performance.now() - parsed;
  const ev = reading.evaluation;
  const written = configValues(oracle.config);
  const names = [...model.symbols.values()]
    .filter((s) => s.definitions.length > 0)
    .map((s) => s.name)
    .sort();
  const step = Math.max(1, Math.floor(names.length / SAMPLE));
  const sample = names.filter((_, i) => i % step === 0).slice(0, SAMPLE);

  test('the tree loads', () => {
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(reading.exitCode).toBe(0);
    expect(sample).toHaveLength(SAMPLE);
  });

  test(`${SAMPLE} symbols: the value conf wrote, definitions at real config lines`, () => {
    const withEnable: number[] = [];
    const without: number[] = [];
    const files = new Map<string, string[]>();
    const lineOf = (path: string, line: number) => {
      let lines = files.get(path);
      if (!lines) {
        lines = readFileSync(resolve(environment.srctree, path), 'latin1').split('\n');
        files.set(path, lines);
      }
      return lines[line - 1] ?? '';
    };
    let enabled = 0;
    for (const name of sample) {
      let started = performance.now();
      explainSymbol(ev, name, { enableWith: false });
      without.push(performance.now() - started);
      started = performance.now();
      const e = explainSymbol(ev, name);
      formatExplanation(e);
      withEnable.push(performance.now() - started);
      expect(e.kind, name).toBe('symbol');
      const x = e as SymbolExplanation;
      const expected = written.get(name);
      if (expected === undefined) expect(x.written, name).toBe(false);
      else expect(x.type === 'string' ? escapeString(x.value) : x.value, name).toBe(expected);
      for (const def of x.definitions) {
        expect(lineOf(def.file, def.line), `${name} at ${def.file}:${def.line}`).toMatch(
          new RegExp(`^\\s*(menu)?config\\s+${name}\\b`),
        );
      }
      // The origin agrees with the value.
      if (x.origin.kind === 'user') expect(x.userValue, name).toBe(x.origin.userValue);
      if (x.origin.kind === 'select' || x.origin.kind === 'imply') expect(x.origin.by.length, name).toBeGreaterThan(0);
      if (x.origin.kind === 'choice') expect(x.origin.choice.selected === name, name).toBe(x.value === 'y');
      if (x.enableWith?.verified) enabled++;
    }
    const a = stats(without);
    const b = stats(withEnable);
    console.log(
      [
        `explain, 6.12 x86_64 defconfig, ${SAMPLE} symbols:`,
        `  without enableWith: mean ${ms(a.mean)}, max ${ms(a.max)}`,
        `  with enableWith and text: mean ${ms(b.mean)}, max ${ms(b.max)} (${enabled} with verified settings)`,
        `  load: ${ms(loadMs)} (parse ${ms(loadMs - readMs)}, .config as olddefconfig ${ms(readMs)});`,
        `  one explain including the load: ${ms(loadMs + b.mean)} on average, ${ms(loadMs + b.max)} at most`,
      ].join('\n'),
    );
  });
});
