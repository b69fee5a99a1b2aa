/**
 * `kconfig-solve check [--config FILE] [--style linux-info|moby] [--messages FILE] [--json] 'FOO !BAR ~BAZ'`:
 * Gentoo's CONFIG_CHECK against a .config or a gzip'd config (/proc/config.gz), printed the way linux-info
 * (or moby's check-config.sh) prints it. Exit 1 only when a fatal check fails or the config cannot be read.
 */
import { parseCommandLine } from '../output.js';
import { existsSync, readFileSync } from 'node:fs';
import { decodeConfigBytes, type Dotconfig, formatDotconfigProblem, parseDotconfig } from '../../dotconfig/parse.js';
import { formatLinuxInfo, formatMoby, parseConfigCheck, runConfigChecks } from '../../requirements/config-check.js';
import type { Environment } from '../../environment.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io, printJson } from '../output.js';

export const checkHelp = `Usage: kconfig-solve check [options] 'FOO !BAR ~BAZ ~!QUX' [MORE WORDS...]

Runs Gentoo's CONFIG_CHECK (linux-info.eclass) against a kernel config:
  FOO     FOO must be y or m (fatal)
  !BAR    BAR must not be y or m (fatal)
  ~BAZ    BAZ should be y or m (warning only); ~!QUX likewise for "not set"
Messages for failed checks come from ERROR_FOO, FOO_ERROR and (for ~ checks) WARNING_FOO in the environment
or in --messages. Exits 1 when a fatal check fails or the config cannot be read, 0 otherwise.

Options:
  --config FILE       the config to check, plain or gzip'd (default: .config, else /proc/config.gz)
  --style STYLE       "linux-info" (default) or "moby" (contrib/check-config.sh: enabled / missing)
  --messages FILE     KEY=value lines (ERROR_FOO="...") added to the environment's messages
  --json              print { config, checks: [{ word, symbol, status, value, message }], ... }
  -h, --help          show this help
`;

const DEFAULT_CONFIGS = ['.config', '/proc/config.gz'];

export function runCheck(argv: readonly string[], io: Io, env: Environment = process.env): number {
  const parsed = parseCommandLine(
    'check',
    argv,
    {
      config: { type: 'string' },
      style: { type: 'string', default: 'linux-info' },
      messages: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    checkHelp,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.style !== 'linux-info' && values.style !== 'moby') {
    io.stderr(`kconfig-solve check: --style takes "linux-info" or "moby", not "${values.style}"\n`);
    return EXIT_USAGE;
  }
  if (positionals.length === 0) {
    io.stderr(`kconfig-solve check: no CONFIG_CHECK words given\n${checkHelp}`);
    return EXIT_USAGE;
  }
  const { checks, problems } = parseConfigCheck(positionals.join(' '));
  for (const p of problems) io.stderr(`kconfig-solve check: ${p.message}\n`);
  if (problems.length > 0) return EXIT_USAGE;

  const messages: Record<string, string | undefined> = { ...env };
  if (values.messages !== undefined) {
    const read = readMessages(values.messages);
    if (typeof read === 'string') {
      io.stderr(`${read}\n`);
      return EXIT_FAILURE;
    }
    Object.assign(messages, read);
  }

  const file = values.config ?? DEFAULT_CONFIGS.find((f) => existsSync(f));
  if (file === undefined) {
    io.stderr(`kconfig-solve check: no config found (tried ${DEFAULT_CONFIGS.join(', ')}); use --config FILE\n`);
    return EXIT_FAILURE;
  }
  const loaded = loadConfig(file);
  if (typeof loaded === 'string') {
    io.stderr(`${loaded}\n`);
    return EXIT_FAILURE;
  }
  const { config, gzip } = loaded;
  for (const p of config.problems) io.stderr(`${formatDotconfigProblem(p)}\n`);

  const outcome = runConfigChecks(checks, config, messages);
  const failed = outcome.hardErrors > 0 || config.problems.length > 0;
  if (values.json) {
    printJson(io, {
      config: file,
      gzip,
      ok: !failed,
      hardErrors: outcome.hardErrors,
      softErrors: outcome.softErrors,
      checks: outcome.results.map((r) => ({
        word: r.check.word,
        symbol: r.check.symbol,
        negate: r.check.negate,
        fatal: r.check.fatal,
        status: r.status,
        value: r.value,
        report: r.report ?? null,
        message: r.message ?? null,
      })),
      problems: config.problems,
    });
  } else io.stdout(values.style === 'moby' ? formatMoby(outcome) : formatLinuxInfo(outcome));
  return failed ? EXIT_FAILURE : EXIT_OK;
}

/** The config's entries, or the message saying why it cannot be read. */
function loadConfig(file: string): { config: Dotconfig; gzip: boolean } | string {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    return `${file}: error: cannot read the config: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  }
  const decoded = decodeConfigBytes(bytes, file);
  if (decoded.text === undefined) return decoded.problem ? formatDotconfigProblem(decoded.problem) : `${file}: error`;
  return { config: parseDotconfig(decoded.text, file), gzip: decoded.gzip };
}

/** `KEY=value` lines (value optionally quoted), `#` comments; anything else is an error at file:line. */
function readMessages(file: string): Record<string, string> | string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return `${file}: error: cannot read the messages: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  }
  const messages: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) return `${file}:${i + 1}: error: expected KEY=value: ${line}`;
    const value = match[2] as string;
    const quoted = /^(["'])(.*)\1$/.exec(value);
    messages[match[1] as string] = quoted ? (quoted[2] as string) : value;
  }
  return messages;
}
