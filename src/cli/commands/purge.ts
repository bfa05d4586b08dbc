import { countTeamRows, purgeTeam } from '../../db/team-data.js';
import { databaseName, requireKnownWorkspace, withExistingDatabase } from '../database.js';
import type { CommandRunner } from '../spec.js';

/** Deletes a workspace's rows in every table, in one transaction; only shows the counts without --yes. */
export const runPurge: CommandRunner = async ({ options, databasePath, databaseUrl, io }) => {
  const team = String(options.team);
  const yes = options.yes === true;
  return withExistingDatabase({ databasePath, databaseUrl }, { writes: yes }, async (store) => {
    await requireKnownWorkspace(store, databaseName({ databasePath, databaseUrl }), team);
    const counts = yes ? await purgeTeam(store, team) : await countTeamRows(store, team);
    const lines = Object.entries(counts).map(([table, count]) => `  ${table}: ${count}`);
    if (!yes) {
      io.err(`Would delete every row of workspace ${team}:\n${lines.join('\n')}\nRun again with --yes to delete them.`);
      return 1;
    }
    io.out(`Deleted every row of workspace ${team}:\n${lines.join('\n')}`);
    return 0;
  });
};
