/**
 * A .config read as plain text, without a Kconfig tree: what tools outside conf see (linux-info's
 * linux_chkconfig_*, moby's check-config.sh, scripts/diffconfig). `CONFIG_X=value` assigns the raw value text
 * (strings keep their quotes), `# CONFIG_X is not set` assigns `n`, other `#` lines and blank lines are
 * comments, anything else is a problem located at file:line. A later assignment wins, as in every such tool.
 * Gzip input (`/proc/config.gz`) is recognised by its magic bytes, not its name.
 */
import { gunzipSync } from 'node:zlib';

export interface DotconfigEntry {
  /** The value text after `=`, quotes kept; `n` for `# CONFIG_X is not set`. */
  readonly value: string;
  /** 1-based line of the assignment that won. */
  readonly line: number;
}

export interface DotconfigProblem {
  readonly code: 'dotconfig-unexpected-data' | 'dotconfig-unterminated-string' | 'dotconfig-unreadable';
  readonly file: string;
  /** 1-based; 0 when the problem is the whole file. */
  readonly line: number;
  readonly message: string;
}

export interface Dotconfig {
  readonly file: string;
  /** Symbol names without the prefix, in first-assignment order. */
  readonly entries: ReadonlyMap<string, DotconfigEntry>;
  readonly problems: readonly DotconfigProblem[];
}

const PREFIX = 'CONFIG_';
const NAME = /^[A-Za-z0-9_]+$/;

/** `FILE:LINE: error: message`, the GNU form (no column: a .config problem is the whole line). */
export function formatDotconfigProblem(p: DotconfigProblem): string {
  return p.line > 0 ? `${p.file}:${p.line}: error: ${p.message}` : `${p.file}: error: ${p.message}`;
}

export function parseDotconfig(text: string, file: string): Dotconfig {
  const entries = new Map<string, DotconfigEntry>();
  const problems: DotconfigProblem[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    const line = i + 1;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const problem = (code: DotconfigProblem['code'], message: string) => problems.push({ code, file, line, message });
    if (text.trim() === '') return;
    if (text.startsWith('#')) {
      const unset = /^# CONFIG_([A-Za-z0-9_]+) is not set$/.exec(text);
      if (unset) entries.set(unset[1] as string, { value: 'n', line });
      return;
    }
    const eq = text.indexOf('=');
    const name = text.slice(PREFIX.length, eq);
    if (!text.startsWith(PREFIX) || eq < 0 || !NAME.test(name)) {
      problem('dotconfig-unexpected-data', `unexpected data: ${text}`);
      return;
    }
    const value = text.slice(eq + 1);
    if (value.startsWith('"') && !isClosedString(value)) {
      problem('dotconfig-unterminated-string', `unterminated string in the value of CONFIG_${name}: ${value}`);
      return;
    }
    entries.set(name, { value, line });
  });
  return { file, entries, problems };
}

/** A quoted value must end with an unescaped quote (conf writes `\"` and `\\` inside strings). */
function isClosedString(value: string): boolean {
  for (let i = 1; i < value.length; i++) {
    if (value[i] === '\\') i++;
    else if (value[i] === '"') return i === value.length - 1;
  }
  return false;
}

export interface DecodedConfig {
  readonly text?: string;
  readonly problem?: DotconfigProblem;
  readonly gzip: boolean;
}

/** The text of a config file's bytes: gunzipped when they start with gzip's magic 1f 8b. */
export function decodeConfigBytes(bytes: Uint8Array, file: string): DecodedConfig {
  const gzip = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (!gzip) return { text: Buffer.from(bytes).toString('utf8'), gzip };
  try {
    return { text: gunzipSync(bytes).toString('utf8'), gzip };
  } catch (e) {
    const message = `not a valid gzip file: ${(e as Error).message}`;
    return { problem: { code: 'dotconfig-unreadable', file, line: 0, message }, gzip };
  }
}
