import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCommand, run } from '../../src/process/run.js';
import { tempDir } from '../support/tree.js';

describe('run', () => {
  it('captures output of a successful command', async () => {
    const result = await run('sh', ['-c', 'echo hello; echo world'], { capture: true });
    expect(result).toMatchObject({ failed: false, exitCode: 0, stdout: 'hello\nworld', tail: ['hello', 'world'] });
    expect(result.shortMessage).toBe("Command succeeded: sh -c 'echo hello; echo world'");
  });

  it('composes the failure message from exit code, command and log tail', async () => {
    const dir = await tempDir();
    const logFile = join(dir, 'build.log');
    const script = 'for i in 1 2 3 4 5; do echo line $i; done; echo oops >&2; exit 2';
    const result = await run('sh', ['-c', script], { logFile, tailLines: 3 });
    expect(result.failed).toBe(true);
    expect(result.exitCode).toBe(2);
    expect(result.shortMessage).toBe(`Command failed with exit code 2: ${formatCommand('sh', ['-c', script])}`);
    expect(result.tail).toEqual(['line 4', 'line 5', 'oops']);
    expect(result.message).toContain(`Full log: ${logFile}`);
    expect(result.message.endsWith('line 4\nline 5\noops')).toBe(true);
    const log = await readFile(logFile, 'utf8');
    expect(log).toContain('$ cd ');
    expect(log).toContain('line 1\n');
    expect(log).toContain('oops\n');
  });

  it('reports a missing program with the same shape', async () => {
    const result = await run('distkernel-no-such-program', ['x']);
    expect(result.failed).toBe(true);
    expect(result.exitCode).toBeUndefined();
    expect(result.shortMessage).toMatch(
      /^Command failed with ENOENT \(program not found\): distkernel-no-such-program x/,
    );
  });

  it('delivers complete lines as they arrive, the last one without a newline too', async () => {
    const lines: string[] = [];
    await run('sh', ['-c', 'printf "a\\nb"; printf "c\\n" >&2'], {
      onLine: (line, stream) => lines.push(`${stream}:${line}`),
    });
    expect(lines.sort()).toEqual(['stderr:c', 'stdout:a', 'stdout:b']);
  });

  it('cancels through an AbortSignal, stopping the whole process group', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = run('sh', ['-c', 'sleep 30 & sleep 30; wait'], { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const result = await pending;
    expect(result).toMatchObject({ failed: true, isCanceled: true });
    expect(result.shortMessage).toMatch(/^Command was canceled: sh -c/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('times out', async () => {
    const result = await run('sleep', ['30'], { timeoutMs: 200 });
    expect(result).toMatchObject({ failed: true, timedOut: true });
    expect(result.shortMessage).toBe('Command timed out after 200 milliseconds: sleep 30');
  });

  it('passes the environment on top of the current one', async () => {
    const result = await run('sh', ['-c', 'echo "$DISTKERNEL_T $HOME"'], { env: { DISTKERNEL_T: 'x' }, capture: true });
    expect(result.stdout).toBe(`x ${process.env.HOME ?? ''}`);
  });
});
