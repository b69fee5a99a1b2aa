/**
 * The Kconfig files of one load: where a `source` name resolves (zconf_fopen: as given, relative to the working
 * directory, then under `$srctree`), their text, and their parse, kept between the load's two walks (the one
 * that lists `$(shell,...)` commands ahead, and the real one) so that each file is read and parsed once.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Entry } from '../ast/nodes.js';
import type { ParseResult } from '../parser/api.js';
import { parseKconfig } from '../parser/parse.js';
import { expandGlob } from './glob.js';

export interface OpenedFile {
  /** The path it was read from. */
  readonly path: string;
  readonly parsed: ParseResult;
}

/** A file that could not be opened: missing (no `error`), or unreadable. */
export interface NotOpened {
  readonly path?: undefined;
  readonly error?: string;
}

export type SourceKeyword = 'source' | 'osource' | 'rsource' | 'orsource';

export class SourceFiles {
  /** Files already read and parsed, by the name they were opened with (parse locations carry that name). */
  private readonly opened = new Map<string, OpenedFile>();
  /** Directories looked at by inMissingDirectory, and whether each is missing. */
  private readonly missingDirectories = new Map<string, boolean>();
  /** Names that kept files `source` literally (no macro, no escape), not opened yet: see parseAhead. */
  private readonly literalSources: string[] = [];

  constructor(
    private readonly cwd: string,
    readonly srctree: string | undefined,
    private readonly kconfiglibExtensions: boolean,
  ) {}

  /**
   * Reads and parses the file `name` names. `keep` leaves it for a later open of the same name; otherwise the
   * parse is handed over, so that a load holds each file's AST only until it has walked it.
   */
  open(name: string, keep: boolean): OpenedFile | NotOpened {
    const kept = this.opened.get(name);
    if (kept !== undefined) {
      if (!keep) this.opened.delete(name);
      return kept;
    }
    const file = this.read(name);
    if (file.path === undefined) return file;
    const parsed = parseKconfig(file.text, name, { kconfiglibExtensions: this.kconfiglibExtensions });
    const opened = { path: file.path, parsed };
    if (keep) {
      this.opened.set(name, opened);
      if (!this.kconfiglibExtensions) collectLiteralSources(parsed.ast.entries, this.literalSources);
    }
    return opened;
  }

  /**
   * Reads and parses (and keeps) one more file that a kept file sources literally, ahead of the walk that
   * will open it: something useful to do while waiting for a command's output. False when none is left.
   * A `source` line is never conditional, so every such file is opened by the walk anyway.
   */
  parseAhead(): boolean {
    for (let name = this.literalSources.shift(); name !== undefined; name = this.literalSources.shift()) {
      if (this.opened.has(name)) continue;
      this.open(name, true);
      return true;
    }
    return false;
  }

  /**
   * The names a `source` line opens, given its expanded path: the path itself (`written`), made relative to the
   * current file for Kconfiglib's `rsource`/`orsource`, and glob-expanded with Kconfiglib's extensions (conf
   * opens the name literally).
   */
  sourceNames(keyword: SourceKeyword, path: string, currentFile: string): { written: string; names: string[] } {
    const relative = keyword === 'rsource' || keyword === 'orsource';
    const written = relative && !isAbsolute(path) ? join(dirname(currentFile), path) : path;
    if (!this.kconfiglibExtensions) return { written, names: [written] };
    return { written, names: expandGlob(written, (n) => this.locate(n) !== undefined, this.globRoots()) };
  }

  /** zconf_fopen: the name as given (relative to the working directory), then under $srctree. */
  private locate(name: string): string | undefined {
    return this.candidates(name).find((c) => isReadableFile(c));
  }

  private candidates(name: string): string[] {
    const candidates = [resolve(this.cwd, name)];
    if (!isAbsolute(name) && this.srctree !== undefined) candidates.push(resolve(this.cwd, this.srctree, name));
    return candidates;
  }

  private globRoots(): string[] {
    return this.srctree !== undefined ? [this.cwd, resolve(this.cwd, this.srctree)] : [this.cwd];
  }

  /**
   * Whether the directory `path` would be in is missing (or not a directory): a tree's files are looked for
   * under the working directory first, where usually not even `arch/` exists, and one look at each
   * directory, remembered for the load, spares a stat per file.
   */
  private inMissingDirectory(path: string): boolean {
    const dir = dirname(path);
    let missing = this.missingDirectories.get(dir);
    if (missing === undefined) {
      const parent = dirname(dir);
      missing = parent !== dir && this.inMissingDirectory(dir);
      if (!missing) {
        try {
          missing = statSync(dir, { throwIfNoEntry: false })?.isDirectory() !== true;
        } catch {
          missing = false; // Unreadable, say: the open reports what is wrong.
        }
      }
      this.missingDirectories.set(dir, missing);
    }
    return missing;
  }

  /** Opens the first candidate that reads as a file: one open per file, no separate stat. */
  private read(name: string): { path: string; text: string } | NotOpened {
    let error: string | undefined;
    const candidates = this.candidates(name);
    for (const [i, path] of candidates.entries()) {
      // The working-directory candidate is usually missing: a failed open costs a thrown error, a stat does not.
      if (i < candidates.length - 1 && (this.inMissingDirectory(path) || isMissing(path))) continue;
      try {
        return { path, text: readLatin1(path) };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        // A missing file falls through to the next candidate, as fopen failing does in conf.
        if (code !== 'ENOENT' && code !== 'ENOTDIR') error ??= `${path}: ${(e as Error).message}`;
      }
    }
    return error !== undefined ? { error } : {};
  }
}

const READ_BUFFER_SIZE = 1 << 20;
/** One buffer for every read: a load reads some 1,800 files one after the other. */
let readBuffer = Buffer.allocUnsafe(READ_BUFFER_SIZE);

/**
 * The file's bytes, one character per byte (conf reads bytes): open, read to the end, close. readFileSync
 * also stat()s each file and allocates a buffer for it, which across a tree's files costs a third more.
 */
function readLatin1(path: string): string {
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length === readBuffer.length) {
        const bigger = Buffer.allocUnsafe(readBuffer.length * 2);
        readBuffer.copy(bigger, 0, 0, length);
        readBuffer = bigger;
      }
      const n = readSync(fd, readBuffer, length, readBuffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    const text = readBuffer.toString('latin1', 0, length);
    // A huge file does not keep its buffer.
    if (readBuffer.length > READ_BUFFER_SIZE) readBuffer = Buffer.allocUnsafe(READ_BUFFER_SIZE);
    return text;
  } finally {
    closeSync(fd);
  }
}

/** Whether `path` does not exist (ENOENT), which its open would report the same way; other cases are left to it. */
function isMissing(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false }) === undefined;
  } catch {
    return false;
  }
}

function isReadableFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function collectLiteralSources(entries: readonly Entry[], names: string[]): void {
  for (const entry of entries) {
    if (entry.kind === 'source') {
      const raw = entry.path.raw;
      if (entry.keyword === 'source' && !raw.includes('$') && !raw.includes('\\')) names.push(raw);
    } else if (entry.kind === 'menu' || entry.kind === 'if' || entry.kind === 'choice') {
      collectLiteralSources(entry.entries, names);
    }
  }
}
