// The installer's end-to-end test (issue 5): Debian's linux-source-6.12, config = x86_64 tinyconfig + boot.config
// (ext4 as a module), build on 2 cores, a dracut initramfs, installs into a traditional and a BLS root checked file
// by file, a qemu (TCG) boot of each: the initramfs loads ext4, mounts the root image and its init prints the
// marker. Then the binary package installs with `distkernel install` into a fresh root and boots too.
//
// The config is solved by our solver (the installer's default ConfigResolver: conf's modes from
// @kconfig-solve/solver, no kernel make), and checked byte for byte against the kernel's own tools
// (make tinyconfig, merge_config.sh -m, make olddefconfig).
//
// Every stage's time is printed at the end and written to .cache/e2e/timings.json.
// DISTKERNEL_E2E_KEEP_BUILD=1 reuses the previous build directory (faster, for development).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type BootTestReport,
  bootTest,
  type ConfigReport,
  buildKernel,
  configureKernel,
  createPackage,
  generateInitramfs,
  type InstallerDiagnostic,
  type InterimManifest,
  installKernel,
  kernelToolsResolver,
  locateInstalledKernel,
  makeRootImage,
  type Outcome,
  progressPrinter,
  readDotConfig,
  readInterim,
} from '@kconfig-solve/installer';
import { describe, expect, it } from 'vitest';
import { main } from '../../packages/installer/src/cli/main.js';
import { sha256File, walkTree } from '../../packages/installer/src/interim/files.js';
import { ensurePackages, kernelSourceTree, TOOL_PACKAGES } from './prerequisites.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CACHE = join(REPO, '.cache/e2e');
const WORK = join(CACHE, 'work');
const FRAGMENT = fileURLToPath(new URL('./boot.config', import.meta.url));
const LOCALVERSION = '-distkernel-e2e';
const MACHINE_ID = 'e2e0e2e0e2e0e2e0e2e0e2e0e2e0e2e0';
const MARKER = 'DISTKERNEL-E2E-BOOT-OK';
const JOBS = 2;
// The tiny kernel has no cgroups, which a systemd initramfs needs: use dracut's own shell init and udevd.
const DRACUT_ARGS = ['--omit', 'systemd systemd-initrd dracut-systemd'];
const ACCEL =
  process.env.DISTKERNEL_E2E_ACCEL === 'kvm' ? 'kvm' : process.env.DISTKERNEL_E2E_ACCEL === 'auto' ? 'auto' : 'tcg';
const ROOT_SPEC = { fsType: 'ext4', device: 'virtio_blk' };

const timings: { stage: string; seconds: number }[] = [];
async function timed<T>(stage: string, step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await step();
  } finally {
    timings.push({ stage, seconds: Math.round((performance.now() - started) / 100) / 10 });
  }
}

function value<T>(outcome: Outcome<T>): T {
  if (!outcome.ok)
    throw new Error(
      outcome.diagnostics.map((d: InstallerDiagnostic) => `${d.message}\n${(d.notes ?? []).join('\n')}`).join('\n'),
    );
  return outcome.value;
}

const state: {
  source?: string;
  config?: ConfigReport;
  version?: string;
  interim?: string;
  rootImage?: string;
  package?: string;
} = {};

function configRequest(buildDir: string) {
  return {
    sourceDir: state.source ?? '',
    buildDir,
    arch: 'x86_64',
    localVersion: LOCALVERSION,
    defconfig: 'tinyconfig',
    fragments: [FRAGMENT],
    initramfs: true,
    root: ROOT_SPEC,
    strict: true,
  };
}

async function freshRoot(name: string): Promise<string> {
  const root = join(WORK, name);
  await mkdir(join(root, 'etc'), { recursive: true });
  await writeFile(join(root, 'etc/machine-id'), `${MACHINE_ID}\n`);
  await writeFile(join(root, 'etc/os-release'), 'PRETTY_NAME="distkernel e2e"\nID=e2e\n');
  return root;
}

/** Files compare by checksum: toEqual on multi-megabyte Buffers walks them byte by byte, for minutes. */
function sha(path: string): Promise<string> {
  return sha256File(path);
}

/** path -> sha256 of every regular file, and link targets, under dir: two trees compare equal file by file. */
async function treeContents(dir: string): Promise<Record<string, string>> {
  const contents: Record<string, string> = {};
  for (const entry of await walkTree(dir)) {
    if (entry.type === 'file') contents[entry.path] = await sha256File(join(dir, entry.path));
    if (entry.type === 'symlink') contents[entry.path] = `-> ${entry.target}`;
  }
  return contents;
}

/** The same map for a subtree of the interim tree, from its manifest's checksums. */
function manifestContents(manifest: InterimManifest, subtree: string): Record<string, string> {
  const contents: Record<string, string> = {};
  const prefix = `${subtree}/`;
  for (const [path, sha] of Object.entries(manifest.files))
    if (path.startsWith(prefix)) contents[path.slice(prefix.length)] = sha;
  for (const [path, target] of Object.entries(manifest.links))
    if (path.startsWith(prefix)) contents[path.slice(prefix.length)] = `-> ${target}`;
  return contents;
}

async function bootRoot(root: string, name: string): Promise<BootTestReport> {
  const version = state.version ?? '';
  const files = value(await locateInstalledKernel(root, version));
  expect(files.initramfs).toBeDefined();
  const report = value(
    await bootTest({
      ...files,
      disk: state.rootImage ?? '',
      marker: MARKER,
      accel: ACCEL,
      timeoutMs: 300_000,
      consoleLog: join(WORK, `console-${name}.log`),
    }),
  );
  const console = await readFile(join(WORK, `console-${name}.log`), 'utf8');
  // ext4 is a module: it was loaded by the initramfs, which then mounted the root it lives on.
  expect(console).toContain('distkernel-init: module ext4');
  expect(console).toMatch(/EXT4-fs \(vda\): mounted filesystem/);
  expect(console).toContain(MARKER);
  expect(console).not.toContain('Kernel panic');
  return report;
}

describe('distkernel end to end: build, initramfs, install, boot', () => {
  it('has the tools and the kernel tree', async () => {
    await timed('prerequisites', async () => ensurePackages(TOOL_PACKAGES));
    state.source = await timed('extract linux-source-6.12', () => kernelSourceTree(CACHE));
    if (process.env.DISTKERNEL_E2E_KEEP_BUILD !== '1') await rm(WORK, { recursive: true, force: true });
    await mkdir(WORK, { recursive: true });
  });

  it('solves tinyconfig + boot.config with our solver, with every requested value taken', async () => {
    const report = value(
      await timed('config (solver)', () =>
        configureKernel({ ...configRequest(join(WORK, 'build')), logFile: join(WORK, 'config.log') }),
      ),
    );
    expect(report.resolver).toBe('solver');
    state.config = report;
    const assignments = (await readFile(FRAGMENT, 'utf8')).split('\n').filter((l) => l.startsWith('CONFIG_'));
    expect(report.requested).toHaveLength(assignments.length);
    expect(report.notTaken).toEqual([]);
    const config = readDotConfig(await readFile(join(WORK, 'build/.config'), 'utf8'));
    expect(config.get('MODULES')?.value).toBe('y');
    expect(config.get('EXT4_FS')?.value).toBe('m');
  });

  it('gives the .config the kernel tools give, byte for byte', async () => {
    const kernelTools = join(WORK, 'build-kernel-tools');
    const report = value(
      await timed('  compare: config (kernel tools)', () =>
        configureKernel({
          ...configRequest(kernelTools),
          resolver: kernelToolsResolver,
          logFile: join(WORK, 'config-kernel-tools.log'),
        }),
      ),
    );
    expect(report.resolver).toBe('kernel-tools');
    // latin1 maps every byte to one character: equal strings are equal bytes, and a difference shows as a diff.
    const ours = await readFile(join(WORK, 'build/.config'), 'latin1');
    expect(await readFile(join(kernelTools, '.config'), 'latin1')).toBe(ours);
    expect(report.configSha256).toBe(state.config?.configSha256);
    await rm(kernelTools, { recursive: true, force: true });
  });

  it('builds the kernel and modules into the interim tree', async () => {
    const report = value(
      await timed('build', () =>
        buildKernel({
          sourceDir: state.source ?? '',
          buildDir: join(WORK, 'build'),
          interimDir: join(WORK, 'interim'),
          arch: 'x86_64',
          localVersion: LOCALVERSION,
          jobs: JOBS,
          initramfs: true,
          root: ROOT_SPEC,
          expectedObjects: 1450,
          progress: progressPrinter(process.stderr),
        }),
      ),
    );
    for (const s of report.stages) timings.push({ stage: `  build: ${s.stage}`, seconds: Math.round(s.ms / 100) / 10 });
    expect(report.version).toMatch(new RegExp(`^6\\.12\\.\\d+${LOCALVERSION}$`));
    state.version = report.version;
    state.interim = report.interimDir;
    const modules = join(report.interimDir, `lib/modules/${report.version}`);
    expect(existsSync(join(modules, 'kernel/fs/ext4/ext4.ko'))).toBe(true);
    expect(await readFile(join(modules, 'modules.dep'), 'utf8')).toMatch(/^kernel\/fs\/ext4\/ext4\.ko: .*jbd2\.ko/m);
  });

  it('builds an external module against the interim headers tree', async () => {
    const dir = join(WORK, 'hello-module');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'Makefile'), 'obj-m := hello.o\n');
    await writeFile(
      join(dir, 'hello.c'),
      '#include <linux/module.h>\nstatic int __init hello_init(void) { return 0; }\nmodule_init(hello_init);\nMODULE_LICENSE("GPL");\n',
    );
    const headers = join(state.interim ?? '', `usr/src/linux-${state.version}`);
    await timed('external module', async () => {
      execFileSync('make', ['-C', headers, `M=${dir}`, 'ARCH=x86_64', 'modules'], { stdio: 'pipe' });
    });
    expect(existsSync(join(dir, 'hello.ko'))).toBe(true);
  });

  it('adds a generic dracut initramfs that carries the ext4 module', async () => {
    const report = value(
      await timed('initramfs (dracut)', () =>
        generateInitramfs({
          interimDir: state.interim ?? '',
          extraArgs: DRACUT_ARGS,
          logFile: join(WORK, 'dracut.log'),
        }),
      ),
    );
    const listing = execFileSync('lsinitrd', [report.initramfs ?? ''], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(listing).toMatch(new RegExp(`lib/modules/${state.version}/kernel/fs/ext4/ext4\\.ko`));
  });

  it('makes the root image', async () => {
    const dir = join(WORK, 'root-image');
    await mkdir(dir, { recursive: true });
    state.rootImage = value(
      await timed('root image', () => makeRootImage({ workDir: dir, output: join(dir, 'root.img'), marker: MARKER })),
    );
  });

  it('installs into a traditional root, file by file', async () => {
    const root = await freshRoot('root-traditional');
    const version = state.version ?? '';
    const interim = value(await readInterim(state.interim ?? ''));
    value(await timed('install traditional', () => installKernel({ from: interim.dir, root, layout: 'traditional' })));
    expect(await sha(join(root, `boot/vmlinuz-${version}`))).toEqual(await sha(interim.artifacts.image));
    expect(await sha(join(root, `boot/System.map-${version}`))).toEqual(await sha(interim.artifacts.systemMap));
    expect(await sha(join(root, `boot/config-${version}`))).toEqual(await sha(interim.artifacts.config));
    expect(await sha(join(root, `boot/initramfs-${version}.img`))).toEqual(
      await sha(interim.artifacts.initramfs ?? ''),
    );
    expect(await treeContents(join(root, `lib/modules/${version}`))).toEqual(
      manifestContents(interim.manifest, interim.manifest.modulesDir),
    );
    expect(await treeContents(join(root, `usr/src/linux-${version}`))).toEqual(
      manifestContents(interim.manifest, interim.manifest.buildDir),
    );
    expect((await walkTree(join(root, 'boot'))).map((e) => e.path)).toEqual([
      `System.map-${version}`,
      `config-${version}`,
      `initramfs-${version}.img`,
      `vmlinuz-${version}`,
    ]);
  });

  it('installs into a BLS root, file by file', async () => {
    const root = await freshRoot('root-bls');
    const version = state.version ?? '';
    const interim = value(await readInterim(state.interim ?? ''));
    value(
      await timed('install bls', () =>
        installKernel({
          from: interim.dir,
          root,
          layout: 'bls',
          cmdline: 'root=/dev/vda rootfstype=ext4 rw console=ttyS0',
        }),
      ),
    );
    expect(await sha(join(root, `boot/${MACHINE_ID}/${version}/linux`))).toEqual(await sha(interim.artifacts.image));
    expect(await sha(join(root, `boot/${MACHINE_ID}/${version}/initrd`))).toEqual(
      await sha(interim.artifacts.initramfs ?? ''),
    );
    expect(await readFile(join(root, `boot/loader/entries/${MACHINE_ID}-${version}.conf`), 'utf8')).toBe(
      [
        'title      distkernel e2e',
        `version    ${version}`,
        `machine-id ${MACHINE_ID}`,
        'sort-key   e2e',
        'options    root=/dev/vda rootfstype=ext4 rw console=ttyS0',
        `linux      /${MACHINE_ID}/${version}/linux`,
        `initrd     /${MACHINE_ID}/${version}/initrd`,
        '',
      ].join('\n'),
    );
    expect(await treeContents(join(root, `lib/modules/${version}`))).toEqual(
      manifestContents(interim.manifest, interim.manifest.modulesDir),
    );
    expect(await treeContents(join(root, `usr/src/linux-${version}`))).toEqual(
      manifestContents(interim.manifest, interim.manifest.buildDir),
    );
  });

  it('boots the traditional install under qemu', async () => {
    const report = await timed('boot traditional', () => bootRoot(join(WORK, 'root-traditional'), 'traditional'));
    expect(report).toMatchObject({ passed: true, verdict: 'marker' });
  });

  it('boots the BLS install under qemu', async () => {
    const report = await timed('boot bls', () => bootRoot(join(WORK, 'root-bls'), 'bls'));
    expect(report).toMatchObject({ passed: true, verdict: 'marker' });
  });

  it('packages the build, installs the package with `distkernel install` (dracut on the target) and boots it', async () => {
    const packaged = value(
      await timed('package', () =>
        createPackage({ interimDir: state.interim ?? '', output: join(WORK, 'kernel.tar.gz') }),
      ),
    );
    state.package = packaged.file;
    const root = await freshRoot('root-package');
    const status = await timed('install package (cli, dracut)', () =>
      main([
        'install',
        packaged.file,
        '--root',
        root,
        '--initramfs',
        'dracut',
        ...DRACUT_ARGS.map((a) => `--dracut-arg=${a}`),
        '--log',
        join(WORK, 'install-package.log'),
      ]),
    );
    expect(status).toBe(0);
    const version = state.version ?? '';
    expect(await sha(join(root, `boot/vmlinuz-${version}`))).toEqual(
      await sha(join(state.interim ?? '', 'boot/vmlinuz')),
    );
    const report = await timed('boot package', () => bootRoot(root, 'package'));
    expect(report).toMatchObject({ passed: true, verdict: 'marker' });
  });

  it('records the time of each stage', async () => {
    const total = timings.filter((t) => !t.stage.startsWith(' ')).reduce((sum, t) => sum + t.seconds, 0);
    const table = [...timings, { stage: 'total', seconds: Math.round(total * 10) / 10 }];
    await writeFile(join(CACHE, 'timings.json'), `${JSON.stringify(table, null, 2)}\n`);
    process.stdout.write(
      `\ndistkernel e2e timings (${JOBS} jobs, ${ACCEL}):\n${table.map((t) => `  ${t.stage.padEnd(34)} ${t.seconds.toFixed(1)} s`).join('\n')}\n`,
    );
    expect(total).toBeGreaterThan(0);
  });
});
