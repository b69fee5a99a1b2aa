// The dependency-loop report and its quick check: on random trees (symbols reading each other through
// depends, select, imply, defaults, prompts' `if`, menus, `if` blocks and choices, under both kernels' rules)
// the quick check never hides a loop the full walk reports.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DependencyModel, type KconfigRules } from '../../src/eval/dependencies.js';
import { dependencyLoopReport } from '../../src/eval/loops.js';
import { modelOf } from './support.js';

const NAMES = ['A', 'B', 'C', 'D', 'E', 'F'];

const name = fc.constantFrom(...NAMES);
const expr = fc.oneof(
  name,
  fc.tuple(name, name).map(([a, b]) => `${a} && ${b}`),
  fc.tuple(name, name).map(([a, b]) => `${a} || !${b}`),
  fc.tuple(name, name).map(([a, b]) => `(${a} = ${b})`),
);
const attribute = fc.oneof(
  expr.map((e) => `\tdepends on ${e}`),
  name.map((n) => `\tselect ${n}`),
  name.map((n) => `\timply ${n}`),
  fc.tuple(expr, expr).map(([v, c]) => `\tdefault ${v} if ${c}`),
);
const config = fc
  .tuple(name, fc.boolean(), expr, fc.array(attribute, { maxLength: 3 }))
  .map(([n, prompt, cond, attrs]) =>
    [`config ${n}`, `\tbool${prompt ? ` "${n}" if ${cond}` : ''}`, ...attrs].join('\n'),
  );
const block = fc.oneof(
  { weight: 4, arbitrary: config },
  { weight: 1, arbitrary: fc.tuple(expr, config, config).map(([c, a, b]) => `if ${c}\n${a}\n${b}\nendif`) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(expr, expr, config)
      .map(([d, v, a]) => `menu "m"\n\tdepends on ${d}\n\tvisible if ${v}\n${a}\nendmenu`),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(name, name, fc.option(expr), name)
      .map(
        ([a, b, d, def]) =>
          `choice\n\tprompt "c"\n${d ? `\tdepends on ${d}\n` : ''}\tdefault ${def}\nconfig ${a}\n\tbool "${a}"\nconfig ${b}\n\tbool "${b}"\n\tdepends on ${a}\nendchoice`,
      ),
  },
);
const tree = fc.array(block, { minLength: 1, maxLength: 6 }).map((blocks) => `${blocks.join('\n')}\n`);

describe('dependencyLoopReport', () => {
  test('reports a loop as conf does, and nothing for a tree without one', () => {
    const loop = new DependencyModel(
      modelOf('config A\n\tbool "a"\n\tdepends on B\nconfig B\n\tbool "b"\n\tdepends on A\n'),
      '6.12',
    );
    expect(dependencyLoopReport(loop)).toBe(
      'error: recursive dependency detected!\n\tsymbol A depends on B\n\tsymbol B depends on A\n' +
        'For a resolution refer to Documentation/kbuild/kconfig-language.rst\nsubsection "Kconfig recursive dependency limitations"\n\n',
    );
    const none = new DependencyModel(modelOf('config A\n\tbool "a"\n\tdepends on B\nconfig B\n\tbool "b"\n'), '6.12');
    expect(dependencyLoopReport(none)).toBe('');
  });

  for (const rules of ['6.1', '6.12'] as KconfigRules[]) {
    test(`the quick check never hides a loop (${rules} rules)`, () => {
      let loops = 0;
      fc.assert(
        fc.property(tree, (text) => {
          const deps = new DependencyModel(modelOf(text), rules);
          const full = dependencyLoopReport(deps, { quickCheck: false });
          if (full !== '') loops++;
          expect(dependencyLoopReport(deps)).toBe(full);
        }),
        { numRuns: 300, seed: rules === '6.1' ? 61 : 612 },
      );
      // The trees must exercise both outcomes for the comparison to mean something.
      expect(loops).toBeGreaterThan(20);
    });
  }
});
