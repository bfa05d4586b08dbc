import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AdrRepository } from '../../db/adr-repository.js';
import { formatAdrNumber } from '../../domain/adr-number.js';
import { ImportService } from '../../services/import-service.js';
import { databaseName, requireKnownWorkspace, withExistingDatabase } from '../database.js';
import { fileFailure } from '../files.js';
import { CliFailure, type CommandRunner } from '../spec.js';

const MARKDOWN = /\.(md|markdown)$/i;

export const runImport: CommandRunner = async ({ options, positionals, databasePath, databaseUrl, io }) => {
  const team = String(options.team);
  const dir = positionals[0] ?? '';
  const files = readFolder(dir);
  return await withExistingDatabase({ databasePath, databaseUrl }, { writes: true }, async (store) => {
    if (options['new-workspace'] !== true) {
      await requireKnownWorkspace(
        store,
        databaseName({ databasePath, databaseUrl }),
        team,
        ` To import into a new workspace ${team}, run again with --new-workspace.`,
      );
    }
    const report = await new ImportService(new AdrRepository(store), () => new Date()).import(team, files);
    for (const item of report.imported) {
      io.out(`imported  ${item.fileName} → ${formatAdrNumber(item.number)}${item.keptNumber ? '' : ' (new number)'}`);
    }
    for (const item of report.skipped) io.out(`skipped   ${item.fileName}: ${item.reason}`);
    for (const item of report.conflicts) io.err(`conflict  ${item.fileName}: ${item.reason}`);
    for (const item of report.warnings) io.out(`warning   ${item.fileName}: ${item.message}`);
    io.out(
      `${report.imported.length} imported, ${report.skipped.length} skipped, ${report.conflicts.length} conflict(s), ${report.warnings.length} warning(s).`,
    );
    return report.conflicts.length > 0 ? 1 : 0;
  });
};

function readFolder(dir: string): { fileName: string; text: string }[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) {
      throw new CliFailure(`${dir} is a file: import takes the folder that holds the ADR files.`);
    }
    names = readdirSync(dir);
  } catch (error) {
    if (error instanceof CliFailure) throw error;
    throw fileFailure('The folder', dir, error);
  }
  const markdown = names.filter((name) => MARKDOWN.test(name)).sort();
  if (markdown.length === 0) {
    throw new CliFailure(`The folder ${dir} has no Markdown files (.md, .markdown): nothing to import.`);
  }
  return markdown.map((fileName) => {
    const path = join(dir, fileName);
    try {
      return { fileName, text: readFileSync(path, 'utf8') };
    } catch (error) {
      throw fileFailure('The file', path, error);
    }
  });
}
