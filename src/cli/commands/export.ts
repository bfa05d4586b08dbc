import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AdrRepository } from '../../db/adr-repository.js';
import type { MarkdownProfile } from '../../domain/markdown/conventions.js';
import { ExportService } from '../../services/export-service.js';
import { databaseName, requireKnownWorkspace, withExistingDatabase } from '../database.js';
import { fileFailure, writeFileOver } from '../files.js';
import type { CommandRunner } from '../spec.js';

export const runExport: CommandRunner = async ({ options, databasePath, databaseUrl, io }) => {
  const team = String(options.team);
  const out = String(options.out);
  // Validated against MARKDOWN_PROFILES by the parser.
  const format = String(options.format) as MarkdownProfile;
  const files = await withExistingDatabase({ databasePath, databaseUrl }, { writes: false }, async (store) => {
    await requireKnownWorkspace(store, databaseName({ databasePath, databaseUrl }), team);
    return new ExportService(new AdrRepository(store)).all(team, { profile: format });
  });
  try {
    mkdirSync(out, { recursive: true });
  } catch (error) {
    throw fileFailure('The output folder', out, error);
  }
  for (const file of files) {
    const path = join(out, file.filename);
    try {
      writeFileOver(path, file.content);
    } catch (error) {
      throw fileFailure('The file', path, error);
    }
  }
  io.out(`Wrote ${files.length} ADR file(s) of workspace ${team} to ${out} (${format} format).`);
  return 0 as const;
};
