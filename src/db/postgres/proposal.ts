import { CompiledQuery, type Kysely } from 'kysely';
import type { Tables } from '../schema.js';
import type { NewProposal, ProposalStored } from '../store.js';

// The workspace's next number (its row locked until commit, as takeNextNumber does), the ADR's row, its first
// status change and its search entry (the sections, their tsvectors generated, then the weighted document), in
// one statement. The parts cannot see each other's rows, so each takes what it needs from the one before through
// RETURNING; the foreign keys are checked at the statement's end, when every row is in. It returns what the
// ADR's read would add to what the caller has: the ADRs already naming the new number as their successor (an
// imported log can), which the statement's snapshot sees.
// Parameters: team, now, title, author, date, content JSON, channel, then the five search sections.
const PROPOSE_SQL = `WITH numbered AS (
  INSERT INTO workspaces (team_id, created_at, next_number) VALUES ($1, $2, 2)
  ON CONFLICT (team_id) DO UPDATE SET next_number = workspaces.next_number + 1
  RETURNING next_number - 1 AS number
),
adr AS (
  INSERT INTO adrs (team_id, number, title, status, superseded_by, author_id, date, content_json, channel_id,
    created_at, updated_at)
  SELECT $1, number, $3, 'proposed', NULL, $4, $5, $6, $7, $2, $2 FROM numbered
  RETURNING id, number
),
history AS (
  INSERT INTO status_changes (team_id, adr_number, from_status, to_status, actor_id, note, at)
  SELECT $1, number, NULL, 'proposed', $4, NULL, $2 FROM adr
),
sections AS (
  INSERT INTO adr_search_sections (adr_id, team_id, title, context, drivers, options, outcome)
  SELECT id, $1, $8, $9, $10, $11, $12 FROM adr
  RETURNING adr_id, title_vector, context_vector, drivers_vector, options_vector, outcome_vector
),
indexed AS (
  INSERT INTO adr_search (adr_id, team_id, number, document)
  SELECT sections.adr_id, $1, adr.number, setweight(title_vector, 'A') || setweight(context_vector, 'B')
    || setweight(drivers_vector || options_vector || outcome_vector, 'C')
  FROM sections JOIN adr ON adr.id = sections.adr_id
)
SELECT adr.number,
  ARRAY(SELECT s.number FROM adrs s WHERE s.team_id = $1 AND s.superseded_by = adr.number) AS supersedes
FROM adr`;

/**
 * A proposal in one round trip to the server, atomic as any single statement: each round trip costs more than
 * the writing (the machine's p99 of a bare `SELECT 1` is about 1 ms here, and a proposal took seven).
 */
export async function proposeInOneStatement(db: Kysely<Tables>, proposal: NewProposal): Promise<ProposalStored> {
  const { search } = proposal;
  const result = await db.executeQuery<ProposalStored>(
    CompiledQuery.raw(PROPOSE_SQL, [
      proposal.teamId,
      proposal.now,
      proposal.title,
      proposal.authorId,
      proposal.date,
      proposal.contentJson,
      proposal.channelId,
      search.title,
      search.context,
      search.drivers,
      search.options,
      search.outcome,
    ]),
  );
  const stored = result.rows[0];
  if (!stored) throw new Error(`The proposal of ${proposal.teamId} was not stored`);
  return stored;
}
