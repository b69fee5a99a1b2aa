// The $(shell,...) result cache: hits and misses, invalidation by tool (mtime, size, newly installed) and by
// environment, persistence across runs, expiry, and the CLI's --no-cache.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ShellRunner } from '@kconfig-solve/kconfig-parser';
import { afterEach, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/output.js';
import { createShellCache, shellCacheDirectory, toolWords } from '../../src/shell/cache.js';

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shell-cache-'));
  scratch.push(dir);
  return dir;
}

/** A runner that answers every command with a counter, so a re-run shows. */
function countingRunner(): { runner: ShellRunner; calls: string[] } {
  const calls: string[] = [];
  return { calls, runner: (command) => (calls.push(command), { stdout: `run ${calls.length}`, exitCode: 0 }) };
}

/** A scratch tree with an empty `bin` for PATH and the cache directory's place. */
function setup() {
  const dir = tempDir();
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  return { dir, bin, tool: join(bin, 'mytool'), directory: join(dir, 'cache', 'shell') };
}

function install(path: string, body = '#!/bin/sh\necho 1\n'): void {
  writeFileSync(path, body);
  chmodSync(path, 0o755);
}

describe('createShellCache', () => {
  test('a repeated command is a hit, a new one a miss; saved results survive a new instance', () => {
    const { dir, directory } = setup();
    const env = { PATH: '/nonexistent' };
    const first = countingRunner();
    const cache = createShellCache({ runner: first.runner, env, cwd: dir, directory });
    expect(cache.shell('probe a')).toEqual({ stdout: 'run 1', exitCode: 0 });
    expect(cache.shell('probe a')).toEqual({ stdout: 'run 1', exitCode: 0 });
    expect(cache.shell('probe b')).toEqual({ stdout: 'run 2', exitCode: 0 });
    expect(cache.stats).toEqual({ hits: 1, misses: 2 });
    expect(cache.save()).toBe(true);

    const second = countingRunner();
    const again = createShellCache({ runner: second.runner, env, cwd: dir, directory });
    expect(again.shell('probe b')).toEqual({ stdout: 'run 2', exitCode: 0 });
    expect(second.calls).toEqual([]);
    expect(again.stats).toEqual({ hits: 1, misses: 0 });
  });

  test('the environment and the working directory are part of the key', () => {
    const { dir, directory } = setup();
    const { runner, calls } = countingRunner();
    createShellCache({ runner, env: { CC: 'gcc' }, cwd: dir, directory }).shell('probe');
    createShellCache({ runner, env: { CC: 'gcc' }, cwd: dir, directory }).shell('probe');
    const a = createShellCache({ runner, env: { CC: 'gcc' }, cwd: dir, directory });
    a.shell('probe');
    a.save();
    expect(createShellCache({ runner, env: { CC: 'gcc' }, cwd: dir, directory }).shell('probe').stdout).toBe('run 3');
    expect(createShellCache({ runner, env: { CC: 'clang' }, cwd: dir, directory }).shell('probe').stdout).toBe('run 4');
    expect(createShellCache({ runner, env: { CC: 'gcc' }, cwd: tmpdir(), directory }).shell('probe').stdout).toBe(
      'run 5',
    );
    expect(calls).toHaveLength(5);
  });

  test("make's jobserver flags and bash's `_` are not part of the key: a run under `make -j` still hits", () => {
    const { dir, directory } = setup();
    const { runner, calls } = countingRunner();
    const first = createShellCache({
      runner,
      env: { CC: 'gcc', MAKEFLAGS: ' -j2 --jobserver-auth=3,4', MAKELEVEL: '1', _: '/usr/bin/make' },
      cwd: dir,
      directory,
    });
    first.shell('probe');
    first.save();
    const again = createShellCache({
      runner,
      env: { CC: 'gcc', MAKEFLAGS: ' -j8 --jobserver-auth=fifo:/tmp/GMfifo1', MFLAGS: '-j8', SHLVL: '3' },
      cwd: dir,
      directory,
    });
    expect(again.shell('probe').stdout).toBe('run 1');
    expect(calls).toHaveLength(1);
  });

  test('a tool on PATH that changes (mtime or size) invalidates the entry for the next load', () => {
    const { dir, bin, tool, directory } = setup();
    install(tool);
    const env = { PATH: bin };
    const { runner } = countingRunner();
    /** One load: a cache instance that asks once and saves. */
    const load = (command: string) => {
      const cache = createShellCache({ runner, env, cwd: dir, directory });
      const { stdout } = cache.shell(command);
      cache.save();
      return stdout;
    };
    expect(load('mytool --version')).toBe('run 1');
    expect(load('mytool --version')).toBe('run 1');
    utimesSync(tool, new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(load('mytool --version')).toBe('run 2');
    install(tool, '#!/bin/sh\necho 22\n');
    utimesSync(tool, new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(load('mytool --version')).toBe('run 3');
  });

  test('within one load, each tool is stamped once: a repeated command hits', () => {
    const { dir, bin, tool, directory } = setup();
    install(tool);
    const { runner, calls } = countingRunner();
    const cache = createShellCache({ runner, env: { PATH: bin }, cwd: dir, directory });
    expect(cache.shell('mytool --version').stdout).toBe('run 1');
    utimesSync(tool, new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(cache.shell('mytool --version').stdout).toBe('run 1');
    expect(calls).toHaveLength(1);
    expect(cache.stats).toEqual({ hits: 1, misses: 1 });
  });

  test('an absolute-path script that changes, and a tool installed later, invalidate the entry', () => {
    const { dir, bin, directory } = setup();
    const script = join(dir, 'cc-version.sh');
    install(script);
    const env = { PATH: bin };
    const { runner } = countingRunner();
    const command = `${script} newtool`;
    const load = () => {
      const cache = createShellCache({ runner, env, cwd: dir, directory });
      const { stdout } = cache.shell(command);
      cache.save();
      return stdout;
    };
    expect(load()).toBe('run 1');
    expect(load()).toBe('run 1');
    utimesSync(script, new Date(2002, 1, 1), new Date(2002, 1, 1));
    expect(load()).toBe('run 2');
    // `newtool` named nothing when recorded; once it exists, the probe runs again.
    install(join(bin, 'newtool'));
    expect(load()).toBe('run 3');
    expect(load()).toBe('run 3');
  });

  test('a shell that could not start is not cached', () => {
    const { dir, directory } = setup();
    let n = 0;
    const runner: ShellRunner = () => ({ stdout: '', exitCode: 127, error: `spawn failed ${++n}` });
    const cache = createShellCache({ runner, env: {}, cwd: dir, directory });
    cache.shell('x');
    expect(cache.shell('x').error).toBe('spawn failed 2');
  });

  test('files and entries unused for 30 days are dropped on the next write; a use is recorded once a day', () => {
    const { dir, directory } = setup();
    const day = 24 * 3600 * 1000;
    const { runner, calls } = countingRunner();
    /** One load at a given day: asks `commands`, saves, and says whether its file was written. */
    const loadAt = (at: number, cwd: string, commands: string[]) => {
      const before = snapshot(directory);
      const cache = createShellCache({ runner, env: {}, cwd, directory, now: () => at * day });
      const out = commands.map((c) => cache.shell(c).stdout);
      expect(cache.save()).toBe(true);
      return { out, written: JSON.stringify(snapshot(directory)) !== JSON.stringify(before) };
    };
    const stale = join(dir, 'unused-build');
    mkdirSync(stale);
    expect(loadAt(0, stale, ['probe']).out).toEqual(['run 1']);
    expect(loadAt(1, dir, ['probe', 'once']).out).toEqual(['run 2', 'run 3']);
    // The same load again within the day: nothing new, nothing to write.
    expect(loadAt(1.5, dir, ['probe', 'once'])).toEqual({ out: ['run 2', 'run 3'], written: false });
    // A day on, the use is recorded; then 30 days after the scratch directory's last use, its file goes.
    expect(loadAt(20, dir, ['probe']).written).toBe(true);
    expect(Object.values(snapshot(directory)).map((f) => f.cwd)).toEqual(expect.arrayContaining([dir, stale]));
    expect(loadAt(31, dir, ['probe']).written).toBe(true);
    // `once` was last used on day 20 (checked as part of the last load's list, which it then was).
    expect(Object.values(snapshot(directory))).toEqual([{ cwd: dir, commands: ['probe', 'once'], load: ['probe'] }]);
    // 30 days after that, the entry of the command no load asked for goes from its file.
    expect(loadAt(50, dir, ['probe']).written).toBe(true);
    expect(Object.values(snapshot(directory))).toEqual([{ cwd: dir, commands: ['probe'], load: ['probe'] }]);
    expect(loadAt(51, stale, ['probe']).out).toEqual(['run 4']);
    expect(calls).toHaveLength(4);
  });

  test('the file of a build directory that no longer exists goes at the next write', () => {
    const { dir, directory } = setup();
    const { runner } = countingRunner();
    const scratchBuild = join(dir, 'scratch-build');
    mkdirSync(scratchBuild);
    const loadIn = (cwd: string) => {
      const cache = createShellCache({ runner, env: {}, cwd, directory });
      cache.shell('probe');
      cache.save();
      return Object.values(snapshot(directory)).map((f) => f.cwd);
    };
    loadIn(scratchBuild);
    expect(loadIn(dir).sort()).toEqual([dir, scratchBuild].sort());
    rmSync(scratchBuild, { recursive: true });
    expect(loadIn(join(dir, 'bin')).sort()).toEqual([dir, join(dir, 'bin')].sort());
  });

  test('keeps the 256 files written last; removes unfinished writes and the files of the per-tree layout', () => {
    const { dir, directory } = setup();
    mkdirSync(directory, { recursive: true });
    const now = Date.now();
    // 300 files of other directories (all still there), written a minute apart, the newest first.
    for (let i = 0; i < 300; i++) {
      const path = join(directory, `other-${String(i).padStart(3, '0')}.json`);
      writeFileSync(path, `${JSON.stringify({ version: 2, cwd: dir, env: 'x' })}\n{"entries":{},"load":[]}`);
      const at = new Date(now - (i + 1) * 60_000);
      utimesSync(path, at, at);
    }
    const unfinished = join(directory, 'other-000.json.123.tmp');
    writeFileSync(unfinished, '{');
    utimesSync(unfinished, new Date(now - 2 * 24 * 3600 * 1000), new Date(now - 2 * 24 * 3600 * 1000));
    const perTree = join(directory, '..', 'shell-0123456789abcdef01234567.json');
    writeFileSync(perTree, '{"version":1,"entries":{}}');
    const cache = createShellCache({ runner: countingRunner().runner, env: {}, cwd: dir, directory, now: () => now });
    cache.shell('probe');
    expect(cache.save()).toBe(true);
    const names = readdirSync(directory).sort();
    expect(names).toHaveLength(256);
    // Ours, and the 255 newest of the others.
    expect(names.filter((n) => n.startsWith('other-'))).toEqual(
      Array.from({ length: 255 }, (_, i) => `other-${String(i).padStart(3, '0')}.json`),
    );
    expect(existsSync(perTree)).toBe(false);
  });

  test('a file of another layout, for another directory, or with broken entries is an empty cache, rewritten', () => {
    const { dir, directory } = setup();
    const { runner, calls } = countingRunner();
    const first = createShellCache({ runner, env: {}, cwd: dir, directory });
    first.shell('probe');
    first.save();
    const [name] = readdirSync(directory);
    const path = join(directory, name as string);
    const [header] = readFileSync(path, 'utf8').split('\n');
    const broken = { probe: { result: null, tools: 'gcc', usedAt: 1 } };
    for (const text of [
      '{"version":1,"entries":{}}',
      `${JSON.stringify({ version: 2, cwd: '/elsewhere', env: 'x' })}\n{}`,
      `${header}\n${JSON.stringify({ entries: broken, load: ['probe'] })}`,
    ]) {
      writeFileSync(path, text);
      const again = createShellCache({ runner, env: {}, cwd: dir, directory });
      const expected = `run ${calls.length + 1}`;
      expect(again.shell('probe').stdout).toBe(expected);
      expect(again.save()).toBe(true);
      expect(Object.values(snapshot(directory))).toEqual([{ cwd: dir, commands: ['probe'], load: ['probe'] }]);
    }
    expect(calls).toHaveLength(4);
  });
});

/** The cache files of a directory: for each, the directory it is for, its commands and its last load's list. */
function snapshot(directory: string): Record<string, { cwd: string; commands: string[]; load: string[] }> {
  const files: Record<string, { cwd: string; commands: string[]; load: string[] }> = {};
  if (!existsSync(directory)) return files;
  for (const name of readdirSync(directory)) {
    const [head, body] = readFileSync(join(directory, name), 'utf8').split('\n') as [string, string];
    const parsed = JSON.parse(body) as { entries: Record<string, unknown>; load: string[] };
    files[name] = {
      cwd: (JSON.parse(head) as { cwd: string }).cwd,
      commands: Object.keys(parsed.entries),
      load: parsed.load,
    };
  }
  return files;
}

describe('createShellCache with a runner that prefetches', () => {
  test('starts only the commands it cannot answer, and caches what the started runs gave', () => {
    const { dir, directory } = setup();
    const env = { PATH: '/nonexistent' };
    const started: string[] = [];
    const { runner: count, calls } = countingRunner();
    const runner: ShellRunner = Object.assign((command: string) => count(command), {
      prefetch: () => ({
        start: (command: string) => {
          started.push(command);
          const result = count(command);
          return { ready: () => true, result: () => result };
        },
        shell: (command: string) => count(command),
        close: () => {},
      }),
    });
    const warm = createShellCache({ runner, env, cwd: dir, directory });
    expect(warm.shell('probe a')).toEqual({ stdout: 'run 1', exitCode: 0 });
    warm.save();
    // The last load asked for a command the cache cannot answer: this one prefetches.
    const failing = createShellCache({
      runner: () => ({ stdout: '', exitCode: -1, error: 'no' }),
      env,
      cwd: dir,
      directory,
    });
    failing.shell('probe a');
    failing.shell('probe b');
    failing.save();

    const cache = createShellCache({ runner, env, cwd: dir, directory });
    const ahead = cache.shell.prefetch?.();
    if (!ahead) throw new Error('the cache must pass prefetching on');
    expect(ahead.start('probe a').result()).toEqual({ stdout: 'run 1', exitCode: 0 });
    ahead.start('probe b');
    expect(started).toEqual(['probe b']);
    expect(ahead.shell('probe a')).toEqual({ stdout: 'run 1', exitCode: 0 });
    expect(ahead.shell('probe b')).toEqual({ stdout: 'run 3', exitCode: 0 });
    ahead.close();
    expect(cache.stats).toEqual({ hits: 1, misses: 1 });
    expect(cache.shell('probe b')).toEqual({ stdout: 'run 3', exitCode: 0 });
    expect(calls).toEqual(['probe a', 'probe b', 'probe b']);
  });

  test('no prefetching when the cache answers every command of the last load; a new command still runs', () => {
    const { dir, directory } = setup();
    const env = { PATH: '/nonexistent' };
    const { runner: count, calls } = countingRunner();
    const runner: ShellRunner = Object.assign((command: string) => count(command), {
      prefetch: () => {
        throw new Error('not expected');
      },
    });
    const first = createShellCache({ runner: count, env, cwd: dir, directory });
    first.shell('probe a');
    first.shell('probe b');
    first.save();
    const cache = createShellCache({ runner, env, cwd: dir, directory });
    expect(cache.shell.prefetch).toBe(undefined);
    expect(cache.shell('probe a').stdout).toBe('run 1');
    expect(cache.shell('probe c').stdout).toBe('run 3');
    cache.save();
    // The next load predicts a, c: a different list, still all answered.
    expect(createShellCache({ runner, env, cwd: dir, directory }).shell.prefetch).toBe(undefined);
    // Another environment has no last load of its own: it prefetches.
    expect(createShellCache({ runner, env: { ...env, CC: 'clang' }, cwd: dir, directory }).shell.prefetch).toBeTypeOf(
      'function',
    );
    expect(calls).toEqual(['probe a', 'probe b', 'probe c']);
  });

  test('has no prefetch over a runner without one', () => {
    const { dir, directory } = setup();
    expect(createShellCache({ runner: countingRunner().runner, env: {}, cwd: dir, directory }).shell.prefetch).toBe(
      undefined,
    );
  });
});

describe('toolWords', () => {
  test('command words and paths, not options, assignments or expansions', () => {
    expect(toolWords('gcc -Werror -x c /dev/null -o "$tmp" CC=clang; ld --version | head -n1')).toEqual([
      'gcc',
      'c',
      '/dev/null',
      'ld',
      'head',
    ]);
  });
});

describe('shellCacheDirectory', () => {
  test('$XDG_CACHE_HOME/kconfig-solve/shell, else ~/.cache/kconfig-solve/shell', () => {
    expect(shellCacheDirectory({ XDG_CACHE_HOME: '/xdg', HOME: '/home/u' })).toBe('/xdg/kconfig-solve/shell');
    expect(shellCacheDirectory({ HOME: '/home/u' })).toBe('/home/u/.cache/kconfig-solve/shell');
  });
});

describe('the CLI', () => {
  const saved = process.env.XDG_CACHE_HOME;
  afterEach(() => {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
  });

  async function run(argv: string[]): Promise<number> {
    const io: Io = { stdout: () => {}, stderr: () => {} };
    return main(argv, io);
  }

  test('caches $(shell,...) by default; --no-cache runs without it', async () => {
    const tree = tempDir();
    const xdg = tempDir();
    process.env.XDG_CACHE_HOME = xdg;
    writeFileSync(join(tree, 'Kconfig'), 'config A\n\tbool "a"\n\tdefault $(shell,echo y)\n');
    const config = join(tree, '.config');
    const cacheDir = join(xdg, 'kconfig-solve', 'shell');

    expect(await run(['olddefconfig', '--srctree', tree, '--config', config, '--no-cache'])).toBe(0);
    expect(existsSync(cacheDir)).toBe(false);
    expect(await run(['olddefconfig', '--srctree', tree, '--config', config])).toBe(0);
    expect(readdirSync(cacheDir)).toHaveLength(1);
  });
});
