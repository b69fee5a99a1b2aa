/**
 * Chevrotain, loaded from the one-file bundle the package ships (lib/chevrotain.mjs) rather than from its
 * `exports` entry (lib/src/api.js), which pulls in some 700 modules of Chevrotain and lodash-es: resolving and
 * linking those cost more than a whole kernel tree's parse. The bundle is the same release built by Chevrotain
 * itself; when a layout lacks it, the package entry is used. Every module of this package takes Chevrotain from
 * here, so token types and lexers always come from one copy.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

type ChevrotainModule = typeof import('chevrotain');

async function loadChevrotain(): Promise<ChevrotainModule> {
  try {
    const entry = createRequire(import.meta.url).resolve('chevrotain');
    const bundle = join(dirname(entry), '..', 'chevrotain.mjs');
    if (existsSync(bundle)) return (await import(pathToFileURL(bundle).href)) as ChevrotainModule;
  } catch {
    // No resolvable entry here (an unusual install): the package import below reports the real problem.
  }
  return import('chevrotain');
}

const chevrotain = await loadChevrotain();

export const { createToken, EmbeddedActionsParser, EOF, Lexer, tokenMatcher } = chevrotain;
export type EmbeddedActionsParser = import('chevrotain').EmbeddedActionsParser;
export type Lexer = import('chevrotain').Lexer;
export type { CustomPatternMatcherReturn, IOrAlt, IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
