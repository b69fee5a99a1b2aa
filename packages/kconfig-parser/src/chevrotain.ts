/**
 * Chevrotain, loaded on first use, from the one-file bundle the package ships (lib/chevrotain.mjs) rather than
 * from its `exports` entry (lib/src/api.js), which pulls in some 700 modules of Chevrotain and lodash-es:
 * resolving and linking those cost more than a whole kernel tree's parse. The bundle is the same release built
 * by Chevrotain itself; when a layout lacks it, the package entry is used.
 *
 * On first use, not at import: the fast path (parser/fast-lines.ts) reads the lines of a kernel tree without
 * the lexer or the grammar, and loading Chevrotain and building the token types and the parser would cost
 * every process some 60 ms for nothing. `require` of an ES module is synchronous, as the parser is (hence the
 * package's engines: Node 20.19 or later, 22.13 or later in the 22 line, where it needs no flag and prints no
 * warning). Every module of this package takes Chevrotain from here, so token types and lexers always
 * come from one copy.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ChevrotainModule = typeof import('chevrotain');

let loaded: ChevrotainModule | undefined;

export function chevrotain(): ChevrotainModule {
  loaded ??= loadChevrotain();
  return loaded;
}

/** Whether Chevrotain has been loaded in this process (the tests check the fast path does without it). */
export function chevrotainLoaded(): boolean {
  return loaded !== undefined;
}

function loadChevrotain(): ChevrotainModule {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('chevrotain');
  const bundle = join(dirname(entry), '..', 'chevrotain.mjs');
  return (existsSync(bundle) ? require(bundle) : require('chevrotain')) as ChevrotainModule;
}

export type EmbeddedActionsParser = import('chevrotain').EmbeddedActionsParser;
export type Lexer = import('chevrotain').Lexer;
export type { CustomPatternMatcherReturn, IOrAlt, IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
