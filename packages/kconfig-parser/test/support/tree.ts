/** Test helper: writes a throwaway Kconfig tree (path -> content) into a temporary directory. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ShellRunner } from '../../src/macro/api.js';

export function writeTree(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'kconfig-tree-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

/** A shell that records commands and answers from a table (unknown commands print nothing). */
export function recordingShell(answers: Readonly<Record<string, string>> = {}): ShellRunner & { commands: string[] } {
  const commands: string[] = [];
  const run: ShellRunner = (command) => {
    commands.push(command);
    return { stdout: answers[command] ?? '', exitCode: 0 };
  };
  return Object.assign(run, { commands });
}
