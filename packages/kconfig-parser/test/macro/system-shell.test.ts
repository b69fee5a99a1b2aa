// The real $(shell,...) runner's prefetching: runs started ahead answer the calls with the same text (each run
// once, earliest first), anything else runs when asked, stderr shows where the result is taken, and close()
// waits for started runs nobody took.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { systemShell } from '../../src/macro/system-shell.js';

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'system-shell-'));
  scratch.push(dir);
  return dir;
}

const env = { PATH: process.env.PATH };

describe('systemShell().prefetch', () => {
  test('a started run answers the call with the same text, exactly as running it then would', () => {
    const run = systemShell(env);
    const ahead = run.prefetch?.();
    if (!ahead) throw new Error('systemShell must prefetch');
    const pending = ahead.start('printf x; exit 3');
    ahead.start('echo "[$UNSET]"');
    expect(pending.result()).toEqual({ stdout: 'x', exitCode: 3 });
    expect(pending.ready()).toBe(true);
    expect(ahead.shell('echo "[$UNSET]"')).toEqual(run('echo "[$UNSET]"'));
    expect(ahead.shell('printf x; exit 3')).toEqual({ stdout: 'x', exitCode: 3 });
    // Not started: it runs when asked.
    expect(ahead.shell('echo later')).toEqual({ stdout: 'later\n', exitCode: 0 });
    ahead.close();
  });

  test('each started run answers one call; a command started twice runs twice', () => {
    const dir = tempDir();
    const counter = join(dir, 'n');
    const command = `echo . >> ${counter}; echo ran`;
    const lines = () => readFileSync(counter, 'utf8').split('\n').length - 1;
    const ahead = systemShell(env, dir).prefetch?.();
    if (!ahead) throw new Error('systemShell must prefetch');
    ahead.start(command);
    ahead.start(command);
    expect(ahead.shell(command).stdout).toBe('ran\n');
    expect(ahead.shell(command).stdout).toBe('ran\n');
    expect(lines()).toBe(2);
    // A third call finds no started run left and runs the command itself.
    expect(ahead.shell(command).stdout).toBe('ran\n');
    expect(lines()).toBe(3);
    ahead.close();
  });

  test('a command of several lines, and one with backslashes and blanks at its ends, run exactly as given', () => {
    const run = systemShell(env);
    const ahead = run.prefetch?.();
    if (!ahead) throw new Error('systemShell must prefetch');
    const commands = ['echo one\necho two', "  printf '%s' 'a\\tb'  ", 'echo "$0"; exit 7'];
    for (const command of commands) ahead.start(command);
    for (const command of commands) expect(ahead.shell(command)).toEqual(run(command));
    ahead.close();
  });

  test('runs in the given directory with the given environment', () => {
    const dir = tempDir();
    const ahead = systemShell({ ...env, GREETING: 'hello', UNSET: undefined }, dir).prefetch?.();
    if (!ahead) throw new Error('systemShell must prefetch');
    ahead.start('echo "$GREETING $(pwd) [${UNSET-unset}]"');
    expect(ahead.shell('echo "$GREETING $(pwd) [${UNSET-unset}]"').stdout).toBe(`hello ${dir} [unset]\n`);
    ahead.close();
  });

  test('close() waits for the started runs no call took', () => {
    const dir = tempDir();
    const ahead = systemShell(env, dir).prefetch?.();
    if (!ahead) throw new Error('systemShell must prefetch');
    ahead.start('sleep 0.2; touch done');
    ahead.close();
    expect(existsSync(join(dir, 'done'))).toBe(true);
  });

  test("a taken run's stderr is written when its result is taken, in order with the caller's own output", () => {
    // In a child process, so that its stderr can be read: the prefetched command writes to stderr long before
    // the caller takes its result, yet "err" must come between "before" and "after".
    const script = fileURLToPath(new URL('../fixtures/prefetch-stderr.ts', import.meta.url));
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('before\nerr\nafter\n');
    expect(child.stdout).toBe('out\n');
    expect(child.status).toBe(0);
  });
});

test('a started command that writes a file does so before its result is taken', () => {
  const dir = tempDir();
  const ahead = systemShell(env, dir).prefetch?.();
  if (!ahead) throw new Error('systemShell must prefetch');
  const pending = ahead.start('echo hi > made; cat made');
  pending.result();
  expect(readFileSync(join(dir, 'made'), 'utf8')).toBe('hi\n');
  expect(ahead.shell('echo hi > made; cat made').stdout).toBe('hi\n');
  ahead.close();
});
