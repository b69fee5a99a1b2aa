/**
 * @kconfig-solve/solver: evaluation identical to scripts/kconfig, .config reading and writing, conf's modes,
 * and the kconfig-solve CLI (a thin layer over this library).
 *
 * Layers: eval/ (dependency model, tristate algebra, values) -> config/ (.config in and out) -> conf/ (modes).
 */
export { main } from './cli/main.js';
export { type Environment, kernelEnvironment, kernelVersion, srcArchOf } from './environment.js';
export { type ConfMode, type ConfRunOptions, type ConfRunResult, runConfMode } from './conf/modes.js';
export {
  type ConfigWarning,
  type ConfigWarningCode,
  formatConfigWarning,
  type ReadOptions,
  type ReadResult,
  readConfig,
} from './config/read.js';
export {
  escapeString,
  formatConfig,
  formatDefconfig,
  formatSymbol,
  type SaveResult,
  saveConfigFile,
  type WriteOptions,
} from './config/write.js';
export {
  type ChoiceDeps,
  DependencyModel,
  type KconfigRules,
  type PropertyWarning,
  propertyWarnings,
  type SymbolDeps,
} from './eval/dependencies.js';
export {
  detectRules,
  Evaluation,
  type EvaluationOptions,
  rulesForVersion,
  type SymbolState,
} from './eval/evaluation.js';
export { type DepExpr, formatExpr, type Operand } from './eval/expr.js';
export { dependencyLoopReport } from './eval/loops.js';
export { notTakenReason } from './eval/reason.js';
export { mod, no, type Tristate, tristateName, yes } from './eval/tristate.js';
export {
  type DecodedConfig,
  type Dotconfig,
  type DotconfigEntry,
  type DotconfigProblem,
  decodeConfigBytes,
  formatDotconfigProblem,
  parseDotconfig,
} from './dotconfig/parse.js';
export { type ConfigDiff, diffConfigs, formatDiffconfig } from './dotconfig/diff.js';
export {
  type CheckOutcome,
  type CheckResult,
  type CheckStatus,
  type ConfigCheck,
  formatLinuxInfo,
  formatMoby,
  isPresent,
  parseConfigCheck,
  runConfigChecks,
} from './requirements/config-check.js';
export {
  type CheckPiece,
  type Condition,
  type ConditionAtom,
  compatible,
  extractConfigChecks,
  kernelGateHolds,
} from './requirements/ebuild.js';
export { Reachability, type TristateSet } from './requirements/reachability.js';
export { type LintCode, type LintFinding, LintTree, type LintTreeOptions, lintEbuild } from './requirements/lint.js';
export {
  type AnswerSource,
  parseAnswerScript,
  type Question,
  scriptedAnswers,
  streamAnswers,
  textAnswers,
} from './conf/answers.js';
export {
  autoconfNames,
  formatAutoconf,
  formatAutoconfCmd,
  formatAutoheader,
  formatRustcCfg,
  writeAutoconf,
} from './config/autoconf.js';
export { createShellCache, shellCacheFile, toolWords } from './shell/cache.js';
