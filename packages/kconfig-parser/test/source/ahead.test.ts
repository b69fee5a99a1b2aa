// Starting $(shell,...) commands ahead: with a runner that can prefetch, the load starts exactly the commands
// the real walk then runs (same text, same order, even when a command's text, a variable's name or a `source`
// path comes from an earlier output), and the model is the one a plain runner gives.
import { describe, expect, it } from 'vitest';
import type { ShellResult, ShellRunner } from '../../src/macro/api.js';
import { loadKconfig } from '../../src/source/loader.js';
import { writeTree } from '../support/tree.js';

/** A runner answering from a table, that can prefetch; `ready()` says no `waits` times before it says yes. */
function prefetchingShell(outputs: Readonly<Record<string, string>>, waits = 0) {
  const started: string[] = [];
  const called: string[] = [];
  const hurried: string[] = [];
  let closed = 0;
  const answer = (command: string): ShellResult => ({ stdout: outputs[command] ?? '', exitCode: 0 });
  const run: ShellRunner = Object.assign(
    (command: string) => {
      called.push(command);
      return answer(command);
    },
    {
      prefetch: () => ({
        start: (command: string) => {
          started.push(command);
          let left = waits;
          return {
            ready: () => left-- <= 0,
            hurry: () => hurried.push(command),
            result: () => answer(command),
          };
        },
        shell: (command: string) => {
          called.push(command);
          return answer(command);
        },
        close: () => {
          closed++;
        },
      }),
    },
  );
  return { run, started, called, hurried, closed: () => closed };
}

const outputs = {
  'echo one': 'one\n',
  'echo one-two': 'one-two\n',
  'echo VAR': 'VAR\n',
  'echo value': 'value\n',
  'echo sub': 'sub\n',
  'echo prompt': 'prompt\n',
  'echo y': 'y\n',
};

const tree = {
  Kconfig: [
    'A := $(shell,echo one)',
    'B := $(shell,echo $(A)-two)',
    'NAME := $(shell,echo VAR)',
    'VAR := value',
    'C := $($(NAME))',
    'D := $(shell,echo $(C))',
    'source "$(shell,echo sub)/Kconfig"',
    'config X',
    '\tbool "x $(shell,echo prompt)"',
    '\tdefault $(shell,echo $(B))',
    'config Z',
    '\tstring',
    '\tdefault "$(D)"',
    '',
  ].join('\n'),
  'sub/Kconfig': 'config Y\n\tdef_bool $(shell,echo y)\n',
};

describe('commands started ahead', () => {
  it('are the commands the load runs, with the same text and in the same order', () => {
    const root = writeTree(tree);
    const shell = prefetchingShell(outputs);
    const loaded = loadKconfig({ cwd: root, env: {}, shell: shell.run });
    expect(shell.started).toEqual([
      'echo one',
      'echo one-two',
      'echo VAR',
      'echo value',
      'echo sub',
      'echo y',
      'echo prompt',
      'echo one-two',
    ]);
    expect(shell.called).toEqual(shell.started);
    expect(shell.closed()).toBe(1);

    const plain: string[] = [];
    const serial = loadKconfig({
      cwd: root,
      env: {},
      shell: (command) => (
        plain.push(command),
        { stdout: outputs[command as keyof typeof outputs] ?? '', exitCode: 0 }
      ),
    });
    expect(plain).toEqual(shell.called);
    expect(loaded).toEqual(serial);
    expect(loaded.model.symbols.get('Z')?.definitions[0]?.properties).toMatchObject([
      { kind: 'default', value: { kind: 'const', value: 'value' } },
    ]);
  });

  it('give the same model while outputs are slow to come (files are parsed ahead meanwhile)', () => {
    const root = writeTree({
      ...tree,
      Kconfig: `${tree.Kconfig}source "lib/Kconfig"\n`,
      'lib/Kconfig': 'config L\n\tbool "l"\nsource "lib/more/Kconfig"\n',
      'lib/more/Kconfig': 'config M\n\tbool "m"\n',
    });
    const slow = prefetchingShell(outputs, 3);
    const fast = prefetchingShell(outputs);
    const a = loadKconfig({ cwd: root, env: {}, shell: slow.run });
    const b = loadKconfig({ cwd: root, env: {}, shell: fast.run });
    expect(a).toEqual(b);
    expect(a.model.files).toEqual(['Kconfig', 'sub/Kconfig', 'lib/Kconfig', 'lib/more/Kconfig']);
    expect(slow.called).toEqual(slow.started);
  });

  it('an output the walk waits for is hurried, once, before it parses ahead; others are left in their turn', () => {
    const root = writeTree(tree);
    const slow = prefetchingShell(outputs, 3);
    loadKconfig({ cwd: root, env: {}, shell: slow.run });
    // The walk needs these outputs to go on: commands built from them (`echo $(A)-two`, `echo $(B)`), a
    // variable's name (`$($(NAME))`), a `source` path. `echo value`'s output only becomes part of D's text.
    expect(slow.hurried).toEqual(['echo one', 'echo VAR', 'echo sub', 'echo one-two']);
    expect(prefetchingShell(outputs, 0).hurried).toEqual([]);
  });

  it('are not started for a runner that cannot prefetch', () => {
    const root = writeTree(tree);
    const called: string[] = [];
    loadKconfig({ cwd: root, env: {}, shell: (c) => (called.push(c), { stdout: '', exitCode: 0 }) });
    expect(called).toContain('echo one');
  });
});
