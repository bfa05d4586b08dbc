import type { StoredAdr } from '../db/adr-repository.js';
import type { AdrContent } from '../domain/adr.js';
import { namedByIndex, relatedBothWaysFrom } from '../domain/related-links.js';
import {
  analyzeAdr,
  type CorpusStats,
  corpusStats,
  type RelatedDocument,
  RelatedDocumentCache,
  rankRelated,
  relatednessInputOf,
  withDocument,
} from '../domain/relatedness.js';
import type { DecisionService } from './decision-service.js';

/** What is derived from one workspace's whole log, as of one revision of the decision log. */
interface WorkspaceLog {
  revision: number;
  /** Every ADR analysed for relatedness, in number order. */
  documents: RelatedDocument[];
  /** Their term statistics: a draft is ranked with them, plus itself when it is new (withDocument). */
  stats: CorpusStats;
  /** Target number → the ADRs whose Links name it as related, in number order. */
  namedBy: Map<number, number[]>;
}

/** Workspaces whose derived log is kept; the least recently used goes first. */
const MAX_WORKSPACES = 200;

/**
 * Decisions of the workspace that look related to a draft (while drafting), and those an ADR's Links relate it to,
 * both ways (in `/adr show`). Both need every ADR of the workspace: what they derive from it (analysed texts, the
 * Links read back) is kept per workspace until the decision log's revision moves (migration 0014), so a request
 * reads one row instead of the whole log, and an ADR is analysed again only when it changed (RelatedDocumentCache).
 * The ADRs returned are read afresh.
 */
export class RelatedService {
  private readonly cache = new RelatedDocumentCache();
  private readonly logs = new Map<string, WorkspaceLog>();

  constructor(private readonly decisions: DecisionService) {}

  /** Up to three ADRs that look related to `content`; none when nothing is close enough. */
  forDraft(
    teamId: string,
    content: Pick<AdrContent, 'title' | 'context' | 'drivers' | 'options'>,
    options: { editing: number | null; topicId?: string | null },
  ): StoredAdr[] {
    if (content.title.trim() === '' && content.context.trim() === '') return [];
    const { documents, stats } = this.logOf(teamId);
    const draft = analyzeAdr(relatednessInputOf(content, options.editing, options.topicId ?? null));
    // What rankRelated would count itself: the workspace, and a new draft with it. Kept, an ADR being edited is
    // ranked with the same statistics object each time, which keeps every candidate's weights.
    const withDraft = draft.number === null ? withDocument(stats, draft) : stats;
    return this.fresh(
      teamId,
      rankRelated(draft, documents, { stats: withDraft }).map((match) => match.number),
    );
  }

  /** What the ADR's Links name as related, and the ADRs whose Links name it. */
  bothWays(adr: StoredAdr): StoredAdr[] {
    const namingIt = this.logOf(adr.teamId).namedBy.get(adr.number) ?? [];
    return this.fresh(adr.teamId, relatedBothWaysFrom(adr, namingIt));
  }

  private fresh(teamId: string, numbers: readonly number[]): StoredAdr[] {
    return numbers.flatMap((number) => this.decisions.find(teamId, number) ?? []);
  }

  private logOf(teamId: string): WorkspaceLog {
    const revision = this.decisions.revision();
    const kept = this.logs.get(teamId);
    if (kept) this.logs.delete(teamId);
    const log = kept?.revision === revision ? kept : this.build(teamId, revision);
    this.logs.set(teamId, log);
    if (this.logs.size > MAX_WORKSPACES) {
      const oldest = this.logs.keys().next().value;
      if (oldest !== undefined) this.logs.delete(oldest);
    }
    return log;
  }

  private build(teamId: string, revision: number): WorkspaceLog {
    const adrs = this.decisions.all(teamId);
    const documents = adrs.map((adr) =>
      this.cache.document({ teamId, number: adr.number, updatedAt: adr.updatedAt }, () =>
        relatednessInputOf(adr, adr.number),
      ),
    );
    return { revision, documents, stats: corpusStats(documents), namedBy: namedByIndex(adrs) };
  }
}
