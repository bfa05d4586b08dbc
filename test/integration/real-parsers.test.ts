import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { madrFilePathFilter, parseMadrWithFrontmatter } from '@backstage/plugin-adr-common';
import { Log4brains } from '@log4brains/core';
import { afterAll, describe, expect, it } from 'vitest';
import { formatAdrNumber } from '../../src/domain/adr-number.js';
import { MARKDOWN_PROFILES, type MarkdownProfile } from '../../src/domain/markdown/conventions.js';
import { exportFileName } from '../../src/services/export-service.js';
import { fixtureFolders, freshLog } from '../support/adr-folders.js';

/**
 * The tools teams read their ADR folders with, run on this app's exports of every fixture folder: log4brains'
 * own parser (@log4brains/core, over a real git repository, as `log4brains preview` reads one) and Backstage's ADR
 * plugin (@backstage/plugin-adr-common). The madr profile must be read fully by log4brains, madr4 by Backstage;
 * what each tool reads of the other profiles is measured and printed (the README's table).
 */

type Tally = { files: number; title: number; status: number; dated: number; date: number };
const measured = {
  log4brains: Object.fromEntries(
    MARKDOWN_PROFILES.map((p) => [p, { files: 0, title: 0, status: 0, dated: 0, date: 0 }]),
  ) as Record<MarkdownProfile, Tally>,
  backstage: Object.fromEntries(
    MARKDOWN_PROFILES.map((p) => [p, { files: 0, title: 0, status: 0, dated: 0, date: 0 }]),
  ) as Record<MarkdownProfile, Tally>,
  backstageFileNames: { files: 0, accepted: 0 },
};

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, {
    cwd,
    stdio: 'ignore',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'fixture',
      GIT_AUTHOR_EMAIL: 'fixture@example.com',
      GIT_COMMITTER_NAME: 'fixture',
      GIT_COMMITTER_EMAIL: 'fixture@example.com',
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: cwd,
    },
  });
}

async function importedFolder(files: ReturnType<typeof fixtureFolders>[number]['files']) {
  const { adrs, importer, exporter } = freshLog();
  await importer.import('T1', files);
  const log = await adrs.all('T1');
  const byFile = new Map(log.map((adr) => [exportFileName(adr).replace(/\.md$/, ''), adr]));
  return { exporter, log, byFile };
}

// log4brains spends its time in one `git log` per file, so the folders run at the same time.
describe.concurrent('log4brains', () => {
  it.each(fixtureFolders())(
    'reads title, status, date, deciders, supersededBy and tags of every madr export of $name',
    async ({ name, files }) => {
      const { exporter, log, byFile } = await importedFolder(files);
      // One git repository, one log4brains package per profile: log4brains reads each as its own ADR folder.
      const root = mkdtempSync(join(tmpdir(), `l4b-${name}-`));
      const packages = MARKDOWN_PROFILES.map(
        (profile) => `  - name: ${profile}\n    path: ./${profile}\n    adrFolder: ./${profile}/docs/adr`,
      ).join('\n');
      writeFileSync(
        join(root, '.log4brains.yml'),
        `project:\n  name: fixtures\n  tz: UTC\n  adrFolder: ./docs/adr\n  packages:\n${packages}\n`,
      );
      mkdirSync(join(root, 'docs', 'adr'), { recursive: true });
      writeFileSync(join(root, 'docs', 'adr', 'README.md'), '# ADRs\n');
      for (const profile of MARKDOWN_PROFILES) {
        const dir = join(root, profile, 'docs', 'adr');
        mkdirSync(dir, { recursive: true });
        // log4brains runs `git log` once per file: the profiles it is not meant to read are measured on a sample.
        const exported = await exporter.all('T1', { profile });
        const files = profile === 'madr' ? exported : exported.filter((_, index) => index % 5 === 0);
        for (const file of files) writeFileSync(join(dir, file.filename), file.content);
      }
      git(root, 'init', '-q');
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '-m', 'exports');

      const read = await Log4brains.create(root).searchAdrs();
      for (const profile of MARKDOWN_PROFILES) {
        const tally = measured.log4brains[profile];
        for (const entry of read.filter((item) => item.package === profile)) {
          const adr = byFile.get(entry.slug.replace(`${profile}/`, ''));
          expect(adr, entry.slug).toBeDefined();
          if (!adr) continue;
          tally.files++;
          // log4brains shows the H1 as text: Markdown punctuation (links, code, emphasis) is rendered away.
          const plain = (text: string | null) =>
            (text ?? '')
              .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
              .replace(/[[\]`*_\\]/g, '')
              .replace(/\s+/g, ' ')
              .trim();
          const title = [`${formatAdrNumber(adr.number)}: ${adr.title}`, `${adr.number}. ${adr.title}`].some(
            (written) => plain(written) === plain(entry.title),
          );
          const status = entry.status === adr.status;
          const date = (entry.publicationDate?.slice(0, 10) ?? null) === adr.date;
          if (title) tally.title++;
          if (status) tally.status++;
          if (adr.date !== null) tally.dated++;
          if (date && adr.date !== null) tally.date++;
          if (profile !== 'madr') continue;
          expect(title, `${entry.slug}: ${entry.title}`).toBe(true);
          expect(entry.status, entry.slug).toBe(adr.status);
          expect(entry.publicationDate?.slice(0, 10) ?? null, entry.slug).toBe(adr.date);
          expect(entry.deciders, entry.slug).toEqual(adr.deciders);
          // log4brains splits tags at spaces as well as commas, and lowercases them.
          const tags = (adr.tags ?? []).flatMap((tag) => tag.split(/[\s,]+/)).map((tag) => tag.toLowerCase());
          expect(entry.tags, entry.slug).toEqual(tags);
          const superseder = adr.supersededBy === null ? null : log.find((other) => other.number === adr.supersededBy);
          // log4brains names the superseder by the link text; a bare "superseded" (no target known) it reads as the
          // slug "superseded", its own quirk.
          const expected = superseder
            ? exportFileName(superseder).replace(/\.md$/, '')
            : adr.status === 'superseded'
              ? 'superseded'
              : null;
          expect(entry.supersededBy, entry.slug).toBe(expected);
        }
      }
      expect(measured.log4brains.madr.files).toBeGreaterThan(0);
    },
    60_000,
  );
});

describe.each(fixtureFolders())("Backstage's ADR parser on the exports of $name", ({ files }) => {
  it('reads status and date from the front matter of every madr4 export', async () => {
    const { exporter, byFile } = await importedFolder(files);
    for (const profile of MARKDOWN_PROFILES) {
      const tally = measured.backstage[profile];
      for (const file of await exporter.all('T1', { profile })) {
        const adr = byFile.get(file.filename.replace(/\.md$/, ''));
        if (!adr) continue;
        tally.files++;
        const parsed = parseMadrWithFrontmatter(file.content);
        const status = (parsed.status ?? '').split(' ')[0] === adr.status;
        const date = (parsed.date ?? null) === adr.date;
        if (status) tally.status++;
        if (adr.date !== null) tally.dated++;
        if (date && adr.date !== null) tally.date++;
        if (profile === 'madr4') {
          expect(parsed.status?.split(' ')[0], file.filename).toBe(adr.status);
          expect(parsed.date ?? null, file.filename).toBe(adr.date);
        }
        if (profile === 'madr4') {
          measured.backstageFileNames.files++;
          if (madrFilePathFilter(`docs/adr/${file.filename}`)) measured.backstageFileNames.accepted++;
        }
      }
    }
  });
});

afterAll(() => {
  const line = (tool: string, profile: MarkdownProfile, tally: Tally) =>
    `${tool} on ${profile}: ${tally.files} files, title ${tally.title}, status ${tally.status}, date ${tally.date} of ${tally.dated} dated`;
  const lines = [
    ...MARKDOWN_PROFILES.map((profile) => line('log4brains', profile, measured.log4brains[profile])),
    ...MARKDOWN_PROFILES.map((profile) => line('backstage', profile, measured.backstage[profile])),
    `backstage madrFilePathFilter: ${measured.backstageFileNames.accepted} of ${measured.backstageFileNames.files} file names`,
  ];
  console.log(lines.join('\n'));
});
