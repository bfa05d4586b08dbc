import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { migrate } from '../../db/migrate.js';
import { openDatabase } from '../../db/open.js';
import { fileFailure } from '../files.js';
import type { CommandRunner } from '../spec.js';

export const runMigrate: CommandRunner = ({ databasePath, io }) => {
  const created = databasePath !== ':memory:' && !existsSync(databasePath);
  let db: ReturnType<typeof openDatabase>;
  try {
    db = openDatabase(databasePath);
  } catch (error) {
    throw fileFailure('The database', databasePath, error);
  }
  try {
    const { applied, version } = migrate(db);
    if (created) {
      const absolute = resolve(databasePath);
      io.out(`Created a new database at ${databasePath}${absolute === databasePath ? '' : ` (${absolute})`}.`);
    }
    io.out(
      applied.length > 0
        ? `Applied ${applied.length} migration(s): ${applied.join(', ')}. Schema version ${version}.`
        : `Database is up to date (schema version ${version}).`,
    );
    return 0;
  } finally {
    db.close();
  }
};
