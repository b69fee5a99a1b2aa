/**
 * @kconfig-solve/solver: evaluation identical to scripts/kconfig, fragments, requirements, and the
 * kconfig-solve CLI (a thin layer over this library).
 */
export { main } from './cli/main.js';
