/**
 * `distkernel initramfs`, GLEP 26 stage 3: a generic initramfs added to an interim tree (boot/initramfs.img,
 * recorded in the manifest), so a package can carry it. Installing can also generate one on the target
 * machine instead (`distkernel install --initramfs dracut`).
 */
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RootSpec } from '../config/safety.js';
import { error, fail, type Outcome, succeed } from '../diagnostics.js';
import { type InterimManifest, interimPaths, readInterim, writeManifest } from '../interim/manifest.js';
import type { InitramfsPlugin } from './plugin.js';
import { INITRAMFS_GENERATORS } from './registry.js';

export interface InitramfsStageRequest {
  readonly interimDir: string;
  /** Generator name (dracut, none) or plugin; default dracut. */
  readonly generator?: string | InitramfsPlugin;
  readonly extraArgs?: readonly string[];
  readonly root?: RootSpec;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly logFile?: string;
  readonly signal?: AbortSignal;
}

export interface InitramfsReport {
  readonly version: string;
  readonly generator: string;
  /** Host path of the image, or null with the `none` generator. */
  readonly initramfs: string | null;
  readonly manifest: InterimManifest;
}

export function sourceDateEnv(manifest: InterimManifest): Readonly<Record<string, string>> {
  return manifest.sourceDateEpoch === null ? {} : { SOURCE_DATE_EPOCH: String(manifest.sourceDateEpoch) };
}

export async function generateInitramfs(request: InitramfsStageRequest): Promise<Outcome<InitramfsReport>> {
  const choice = request.generator ?? 'dracut';
  const plugin = typeof choice === 'object' ? choice : INITRAMFS_GENERATORS.get(choice);
  if (plugin === undefined) {
    return fail(
      error('usage', `unknown initramfs generator "${String(choice)}"`, {
        fix: `choose one of: ${[...INITRAMFS_GENERATORS.keys()].join(', ')}`,
      }),
    );
  }
  const interim = await readInterim(request.interimDir);
  if (!interim.ok) return interim;
  const { manifest } = interim.value;
  const target = join(request.interimDir, interimPaths(manifest.version).initramfs);
  const staged = `${target}.new-${process.pid}`;
  const generated = await plugin.generate({
    version: manifest.version,
    modulesDir: join(request.interimDir, manifest.modulesDir),
    config: join(request.interimDir, manifest.config),
    output: staged,
    root: request.root ?? {},
    extraArgs: request.extraArgs ?? [],
    // dracut --reproducible takes its timestamps from SOURCE_DATE_EPOCH: use the build's.
    env: { ...sourceDateEnv(manifest), ...process.env, ...request.env },
    ...(request.logFile === undefined ? {} : { logFile: request.logFile }),
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  });
  if (!generated.ok) {
    await rm(staged, { force: true });
    return generated;
  }
  try {
    if (generated.value === undefined) await rm(target, { force: true });
    else await rename(generated.value, target);
  } catch (e) {
    return fail(error('write-failed', `cannot write ${target}: ${String(e)}`));
  }
  const { format: _format, files: _files, links: _links, configSha256: _hash, ...fields } = manifest;
  const updated = await writeManifest(request.interimDir, {
    ...fields,
    initramfs: generated.value === undefined ? null : interimPaths(manifest.version).initramfs,
  });
  if (!updated.ok) return updated;
  return succeed(
    {
      version: manifest.version,
      generator: plugin.name,
      initramfs: generated.value === undefined ? null : target,
      manifest: updated.value,
    },
    generated.diagnostics,
  );
}
