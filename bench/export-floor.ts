/**
 * The least an export of this product's Markdown can cost on this machine, for bench/cli.ts: better-sqlite3 opens
 * the file, one query reads the workspace's ADRs, the app's own renderer (src/domain/markdown, bundled alone) turns
 * each into the seed template, and each file is written over the old one as the export writes it. No CLI, no
 * repository, no query builder, no schema check.
 * Run (bundled by bench/cli.ts): node export-floor.mjs DATABASE TEAM OUT
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { writeFileOver } from '../src/cli/files.js';
import type { Adr, AdrContent, AdrStatus } from '../src/domain/adr.js';
import { renderAdrMarkdown } from '../src/domain/markdown/render.js';

interface Row {
  number: number;
  title: string;
  status: AdrStatus;
  author_id: string;
  date: string | null;
  content_json: string;
  created_at: string;
  updated_at: string;
}

const [databasePath = '', teamId = '', out = ''] = process.argv.slice(2);
const db = new Database(databasePath, { readonly: true, fileMustExist: true });
const rows = db
  .prepare(
    'SELECT number, title, status, author_id, date, content_json, created_at, updated_at FROM adrs WHERE team_id = ? ORDER BY number',
  )
  .all(teamId) as Row[];
mkdirSync(out, { recursive: true });
for (const row of rows) {
  const adr: Adr = {
    ...(JSON.parse(row.content_json) as AdrContent),
    title: row.title,
    teamId,
    number: row.number,
    status: row.status,
    supersededBy: null,
    supersedes: [],
    authorId: row.author_id,
    date: row.date,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  writeFileOver(join(out, `${row.number}.md`), renderAdrMarkdown(adr, { profile: 'seed' }));
}
if (rows.length === 0) process.exit(2);
