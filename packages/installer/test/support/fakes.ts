// Fake make, dracut, ukify, installkernel and grub-mkconfig (shell scripts in test/fixtures/bin) put first on
// PATH, so the installer runs real processes without touching the machine's tools.
import { readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FAKE_BIN = fileURLToPath(new URL('../fixtures/bin', import.meta.url));

/** An environment whose PATH finds the fakes first; FAKE_LOG collects the calls they receive. */
export function fakeEnv(logFile: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: [FAKE_BIN, process.env.PATH ?? ''].join(delimiter), FAKE_LOG: logFile, ...extra };
}

/** The calls recorded by the fakes, one `program args...` line each. */
export async function fakeCalls(logFile: string): Promise<readonly string[]> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line !== '');
}

export function fixture(...parts: string[]): string {
  return join(fileURLToPath(new URL('../fixtures', import.meta.url)), ...parts);
}
