// Linux 6.1: conf's modes on every arch, against conf (see conf-modes-suite.ts).
import { defineConfModesSuite } from './conf-modes-suite.js';

await defineConfModesSuite('6.1');
