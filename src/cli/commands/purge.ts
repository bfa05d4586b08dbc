import { DatabaseMaintainer } from '../../db/maintenance.js';
import { countTeamRows, purgeTeam } from '../../db/team-data.js';
import { openExistingDatabase, requireKnownWorkspace } from '../database.js';
import type { CommandRunner } from '../spec.js';

/** Deletes a workspace's rows in every table, in one transaction; only shows the counts without --yes. */
export const runPurge: CommandRunner = ({ options, databasePath, io }) => {
  const team = String(options.team);
  const yes = options.yes === true;
  const db = openExistingDatabase(databasePath);
  try {
    requireKnownWorkspace(db, databasePath, team);
    const counts = yes ? purgeTeam(db, team) : countTeamRows(db, team);
    if (yes) new DatabaseMaintainer(db).runToCompletion();
    const lines = Object.entries(counts).map(([table, count]) => `  ${table}: ${count}`);
    if (!yes) {
      io.err(`Would delete every row of workspace ${team}:\n${lines.join('\n')}\nRun again with --yes to delete them.`);
      return 1;
    }
    io.out(`Deleted every row of workspace ${team}:\n${lines.join('\n')}`);
    return 0;
  } finally {
    db.close();
  }
};
