import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdrRepository } from '../../src/db/adr-repository.js';
import { migrate } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open.js';
import { ExportService } from '../../src/services/export-service.js';
import { ImportService } from '../../src/services/import-service.js';
import { ADR_SAMPLES_DIR } from './samples.js';
import { storeOf } from './stores.js';

export interface FolderFile {
  fileName: string;
  text: string;
}

/** Every fixture folder of real ADRs (test/fixtures/adr-folders/*), by name. */
export function fixtureFolders(): { name: string; files: FolderFile[] }[] {
  return readdirSync(ADR_SAMPLES_DIR)
    .filter((name) => statSync(join(ADR_SAMPLES_DIR, name)).isDirectory())
    .sort()
    .map((name) => ({ name, files: folderFiles(join(ADR_SAMPLES_DIR, name)) }));
}

export function folderFiles(dir: string): FolderFile[] {
  return readdirSync(dir)
    .filter((name) => /\.(md|markdown)$/i.test(name))
    .sort()
    .map((fileName) => ({ fileName, text: readFileSync(join(dir, fileName), 'utf8') }));
}

/** The day the tests import on: no imported ADR may carry it unless its file says so. */
export const IMPORT_DAY = new Date('2026-11-24T12:00:00Z');

/** A fresh database file with the repositories and services the import and export use. */
export function freshLog() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'adr-import-')), 'adr.sqlite'));
  migrate(db);
  const adrs = new AdrRepository(storeOf(db));
  return { db, adrs, importer: new ImportService(adrs, () => IMPORT_DAY), exporter: new ExportService(adrs) };
}
