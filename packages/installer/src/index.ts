/**
 * @kconfig-solve/installer: a distribution kernel from a solved config to an installed, bootable kernel,
 * through a setup-independent interim tree (GLEP 26 stages: configure, build, initramfs; then install).
 * Every function returns an Outcome (value + diagnostics) and never throws on bad input or a failed tool.
 */
export { type BootFiles, locateInstalledKernel } from './boot-test/locate.js';
export type { BootTestReport, BootTestRequest } from './boot-test/qemu.js';
export { bootTest } from './boot-test/qemu.js';
export { makeRootImage } from './boot-test/root-image.js';
export type { BuildReport, BuildRequest } from './build/build.js';
export { buildKernel } from './build/build.js';
export type { MakeSettings, Toolchain } from './build/make.js';
export type { BuildProgress } from './build/progress.js';
export { progressPrinter } from './build/progress.js';
export { configValues, type DotConfig, readDotConfig } from './config/dotconfig.js';
export { kernelToolsResolver } from './config/kernel-tools.js';
export type { ConfigBase, ConfigRequest, ConfigResolution, ConfigResolver, RequestedValue } from './config/resolver.js';
export { checkBootSafety, type RootSpec } from './config/safety.js';
export { solverResolver } from './config/solver.js';
export { type ConfigReport, type ConfigStageRequest, configureKernel } from './config/stage.js';
export {
  formatInstallerDiagnostic,
  type InstallerCode,
  type InstallerDiagnostic,
  type Outcome,
} from './diagnostics.js';
export type { InitramfsPlugin, InitramfsRequest } from './initramfs/plugin.js';
export { generateInitramfs, type InitramfsReport, type InitramfsStageRequest } from './initramfs/stage.js';
export { type InstallReport, type InstallRequest, installKernel } from './install/install.js';
export { type Interim, type InterimManifest, readInterim } from './interim/manifest.js';
export type { KernelArtifacts, LayoutContext, LayoutPlugin } from './layout/plugin.js';
export { LAYOUTS } from './layout/registry.js';
export { createPackage, type PackageReport, type PackageRequest } from './package/package.js';
export { type CommandResult, type RunOptions, run } from './process/run.js';
export { listInstalledKernels, type RemoveReport, type RemoveRequest, removeKernels } from './remove/remove.js';
