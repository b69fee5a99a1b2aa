/**
 * @kconfig-solve/solver: evaluation identical to scripts/kconfig, .config reading and writing, conf's modes,
 * and the kconfig-solve CLI (a thin layer over this library).
 *
 * Layers: eval/ (dependency model, tristate algebra, values) -> config/ (.config in and out) -> conf/ (modes).
 */
export { main } from './cli/main.js';
export { type Environment, kernelEnvironment, kernelVersion, srcArchOf } from './environment.js';
export {
  type ConfMode,
  type ConfRunOptions,
  type ConfRunResult,
  runConfMode,
  startTouchAheadFor,
} from './conf/modes.js';
export type { TouchAhead } from './config/touch-ahead.js';
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
export { type NotTakenKind, type NotTakenReason, notTakenReason, type ReasonTerm } from './eval/reason.js';
export {
  assignedSymbols,
  type FragmentText,
  type MergedConfig,
  type MergeEvent,
  type MergeOptions,
  type MergeStep,
  mergeFragments,
} from './fragments/merge.js';
export { formatMergeLog, type MergeLogOptions } from './fragments/messages.js';
export {
  type ConfigValues,
  configValues,
  fragmentLines,
  lineAssignment,
  type RequestedOptions,
  type RequestedValue,
  requestedValues,
  type ScriptMismatch,
  scriptCheck,
} from './fragments/requested.js';
export {
  configDirFragments,
  type MergeResolution,
  type MergeRunOptions,
  type MergeRunResult,
  type NotTakenBlock,
  runMerge,
} from './fragments/run.js';
export { type SourceLine, type TextFile } from './fragments/shell-text.js';
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
export { createShellCache, shellCacheDirectory, toolWords } from './shell/cache.js';
export { closeMatches } from './eval/close-matches.js';
export { type ConfigInput, type ConfigReading, type ConfigTree, readAsOlddefconfig } from './explain/config.js';
export {
  type ConeEdge,
  type ConeEdgeKind,
  type ConeNode,
  type ConeOptions,
  type DependencyCone,
  dependencyCone,
} from './explain/cone.js';
export { formatDot, renderSvg, type SvgOutcome, svgFileFor } from './explain/dot.js';
export {
  type ChoiceInfo,
  type DefaultInfo,
  type ExplainOptions,
  type Explanation,
  explainSymbol,
  type RangeInfo,
  resolveSymbolName,
  type SymbolExplanation,
  type UnknownSymbol,
  unknownSymbol,
  type ValueOrigin,
} from './explain/explain.js';
export { formatExplanation } from './explain/format.js';
export { ConfigText, type ParsedSetArguments, parseSetArguments, type SetOperation } from './edit/scripts-config.js';
export { type OperationOutcome, type OperationStatus, type SetRequest, type SetResult, setConfig } from './edit/set.js';
export { type Assignment, type EnableWithOptions, type EnableWithResult, enableWith } from './derive/enable-with.js';
export {
  deriveRequirements,
  type RequiredSetting,
  type RequirementsResult,
  type UnmetCheck,
} from './derive/requirements.js';
export { formatAssignment } from './derive/search.js';
