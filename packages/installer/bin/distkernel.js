#!/usr/bin/env node
// Thin launcher: the CLI lives in the library (src/cli), compiled to dist by `npm run build` (run by npm ci's prepare).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
