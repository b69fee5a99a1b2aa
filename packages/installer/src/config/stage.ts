/**
 * `distkernel config`, GLEP 26 stage 1: pick the base (the user's savedconfig, else a distribution config,
 * else an arch defconfig; with none of them, stop and say what to give), resolve it with the fragments,
 * report requested values that did not take (merge_config.sh's wording), and run the safety checks on the
 * result so that no unbootable config goes on to a build.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { MakeSettings } from '../build/make.js';
import { error, fail, hasErrors, type InstallerDiagnostic, type Outcome, succeed, warning } from '../diagnostics.js';
import { sha256Text } from '../interim/files.js';
import { commandDiagnostic, run } from '../process/run.js';
import type { ConfigBase, ConfigResolver, RequestedValue } from './resolver.js';
import { checkBootSafety, type RootSpec } from './safety.js';
import { solverResolver } from './solver.js';

export interface ConfigStageRequest extends MakeSettings {
  /** The user's own full config; wins over every generic base. */
  readonly savedconfig?: string;
  /** A distribution's config (may be .xz, .gz or .zst compressed, as Debian's linux-config packages ship it). */
  readonly distributionConfig?: string;
  /** A make target of the tree, e.g. x86_64_defconfig or tinyconfig. */
  readonly defconfig?: string;
  readonly fragments?: readonly string[];
  /** Whether an initramfs will be installed; decides which drivers must be built in. */
  readonly initramfs: boolean;
  readonly root?: RootSpec;
  /** Treat requested values that did not take as errors (merge_config.sh -s). */
  readonly strict?: boolean;
  readonly resolver?: ConfigResolver;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly logFile?: string;
  readonly signal?: AbortSignal;
}

export interface ConfigReport {
  readonly configFile: string;
  readonly base: string;
  readonly fragments: readonly string[];
  readonly resolver: string;
  readonly configSha256: string;
  readonly requested: readonly RequestedValue[];
  /** Requested values the final config does not have. */
  readonly notTaken: readonly RequestedValue[];
}

export const NO_CONFIG_FIX =
  'give your own config with --savedconfig FILE, or a generic base: --base FILE (a distribution config, e.g. ' +
  "Debian's /usr/src/linux-config-6.12/config.amd64_none_amd64.xz) or --defconfig TARGET (e.g. x86_64_defconfig, " +
  'tinyconfig); add changes with --fragment FILE (CONFIG_FOO=y lines)';

export async function configureKernel(request: ConfigStageRequest): Promise<Outcome<ConfigReport>> {
  const env = { ...process.env, ...request.env };
  const common = {
    ...(request.logFile === undefined ? {} : { logFile: request.logFile }),
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  };
  const base = await chooseBase(request, env, common);
  if (!base.ok) return base;
  const fragments = request.fragments ?? [];
  for (const fragment of fragments) {
    const readable = await readFile(fragment).then(
      () => true,
      () => false,
    );
    if (!readable) return fail(error('file-unreadable', `cannot read fragment ${fragment}`));
  }

  const resolver = request.resolver ?? solverResolver;
  const resolved = await resolver.resolve({ make: request, base: base.value, fragments, env, ...common });
  if (!resolved.ok) return resolved;
  const { text, value, requested } = resolved.value;

  // The reader maps "is not set" and absent symbols to n, so n requests compare equal, as merge_config.sh's do.
  const notTaken = requested.filter((r) => r.requested !== r.actual);
  const diagnostics: InstallerDiagnostic[] = notTaken.map((r) =>
    (request.strict ? error : warning)(
      'value-not-taken',
      `Value requested for CONFIG_${r.symbol} not in final .config`,
      {
        notes: [
          `Requested value: ${formatAssignment(r.symbol, r.requested)} (${r.fragment}:${r.line})`,
          `Actual value:    ${formatAssignment(r.symbol, r.actual)}`,
          ...(r.reason === undefined ? [] : [`Reason:          ${r.reason.message}`]),
        ],
        fix:
          r.reason === undefined
            ? `check the dependencies of ${r.symbol} (e.g. make menuconfig, search for it)`
            : `satisfy what the reason names in a fragment, or drop the request for CONFIG_${r.symbol}`,
      },
    ),
  );
  diagnostics.push(...checkBootSafety(value, { initramfs: request.initramfs, root: request.root ?? {} }));

  const report: ConfigReport = {
    configFile: `${request.buildDir}/.config`,
    base: base.value.kind === 'target' ? `make ${base.value.target}` : `${base.value.origin} ${base.value.name}`,
    fragments,
    resolver: resolver.name,
    configSha256: sha256Text(text),
    requested,
    notTaken,
  };
  return hasErrors(diagnostics) ? fail(...diagnostics) : succeed(report, diagnostics);
}

function formatAssignment(symbol: string, value: string): string {
  return value === 'n' ? `# CONFIG_${symbol} is not set` : `CONFIG_${symbol}=${value}`;
}

async function chooseBase(
  request: ConfigStageRequest,
  env: Readonly<Record<string, string | undefined>>,
  options: { readonly logFile?: string; readonly signal?: AbortSignal },
): Promise<Outcome<ConfigBase>> {
  const file =
    request.savedconfig !== undefined
      ? { origin: 'savedconfig' as const, name: request.savedconfig }
      : request.distributionConfig !== undefined
        ? { origin: 'distribution' as const, name: request.distributionConfig }
        : undefined;
  if (file !== undefined) {
    const text = await readConfigFile(file.name, env, options);
    if (!text.ok) return text;
    return succeed({ kind: 'config', ...file, text: text.value });
  }
  if (request.defconfig !== undefined) return succeed({ kind: 'target', target: request.defconfig });
  return fail(error('no-config', 'no kernel configuration to start from', { fix: NO_CONFIG_FIX }));
}

/** Reads a config, decompressing .gz in process and .xz/.zst with the usual tools. */
async function readConfigFile(
  path: string,
  env: Readonly<Record<string, string | undefined>>,
  options: { readonly logFile?: string; readonly signal?: AbortSignal },
): Promise<Outcome<string>> {
  const unreadable = () => fail<string>(error('file-unreadable', `cannot read config ${path}`));
  if (path.endsWith('.xz') || path.endsWith('.zst')) {
    const tool = path.endsWith('.xz') ? 'xz' : 'zstd';
    // Not logged: the log would get a whole distribution config.
    const result = await run(tool, ['-dc', path], {
      env,
      capture: true,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    if (result.failed)
      return fail(commandDiagnostic('file-unreadable', result, { message: `cannot decompress ${path}` }));
    return succeed(`${result.stdout}\n`);
  }
  const data = await readFile(path).catch(() => undefined);
  if (data === undefined) return unreadable();
  if (!path.endsWith('.gz')) return succeed(data.toString('utf8'));
  try {
    return succeed(gunzipSync(data).toString('utf8'));
  } catch {
    return unreadable();
  }
}
