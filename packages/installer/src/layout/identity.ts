/**
 * Reads how the target root names and boots its kernels, the way systemd's kernel-install does:
 * the entry token (machine-id, else os-release IMAGE_ID/ID), the command line (/etc/kernel/cmdline, else the
 * running kernel's when installing into `/`) and /etc/os-release for titles and sort keys.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { BootIdentity } from './plugin.js';
import { hostPath } from './transaction.js';

export interface IdentityOptions {
  readonly cmdline?: string;
  readonly entryToken?: string;
}

export async function readBootIdentity(root: string, options: IdentityOptions = {}): Promise<BootIdentity> {
  const osRelease = parseOsRelease(
    (await readText(hostPath(root, '/etc/os-release'))) ??
      (await readText(hostPath(root, '/usr/lib/os-release'))) ??
      '',
  );
  const machineIdText = (await readText(hostPath(root, '/etc/machine-id')))?.trim();
  // An unset machine-id ("uninitialized" or empty) must not become a token.
  const machineId = machineIdText !== undefined && /^[0-9a-f]{32}$/.test(machineIdText) ? machineIdText : undefined;
  const entryToken = options.entryToken ?? machineId ?? osRelease.IMAGE_ID ?? osRelease.ID;
  return {
    cmdline: options.cmdline ?? (await defaultCmdline(root)),
    entryToken,
    machineId,
    osRelease,
  };
}

async function defaultCmdline(root: string): Promise<string> {
  const configured = await readText(hostPath(root, '/etc/kernel/cmdline'));
  if (configured !== undefined) return configured.trim();
  if (resolve(root) !== '/') return '';
  // Like kernel-install: reuse the running kernel's options, minus what the boot loader added itself.
  const running = (await readText('/proc/cmdline')) ?? '';
  return running
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '' && !word.startsWith('BOOT_IMAGE=') && !word.startsWith('initrd='))
    .join(' ');
}

/** os-release(5): KEY=value lines, values optionally quoted with shell-style escapes. */
export function parseOsRelease(text: string): Readonly<Record<string, string>> {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!match?.[1]) continue;
    let value = match[2] ?? '';
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1).replace(/\\(["'$`\\])/g, '$1');
    }
    fields[match[1]] = value;
  }
  return fields;
}

async function readText(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch(() => undefined);
}
