/**
 * Glob patterns in `source` (a Kconfiglib extension used by Zephyr and ESP-IDF, enabled only with that dialect):
 * `*`, `?` and `[...]` within one path segment; matches are returned sorted, as Kconfiglib sorts them.
 * A name without glob characters is returned as it is, so the caller reports a missing file as usual.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const GLOB_CHARS = /[*?[]/;

export function expandGlob(pattern: string, exists: (name: string) => boolean, roots: readonly string[]): string[] {
  if (!GLOB_CHARS.test(pattern)) return [pattern];
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter((s) => s !== '');
  let partial: string[] = [absolute ? '/' : ''];
  for (const segment of segments) {
    const next: string[] = [];
    for (const prefix of partial) {
      if (!GLOB_CHARS.test(segment)) {
        next.push(prefix === '' ? segment : join(prefix, segment));
        continue;
      }
      const re = segmentRegExp(segment);
      const seen = new Set<string>();
      for (const root of absolute ? ['/'] : roots) {
        for (const entry of listDir(resolve(root, prefix))) {
          if (re.test(entry) && !seen.has(entry)) {
            seen.add(entry);
            next.push(prefix === '' ? entry : join(prefix, entry));
          }
        }
      }
    }
    partial = next;
  }
  return partial.filter(exists).sort();
}

function segmentRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        const body = segment
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
