import { COMMANDS } from './commands.js';
import {
  CliFailure,
  type CliIo,
  type CommandSpec,
  commandHelp,
  databasePathOf,
  databaseUrlOf,
  type ExitCode,
  PROGRAM,
  parseCommandLine,
  programHelp,
  suggestion,
  UsageError,
  worksOnPostgres,
} from './spec.js';

export type { CliIo } from './spec.js';

/**
 * Runs one CLI command; resolves to the process exit code: 0 done, 1 the command could not do what was asked
 * (a plain sentence on stderr says why), 2 the command line is wrong (the message names the valid values).
 */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
  commands: readonly CommandSpec[] = COMMANDS,
): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io.out(programHelp(commands));
    return 0;
  }
  if (name === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      io.out(programHelp(commands));
      return 0;
    }
    const command = commands.find((candidate) => candidate.name === topic);
    if (!command) return usageError(new UsageError(unknownCommand(topic, commands)), commands, io);
    io.out(commandHelp(command));
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) return usageError(new UsageError(unknownCommand(name, commands)), commands, io);
  try {
    const { options, positionals } = parseCommandLine(command, rest);
    if (options.help === true) {
      io.out(commandHelp(command));
      return 0;
    }
    const databaseUrl = databaseUrlOf(options, env);
    if (databaseUrl !== undefined && !worksOnPostgres(command)) {
      const from = options['database-url'] === undefined ? 'DATABASE_URL is set' : '--database-url was given';
      throw new UsageError(
        `${command.name} works on a SQLite database (--db)${command.sqliteOnly ? `: ${command.sqliteOnly}` : ''}; ${from}: unset DATABASE_URL or drop --database-url.`,
        command,
      );
    }
    const run = await command.load();
    return await run({ options, positionals, databasePath: databasePathOf(options, env), databaseUrl, io });
  } catch (error) {
    if (error instanceof UsageError) return usageError(error, commands, io, command);
    if (error instanceof CliFailure) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }
}

function unknownCommand(name: string, commands: readonly CommandSpec[]): string {
  const names = commands.map((command) => command.name);
  return `Unknown command "${name}"${suggestion(name, names, '')}. Commands: ${names.join(', ')}.`;
}

function usageError(error: UsageError, commands: readonly CommandSpec[], io: CliIo, command?: CommandSpec): 2 {
  const about = error.command ?? command;
  io.err(
    about
      ? `${error.message}\nRun \`${PROGRAM} ${about.name} --help\` for its options.`
      : `${error.message}\n\n${programHelp(commands)}`,
  );
  return 2;
}
