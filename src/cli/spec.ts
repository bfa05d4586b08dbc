/**
 * The CLI's commands and options as data: parsing, validation, help texts, the README's table and the error
 * messages all come from this table, so a new command or flag is one entry here plus its runner. Runners are
 * loaded on demand, so `--help` (and a usage error) never loads the database driver.
 */

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** Placeholder for the value in help texts (`--out DIR`). */
  value?: string;
  description: string;
  /** The only values accepted; errors name them. */
  choices?: readonly string[];
  default?: string;
  required?: boolean;
}

export interface PositionalSpec {
  name: string;
  description: string;
}

/** How a command treats the database file it is pointed at. */
export type DatabaseUse =
  /** Creates the file when there is none (and says so). */
  | 'creates'
  /** Refuses a path where there is no ADR Assistant database. */
  | 'existing';

export interface CommandContext {
  /** Parsed options: strings (trimmed, never empty) and booleans, validated against the command's spec. */
  options: Record<string, string | boolean | undefined>;
  positionals: string[];
  databasePath: string;
  /** `--database-url`, else DATABASE_URL: a PostgreSQL database (ADR-013); undefined for SQLite. */
  databaseUrl: string | undefined;
  io: CliIo;
}

/** An exit code: 0 done, 1 the command could not do what was asked (it says why), 2 the command line is wrong. */
export type ExitCode = 0 | 1 | 2;

export type CommandRunner = (context: CommandContext) => ExitCode | Promise<ExitCode>;

export interface CommandSpec {
  name: string;
  summary: string;
  options: Record<string, OptionSpec>;
  positionals: PositionalSpec[];
  database: DatabaseUse;
  /** The engines the command works on; SQLite only when absent. A PostgreSQL URL is refused by the others. */
  engines?: readonly ('sqlite' | 'postgres')[];
  /** Why a SQLite-only command is, said when it is pointed at PostgreSQL. */
  sqliteOnly?: string;
  /** What exit code 1 means for this command, beyond "no database" and file errors. */
  failsWhen?: string;
  examples: string[];
  load: () => Promise<CommandRunner>;
}

export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: CommandSpec,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure the user can act on, reported in plain words with exit code 1 (no stack trace). */
export class CliFailure extends Error {
  override name = 'CliFailure';
}

export const PROGRAM = 'adr-assistant';

/** Options every command takes. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  db: {
    type: 'string',
    value: 'PATH',
    description: 'SQLite database file (default: DATABASE_PATH, else ./data/adr.sqlite)',
  },
  'database-url': {
    type: 'string',
    value: 'URL',
    description: 'PostgreSQL database, postgres://… (default: DATABASE_URL)',
  },
  help: { type: 'boolean', description: 'show this command’s help and exit (runs nothing)' },
};

export const DEFAULT_DATABASE_PATH = './data/adr.sqlite';

/** The database a command works on: `--db`, else DATABASE_PATH, else the default (as the app resolves it). */
export function databasePathOf(options: CommandContext['options'], env: NodeJS.ProcessEnv): string {
  const fromOption = options.db;
  if (typeof fromOption === 'string') return fromOption;
  const fromEnv = env.DATABASE_PATH?.trim();
  return fromEnv ? fromEnv : DEFAULT_DATABASE_PATH;
}

/** The PostgreSQL database a command works on: `--database-url`, else DATABASE_URL, else none (SQLite). */
export function databaseUrlOf(options: CommandContext['options'], env: NodeJS.ProcessEnv): string | undefined {
  const fromOption = options['database-url'];
  if (typeof fromOption === 'string') return fromOption;
  const fromEnv = env.DATABASE_URL?.trim();
  return fromEnv ? fromEnv : undefined;
}

interface ParsedCommandLine {
  command: CommandSpec;
  options: CommandContext['options'];
  positionals: string[];
}

/** Parses `argv` (after the command name) against the command's spec; throws UsageError naming valid values. */
export function parseCommandLine(command: CommandSpec, argv: string[]): ParsedCommandLine {
  const specs: Record<string, OptionSpec> = { ...command.options, ...GLOBAL_OPTIONS };
  const options: CommandContext['options'] = {};
  const positionals: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const body = arg.startsWith('--') ? arg.slice(2) : arg.slice(1);
    const equals = body.indexOf('=');
    const name = equals === -1 ? body : body.slice(0, equals);
    if (name === 'h' && !arg.startsWith('--')) {
      options.help = true;
      continue;
    }
    const spec = specs[name];
    if (!spec || !arg.startsWith('--')) {
      const valid = Object.keys(specs).map((option) => `--${option}`);
      throw new UsageError(
        `Unknown option ${arg.split('=')[0]}${suggestion(name, Object.keys(specs), '--')}. ${command.name} takes ${valid.join(', ')}.`,
        command,
      );
    }
    if (spec.type === 'boolean') {
      if (equals !== -1) throw new UsageError(`--${name} takes no value.`, command);
      options[name] = true;
      continue;
    }
    const raw = equals === -1 ? argv[index + 1] : body.slice(equals + 1);
    if (raw === undefined || (equals === -1 && raw.startsWith('--'))) {
      throw new UsageError(`--${name} needs a value: --${name} ${valueHint(spec)}.`, command);
    }
    if (equals === -1) index++;
    const value = raw.trim();
    if (value === '') throw new UsageError(`--${name} needs a value: --${name} ${valueHint(spec)}.`, command);
    if (spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(
        `--${name} ${value} is not one of the valid values: ${spec.choices.join(', ')}${suggestion(value, spec.choices, '')}.`,
        command,
      );
    }
    options[name] = value;
  }
  if (options.help === true) return { command, options, positionals };
  for (const [name, spec] of Object.entries(command.options)) {
    if (options[name] === undefined && spec.default !== undefined) options[name] = spec.default;
    if (spec.required && options[name] === undefined) {
      throw new UsageError(`${command.name} needs --${name} ${valueHint(spec)} (${spec.description}).`, command);
    }
  }
  const expected = command.positionals;
  if (positionals.length < expected.length) {
    const missing = expected[positionals.length];
    throw new UsageError(`${command.name} needs ${missing?.name} (${missing?.description}).`, command);
  }
  if (positionals.length > expected.length) {
    const extra = positionals.slice(expected.length).map((value) => `"${value}"`);
    throw new UsageError(
      expected.length === 0
        ? `${command.name} takes no arguments besides its options (got ${extra.join(', ')}).`
        : `${command.name} takes ${expected.map((p) => p.name).join(' ')} only (also got ${extra.join(', ')}).`,
      command,
    );
  }
  return { command, options, positionals };
}

function valueHint(spec: OptionSpec): string {
  return spec.choices ? spec.choices.join('|') : (spec.value ?? 'VALUE');
}

/** ` (did you mean --out?)` when one valid name is close to what was typed. */
export function suggestion(typed: string, valid: readonly string[], prefix: string): string {
  let best: { name: string; distance: number } | undefined;
  for (const name of valid) {
    const distance = editDistance(typed.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  if (!best || best.distance > Math.max(1, Math.floor(best.name.length / 3))) return '';
  return ` (did you mean ${prefix}${best.name}?)`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function optionUsage(name: string, spec: OptionSpec): string {
  const flag = spec.type === 'boolean' ? `--${name}` : `--${name} ${valueHint(spec)}`;
  return spec.required ? flag : `[${flag}]`;
}

/** `export --team T --out DIR [--format seed|madr]` */
export function synopsis(command: CommandSpec): string {
  return [
    command.name,
    ...Object.entries(command.options).map(([name, spec]) => optionUsage(name, spec)),
    ...command.positionals.map((positional) => positional.name),
  ].join(' ');
}

export function commandHelp(command: CommandSpec): string {
  const rows = [
    ...command.positionals.map((positional) => [positional.name, positional.description] as const),
    ...Object.entries({ ...command.options, ...globalOptionsOf(command) }).map(([name, spec]) => {
      const flag = spec.type === 'boolean' ? `--${name}` : `--${name} ${valueHint(spec)}`;
      const extra = spec.default !== undefined ? ` (default: ${spec.default})` : '';
      return [flag, `${spec.description}${extra}`] as const;
    }),
  ];
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  const exitCodes = [
    '  0  done',
    `  1  ${command.failsWhen ? `${command.failsWhen}; ` : ''}${
      command.database === 'existing' ? 'no ADR Assistant database at the path; ' : ''
    }a file or folder that cannot be read or written`,
    '  2  the command line is wrong (the message names the valid values)',
  ];
  return [
    `Usage: ${PROGRAM} ${synopsis(command)}`,
    '',
    command.summary,
    '',
    'Options:',
    ...rows.map(([flag, description]) => `  ${flag.padEnd(width)}${description}`),
    '',
    'Exit codes:',
    ...exitCodes,
    '',
    'Examples:',
    ...command.examples.map((example) => `  ${PROGRAM} ${example}`),
  ].join('\n');
}

/** The options every command takes, but `--database-url` for a command that works on SQLite only. */
function globalOptionsOf(command: CommandSpec): Record<string, OptionSpec> {
  if (worksOnPostgres(command)) return GLOBAL_OPTIONS;
  const { 'database-url': _sqliteOnly, ...rest } = GLOBAL_OPTIONS;
  return rest;
}

export function worksOnPostgres(command: CommandSpec): boolean {
  return (command.engines ?? ['sqlite']).includes('postgres');
}

export function programHelp(commands: readonly CommandSpec[]): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  const onPostgres = commands.filter(worksOnPostgres).map((command) => command.name);
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    '',
    'Options of every command:',
    ...Object.entries(GLOBAL_OPTIONS).map(
      ([name, spec]) =>
        `  ${`--${name}${spec.value ? ` ${spec.value}` : ''}`.padEnd(width + 8)}${spec.description}${
          name === 'database-url' ? `: ${onPostgres.join(', ')}` : ''
        }`,
    ),
    '',
    `Run \`${PROGRAM} <command> --help\` for a command's options, examples and exit codes.`,
    'Exit codes: 0 done, 1 the command could not do what was asked (it says why), 2 the command line is wrong.',
  ].join('\n');
}
