import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migratePostgres } from '../src/db/postgres/migrate.js';
import { startPostgresServer } from './support/postgres-server.js';

const MIGRATED_TEMPLATE = 'adr_template';

/**
 * One PostgreSQL server for the whole run (about half a second to start), with a migrated template database;
 * each test file makes its own databases from it (test/support/postgres.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgresServer();
  try {
    const admin = new pg.Client({ connectionString: server.urlFor('postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${MIGRATED_TEMPLATE}`);
    await admin.end();
    const pool = new pg.Pool({ connectionString: server.urlFor(MIGRATED_TEMPLATE), max: 1 });
    await migratePostgres(pool);
    // No session may stay on a template while databases are copied from it.
    await pool.end();
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide('postgresSocketDir', server.socketDir);
  return () => server.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresSocketDir: string;
  }
}
