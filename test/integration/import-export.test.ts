import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { AdrRepository } from '../../src/db/adr-repository.js';
import { migrate } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open.js';
import { ExportService } from '../../src/services/export-service.js';
import { ImportService } from '../../src/services/import-service.js';
import { ADR_SAMPLES_DIR } from '../support/samples.js';
import { storeOf } from '../support/stores.js';

const FOLDERS = ['madr', 'log4brains', 'log4brains-edge-cases'];

function folderFiles(dir: string) {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .map((fileName) => ({ fileName, text: readFileSync(join(dir, fileName), 'utf8') }));
}

function fresh() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'adr-import-')), 'adr.sqlite'));
  migrate(db);
  const adrs = new AdrRepository(storeOf(db));
  const now = () => new Date('2026-11-24T12:00:00Z');
  return { db, adrs, importer: new ImportService(adrs, now), exporter: new ExportService(adrs) };
}

const summary = async (adrs: AdrRepository, team: string) =>
  (await adrs.all(team)).map((adr) => ({
    title: adr.title,
    status: adr.status,
    date: adr.date,
    options: adr.options.map((o) => o.name),
    chosen: adr.chosenOption,
  }));

describe.each(FOLDERS)('importing %s', (folder) => {
  it('imports every decision, keeps numbers, and survives export → import in both profiles', async () => {
    const { adrs, importer, exporter } = fresh();
    const files = folderFiles(join(ADR_SAMPLES_DIR, folder));
    const report = await importer.import('T1', files);
    expect(report.conflicts).toEqual([]);
    expect(report.imported.length).toBeGreaterThan(5);
    for (const item of report.imported) {
      const prefix = /^(\d{4})-/.exec(item.fileName)?.[1];
      if (prefix && Number(prefix) >= 1) expect(item.number).toBe(Number(prefix));
    }
    const before = await summary(adrs, 'T1');

    for (const profile of ['seed', 'madr'] as const) {
      const team = `T_${profile}`;
      const exported = await exporter.all('T1', { profile });
      const again = await importer.import(
        team,
        exported.map((file) => ({ fileName: file.filename, text: file.content })),
      );
      expect(again.conflicts).toEqual([]);
      expect(await summary(adrs, team)).toEqual(before);
      expect((await adrs.all(team)).map((adr) => adr.number)).toEqual((await adrs.all('T1')).map((adr) => adr.number));
    }
  });

  it('is safe to run twice: the second run skips what is already there', async () => {
    const { importer } = fresh();
    const files = folderFiles(join(ADR_SAMPLES_DIR, folder));
    const first = await importer.import('T1', files);
    const second = await importer.import('T1', files);
    expect(second.imported).toEqual([]);
    expect(second.skipped.length).toBe(first.skipped.length + first.imported.length);
  });
});

/** A folder as adr-tools writes it (Michael Nygard's format), including a superseded decision. */
const ADR_TOOLS_FOLDER = [
  {
    fileName: '0001-record-architecture-decisions.md',
    text: "# 1. Record architecture decisions\n\nDate: 2016-02-12\n\n## Status\n\nAccepted\n\n## Context\n\nWe need to record the architectural decisions made on this project.\n\n## Decision\n\nWe will use Architecture Decision Records, as described by Michael Nygard.\n\n## Consequences\n\nSee Michael Nygard's article, linked above.\n",
  },
  {
    fileName: '0002-use-mysql.md',
    text: '# 2. Use MySQL\n\nDate: 2016-03-01\n\n## Status\n\nSuperseded by [3. Use PostgreSQL](0003-use-postgresql.md)\n\n## Context\n\nWe need a database.\n\n## Decision\n\nWe will use MySQL.\n\n## Consequences\n\nOperations know it.\n',
  },
  {
    fileName: '0003-use-postgresql.md',
    text: '# 3. Use PostgreSQL\n\nDate: 2017-05-04\n\n## Status\n\nAccepted\n\nSupersedes [2. Use MySQL](0002-use-mysql.md)\n\n## Context\n\nMySQL lacks features we need.\n\n## Decision\n\nWe will use PostgreSQL.\n\n## Consequences\n\nA migration is needed.\n',
  },
];

describe('importing an adr-tools folder', () => {
  it('keeps numbers, dates, statuses and the supersede link, and survives export → import', async () => {
    const { adrs, importer, exporter } = fresh();
    const report = await importer.import('T1', ADR_TOOLS_FOLDER);
    expect(report.imported.map((item) => item.number)).toEqual([1, 2, 3]);
    expect(await adrs.find('T1', 1)).toMatchObject({
      title: 'Record architecture decisions',
      status: 'accepted',
      date: '2016-02-12',
    });
    expect(await adrs.find('T1', 2)).toMatchObject({ status: 'superseded', supersededBy: 3 });
    expect((await adrs.find('T1', 3))?.supersedes).toEqual([2]);
    const before = await summary(adrs, 'T1');
    for (const profile of ['seed', 'madr'] as const) {
      const exported = await exporter.all('T1', { profile });
      await importer.import(
        `T_${profile}`,
        exported.map((file) => ({ fileName: file.filename, text: file.content })),
      );
      expect(await summary(adrs, `T_${profile}`)).toEqual(before);
      expect((await adrs.find(`T_${profile}`, 2))?.supersededBy).toBe(3);
    }
  });
});

describe('import conflicts and links', () => {
  it('reports a file whose number is taken by a different decision instead of overwriting it', async () => {
    const { adrs, importer } = fresh();
    await importer.import('T1', [
      {
        fileName: '0002-use-redis.md',
        text: '# 2. Use Redis\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nx\n',
      },
    ]);
    const report = await importer.import('T1', [
      { fileName: '0002-use-kafka.md', text: '# 2. Use Kafka\n\n## Status\n\nAccepted\n' },
    ]);
    expect(report.conflicts[0]?.reason).toContain('ADR-002 already exists');
    expect((await adrs.find('T1', 2))?.title).toBe('Use Redis');
  });

  it('links a log4brains superseded ADR to the file that superseded it', async () => {
    const { adrs, importer } = fresh();
    await importer.import('T1', folderFiles(join(ADR_SAMPLES_DIR, 'log4brains-edge-cases')));
    const superseded = (await adrs.all('T1')).find((adr) => adr.status === 'superseded');
    const superseder = (await adrs.all('T1')).find((adr) => /superseder/i.test(adr.title));
    expect(superseded?.supersededBy).toBe(superseder?.number);
    expect(superseder?.supersedes).toContain(superseded?.number);
  });
});

describe('the CLI', () => {
  it('imports a folder and exports it again as MADR files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adr-cli-'));
    const out: string[] = [];
    const io = { out: (line: string) => out.push(line), err: (line: string) => out.push(line) };
    const db = join(dir, 'adr.sqlite');
    expect(await runCli(['migrate', '--db', db], {}, io)).toBe(0);
    const folder = join(ADR_SAMPLES_DIR, 'madr');
    expect(await runCli(['import', '--db', db, '--team', 'T9', '--new-workspace', folder], {}, io)).toBe(0);
    expect(out.at(-1)).toMatch(/^\d+ imported, \d+ skipped, 0 conflict\(s\)/);
    expect(
      await runCli(['export', '--db', db, '--team', 'T9', '--out', join(dir, 'out'), '--format', 'madr'], {}, io),
    ).toBe(0);
    const files = readdirSync(join(dir, 'out'));
    // Imported files keep their names, so links between them keep working.
    expect(files).toContain('0001-use-CC0-or-MIT-as-license.md');
    expect(readFileSync(join(dir, 'out', '0001-use-CC0-or-MIT-as-license.md'), 'utf8')).toMatch(
      /^# ADR-001: .+\n\n\* Status: /,
    );
    expect(await runCli(['export', '--db', db], {}, io)).toBe(2);
    for (const format of ['seed', 'madr', 'madr4', 'nygard']) {
      const target = join(dir, `out-${format}`);
      expect(await runCli(['export', '--db', db, '--team', 'T9', '--out', target, '--format', format], {}, io)).toBe(0);
      expect(readdirSync(target)).toContain('0001-use-CC0-or-MIT-as-license.md');
    }
    expect(await runCli(['export', '--db', db, '--team', 'T9', '--out', dir, '--format', 'html'], {}, io)).toBe(2);
    expect(out.join('\n')).toContain('seed, madr, madr4, nygard');
  });
});
