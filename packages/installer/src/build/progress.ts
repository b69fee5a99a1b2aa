/**
 * Progress of a long kernel build, estimated from kbuild's quiet output: each `  CC      kernel/fork.o` or
 * `  LD [M]  fs/ext4/ext4.ko` line is one object done. The total comes from the previous build of the same
 * build directory (saved after success) or from the caller; without one, only the count and time are shown.
 */

export type BuildStageName =
  'config' | 'kernelrelease' | 'build' | 'modules_install' | 'depmod' | 'headers' | 'interim';

export interface BuildProgress {
  readonly stage: BuildStageName;
  readonly objects: number;
  readonly expected?: number;
  /** 0-99 while building (an estimate never claims completion), 100 once the stage is done. */
  readonly percent?: number;
  readonly elapsedMs: number;
  readonly done: boolean;
}

/** kbuild's quiet-mode lines for compiled and linked objects. */
const OBJECT_LINE = /^ {2}(CC|LD|AR|AS)( \[M\])? +\S/;

export function isObjectLine(line: string): boolean {
  return OBJECT_LINE.test(line);
}

export function estimatePercent(objects: number, expected: number | undefined): number | undefined {
  if (expected === undefined || expected <= 0) return undefined;
  return Math.min(99, Math.floor((objects * 100) / expected));
}

export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}

export function formatProgress(p: BuildProgress): string {
  const share = p.done ? '100%' : p.percent === undefined ? '' : `~${p.percent}%`;
  const objects = p.stage === 'build' ? `${p.objects}${p.expected === undefined ? '' : `/${p.expected}`} objects` : '';
  const parts = [share, objects, formatElapsed(p.elapsedMs)].filter((s) => s !== '');
  return `distkernel: ${p.stage}${p.done ? ' done' : ''}: ${parts.join(', ')}`;
}

/**
 * Writes progress to a stream (stderr): on a terminal one line rewritten in place at most once a second;
 * otherwise (CI logs) a line per 10% step or per minute, and every stage's end.
 */
export function progressPrinter(
  stream: NodeJS.WritableStream & { readonly isTTY?: boolean },
): (p: BuildProgress) => void {
  let lastAt = 0;
  let lastPercent = -1;
  return (p) => {
    const now = Date.now();
    if (stream.isTTY) {
      if (!p.done && now - lastAt < 1000) return;
      lastAt = now;
      stream.write(`\r\x1b[K${formatProgress(p)}${p.done ? '\n' : ''}`);
      return;
    }
    const step = p.percent === undefined ? -1 : Math.floor(p.percent / 10);
    if (p.done || step > lastPercent || now - lastAt >= 60_000) {
      lastAt = now;
      lastPercent = p.done ? -1 : step;
      stream.write(`${formatProgress(p)}\n`);
    }
  };
}
