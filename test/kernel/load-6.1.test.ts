// Linux 6.1: every SRCARCH loads with no error and defines every symbol conf writes (see load-suite.ts).
import { defineLoadSuite } from './load-suite.js';

await defineLoadSuite('6.1');
