import { MARKDOWN_PROFILE_NAMES, MARKDOWN_PROFILES } from '../domain/markdown/conventions.js';
import type { CommandSpec } from './spec.js';

/**
 * Every CLI command. A new command is one entry here and a runner module in commands/; a new option of a command
 * is one line in its `options` (its value is then parsed, validated against `choices`, listed in `--help` and
 * named in errors).
 */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'migrate',
    summary: 'apply database migrations and exit (creates the database file when there is none, and says so)',
    options: {},
    positionals: [],
    database: 'creates',
    engines: ['sqlite', 'postgres'],
    failsWhen: 'a migration failed (the database stays at the last good version)',
    examples: ['migrate', 'migrate --db /data/adr.sqlite', 'migrate --database-url postgres://adr@db/adr'],
    load: async () => (await import('./commands/migrate.js')).runMigrate,
  },
  {
    name: 'export',
    summary: 'write a workspace’s ADRs as Markdown files, one per ADR',
    options: {
      team: { type: 'string', value: 'T', description: 'workspace (Slack team) id, e.g. T0123ABC', required: true },
      out: { type: 'string', value: 'DIR', description: 'folder to write into (created if needed)', required: true },
      format: {
        type: 'string',
        description: `Markdown profile: ${MARKDOWN_PROFILES.map((profile) => `${profile} = ${MARKDOWN_PROFILE_NAMES[profile]}`).join(', ')}`,
        choices: MARKDOWN_PROFILES,
        default: MARKDOWN_PROFILES[0],
      },
    },
    positionals: [],
    database: 'existing',
    engines: ['sqlite', 'postgres'],
    failsWhen: 'the workspace is not in the database (the message lists those present)',
    examples: ['export --team T0123ABC --out docs/adr', 'export --team T0123ABC --out docs/adr --format madr'],
    load: async () => (await import('./commands/export.js')).runExport,
  },
  {
    name: 'import',
    summary: 'import an ADR folder (adr-tools, MADR 2/3/4, log4brains, this app’s export) into a workspace',
    options: {
      team: { type: 'string', value: 'T', description: 'workspace (Slack team) id, e.g. T0123ABC', required: true },
      'new-workspace': {
        type: 'boolean',
        description: 'the workspace is not in the database yet: create it (refused otherwise, to catch typos)',
      },
    },
    positionals: [{ name: 'DIR', description: 'the folder holding the ADR Markdown files' }],
    database: 'existing',
    engines: ['sqlite', 'postgres'],
    failsWhen:
      'a file’s number is taken by a different decision (a conflict: nothing is overwritten); the folder has no Markdown files; the workspace is unknown and --new-workspace is not given',
    examples: ['import --team T0123ABC docs/adr', 'import --team T0NEW --new-workspace ../other-repo/docs/decisions'],
    load: async () => (await import('./commands/import.js')).runImport,
  },
  {
    name: 'copy-to-postgres',
    summary:
      'copy the SQLite log at --db (it may be live) into an empty PostgreSQL database, checking every table’s counts',
    options: {},
    positionals: [],
    database: 'existing',
    engines: ['sqlite', 'postgres'],
    failsWhen:
      'no --database-url (or DATABASE_URL); the PostgreSQL database is not empty or a count differs (nothing is written then)',
    examples: ['copy-to-postgres --db /data/adr.sqlite --database-url postgres://adr@db/adr'],
    load: async () => (await import('./commands/copy-to-postgres.js')).runCopyToPostgres,
  },
  {
    name: 'backup',
    summary: 'copy the live database to one file (SQLite online backup, safe while the app runs), integrity-checked',
    options: {
      out: { type: 'string', value: 'FILE', description: 'the backup file (its folder is created)', required: true },
    },
    positionals: [],
    database: 'existing',
    failsWhen: 'the copy fails its integrity check',
    examples: ['backup --out /backups/adr-2026-01-31.sqlite'],
    sqliteOnly: 'a PostgreSQL database is backed up with its own tools (pg_dump, or the managed service’s snapshots)',
    load: async () => (await import('./commands/backup.js')).runBackup,
  },
  {
    name: 'purge',
    summary: 'show every row of a workspace in every table; with --yes, delete them all in one transaction',
    options: {
      team: { type: 'string', value: 'T', description: 'workspace (Slack team) id, e.g. T0123ABC', required: true },
      yes: { type: 'boolean', description: 'really delete (without it, only shows what would be deleted)' },
    },
    positionals: [],
    database: 'existing',
    engines: ['sqlite', 'postgres'],
    failsWhen: 'without --yes: nothing was deleted (the rows are listed); the workspace is not in the database',
    examples: ['purge --team T0123ABC', 'purge --team T0123ABC --yes'],
    load: async () => (await import('./commands/purge.js')).runPurge,
  },
];
