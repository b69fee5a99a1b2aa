/**
 * Binary packages: an interim tree as one gzip'd tarball, so a kernel built once installs on other machines
 * with `distkernel install FILE`. The archive is reproducible (sorted names, owner 0, mtimes set to the build's
 * SOURCE_DATE_EPOCH, no timestamp in the gzip header) and carries the manifest, whose checksums are verified
 * when the package is unpacked.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { error, fail, type Outcome, succeed } from '../diagnostics.js';
import { sha256File } from '../interim/files.js';
import { type Interim, readInterim } from '../interim/manifest.js';
import { commandDiagnostic, run } from '../process/run.js';

export interface PackageRequest {
  readonly interimDir: string;
  /** Output file; default `distkernel-VER-ARCH.tar.gz` in the current directory. */
  readonly output?: string;
  readonly logFile?: string;
  readonly signal?: AbortSignal;
}

export interface PackageReport {
  readonly file: string;
  readonly version: string;
  readonly arch: string;
  readonly bytes: number;
  readonly sha256: string;
}

export function defaultPackageName(version: string, arch: string): string {
  return `distkernel-${version}-${arch}.tar.gz`;
}

export async function createPackage(request: PackageRequest): Promise<Outcome<PackageReport>> {
  const interim = await readInterim(request.interimDir, { verify: true });
  if (!interim.ok) return interim;
  const { manifest } = interim.value;
  const file = resolve(request.output ?? defaultPackageName(manifest.version, manifest.arch));
  const tarFile = `${file}.tar-${process.pid}`;
  const options = {
    ...(request.logFile === undefined ? {} : { logFile: request.logFile }),
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  };
  try {
    await mkdir(dirname(file), { recursive: true });
    const tar = await run(
      'tar',
      [
        '--sort=name',
        `--mtime=@${manifest.sourceDateEpoch ?? 0}`,
        '--owner=0',
        '--group=0',
        '--numeric-owner',
        '--format=gnu',
        '-C',
        request.interimDir,
        '-cf',
        tarFile,
        '.',
      ],
      options,
    );
    if (tar.failed)
      return fail(commandDiagnostic('package-failed', tar, { message: `cannot archive ${request.interimDir}` }));
    await pipeline(createReadStream(tarFile), createGzip({ level: 9 }), createWriteStream(file));
    const [bytes, sha256] = [(await stat(file)).size, await sha256File(file)];
    return succeed({ file, version: manifest.version, arch: manifest.arch, bytes, sha256 });
  } catch (e) {
    return fail(error('package-failed', `cannot write ${file}: ${String(e)}`));
  } finally {
    await rm(tarFile, { force: true });
  }
}

/** Unpacks a package into `dest` (an empty directory) and verifies it against its manifest. */
export async function unpackPackage(
  file: string,
  dest: string,
  options: { readonly logFile?: string; readonly signal?: AbortSignal } = {},
): Promise<Outcome<Interim>> {
  const isFile = await stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) return fail(error('file-unreadable', `cannot read package ${file}`));
  const made = await mkdir(dest, { recursive: true }).then(
    () => true,
    () => false,
  );
  if (!made) return fail(error('write-failed', `cannot create ${dest} to unpack ${file} into`));
  const tar = await run('tar', ['--no-same-owner', '-xf', file, '-C', dest], options);
  if (tar.failed) {
    return fail(
      commandDiagnostic('package-failed', tar, {
        message: `cannot unpack ${file}`,
        fix: 'check that it is a package made by `distkernel package`',
      }),
    );
  }
  return readInterim(dest, { verify: true });
}
