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
export { mod, no, type Tristate, tristateName, yes } from './eval/tristate.js';
