// Linux 6.1: every arch/*/configs/*defconfig through defconfig and savedefconfig, against conf (see defconfig-suite.ts).
import { defineDefconfigSuite } from './defconfig-suite.js';

await defineDefconfigSuite('6.1');
