/**
 * Command line over test/support/kernel-trees.ts: prepare kernel trees, show the environment conf gets and
 * produce (cached) oracle outputs by hand. Run with `npx tsx scripts/kernel-tree.ts <command>`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  cacheDir,
  confConfig,
  confEnvironment,
  createLimiter,
  ensureConf,
  ensureKernelTree,
  KERNEL_VERSIONS,
  type KernelVersion,
  srcArches,
} from '../test/support/kernel-trees.js';

const usage = `Usage: npx tsx scripts/kernel-tree.ts <command> [options]

Commands:
  fetch [VERSION...]                 extract the trees and build conf (default: ${KERNEL_VERSIONS.join(' ')})
  arches VERSION                     list every SRCARCH and the make variables used for it
  env VERSION ARCH [--json]          the environment make gives conf (shell assignments; --json: everything)
  oracle VERSION ARCH TARGET         run 'make ARCH=ARCH TARGET' with the real conf and print the .config
         [--input FILE] [--seed N]   (--input: the .config to start from; --seed: KCONFIG_SEED)
         [--json]                    print the whole result instead (conf's stdout, stderr, argv, env...)
  warm [VERSION...] [--targets T,..] fill the oracle cache for every arch: conf's environment and the targets
                                     (default: allnoconfig,allyesconfig)
  cache                              print the cache directory (KCONFIG_SOLVE_CACHE overrides it)

Versions: ${KERNEL_VERSIONS.join(', ')}. ARCH: a directory under arch/, or an ARCH alias such as x86_64.
`;

function version(text: string | undefined): KernelVersion {
  const found = KERNEL_VERSIONS.find((v) => v === text);
  if (found === undefined) throw new UsageError(`unknown kernel version ${text ?? '(none)'}`);
  return found;
}

class UsageError extends Error {}

const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      input: { type: 'string' },
      seed: { type: 'string' },
      targets: { type: 'string', default: 'allnoconfig,allyesconfig' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(usage);
    return command === undefined && !values.help ? 2 : 0;
  }
  switch (command) {
    case 'cache':
      console.log(cacheDir());
      return 0;
    case 'fetch': {
      for (const v of rest.length > 0 ? rest.map(version) : KERNEL_VERSIONS) {
        const started = performance.now();
        const src = await ensureKernelTree(v);
        const conf = await ensureConf(v);
        console.log(`${v}: ${src}\n  conf: ${conf} (${Math.round(performance.now() - started)} ms)`);
      }
      return 0;
    }
    case 'arches': {
      for (const a of srcArches(await ensureKernelTree(version(rest[0])))) {
        const vars = Object.entries(a.makeVariables).map(([k, v]) => `${k}=${v}`);
        console.log(`${a.srcArch.padEnd(12)} ${vars.join(' ')}`);
      }
      return 0;
    }
    case 'env': {
      const [v, arch] = rest;
      if (arch === undefined) throw new UsageError('env needs VERSION and ARCH');
      const environment = await confEnvironment(version(v), arch);
      if (values.json) {
        console.log(JSON.stringify(environment, null, 2));
        return 0;
      }
      console.log(`# conf runs in ${environment.cwd} as: conf ${environment.argv.join(' ')}`);
      for (const [name, value] of Object.entries(environment.exported).sort(([a], [b]) => a.localeCompare(b))) {
        console.log(`${name}=${shellQuote(value)}`);
      }
      return 0;
    }
    case 'oracle': {
      const [v, arch, target] = rest;
      if (target === undefined) throw new UsageError('oracle needs VERSION, ARCH and TARGET');
      const result = await confConfig(version(v), arch as string, target, {
        ...(values.input !== undefined ? { input: readFileSync(values.input, 'utf8') } : {}),
        ...(values.seed !== undefined ? { seed: values.seed } : {}),
      });
      if (values.json) {
        console.log(JSON.stringify(result, null, 2));
      } else {
        process.stdout.write(result.defconfig ?? result.config);
        process.stderr.write(result.stderr);
        process.stderr.write(
          `# ${result.cached ? 'cached' : `${result.durationMs} ms`}, exit code ${result.exitCode}\n`,
        );
      }
      return result.exitCode;
    }
    case 'warm': {
      const targets = (values.targets ?? '').split(',').filter((t) => t !== '');
      const limit = createLimiter();
      const started = performance.now();
      const jobs: Promise<void>[] = [];
      let failures = 0;
      for (const v of rest.length > 0 ? rest.map(version) : KERNEL_VERSIONS) {
        for (const { srcArch } of srcArches(await ensureKernelTree(v))) {
          jobs.push(limit(() => confEnvironment(v, srcArch)).then(() => undefined));
          for (const target of targets) {
            const job = limit(() => confConfig(v, srcArch, target)).then((r) => {
              if (r.exitCode !== 0) failures++;
              const how = r.cached ? 'cached' : `${r.durationMs} ms`;
              console.log(`${v} ${srcArch} ${target}: exit ${r.exitCode}, ${how}${r.stderr ? `\n${r.stderr}` : ''}`);
            });
            jobs.push(job);
          }
        }
      }
      await Promise.all(jobs);
      console.log(`${jobs.length} jobs in ${Math.round(performance.now() - started)} ms, ${failures} failed`);
      return failures > 0 ? 1 : 0;
    }
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`kernel-tree: ${error.message}\n\n${usage}`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`kernel-tree: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
