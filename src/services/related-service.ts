import type { AdrRepository, StoredAdr } from '../db/adr-repository.js';
import type { AdrContent } from '../domain/adr.js';
import { namedByIndex, relatedBothWaysFrom } from '../domain/related-links.js';
import {
  analyzeAdr,
  RELATED_THRESHOLD,
  type RelatedDocument,
  RelatedIndex,
  rankRelated,
  relatednessInputOf,
  tellingTerms,
} from '../domain/relatedness.js';
import type { DecisionService } from './decision-service.js';

/** Candidates a draft is ranked against: the ADRs sharing the most of its telling terms, and its topic's ADRs. */
export const TERM_CANDIDATES = 50;
export const TOPIC_CANDIDATES = 50;
/**
 * The bar for a thread (RELATED_THRESHOLD for a draft): a conversation says more than the decision it reaches, so
 * it scores lower against the ADRs it revisits (the demo's thread: 0.18 against the ADR it replaces, the draft made
 * from it 0.34). What passes only goes to the model as decisions that look related, never to a person.
 */
export const THREAD_THRESHOLD = 0.15;
/** How much of a thread is read as a draft's context (a long thread's first messages say what it is about). */
const THREAD_CONTEXT_CHARS = 20_000;
/** Analysed ADRs kept over all workspaces; the least recently used workspaces go first. */
const MAX_INDEXED_ADRS = 20_000;
/** Workspaces whose Links index (who names whom as related) is kept; the least recently used goes first. */
const MAX_LINK_INDEXES = 200;

interface HeldIndex {
  index: RelatedIndex;
  /** The decision log's revision (AdrRepository.revision) the index was last brought up to. */
  revision: number;
}

/**
 * Decisions of the workspace that look related to a draft (while drafting), and those an ADR's Links relate it to,
 * both ways (in `/adr show`).
 *
 * A draft is ranked against candidates only: the workspace's ADRs that share the most of the draft's telling
 * terms (RelatedIndex.candidates, over the terms the ranking itself reads: stems, folded spellings, areas) and the
 * ADRs of its topic, scored with the workspace's term statistics, so they score as they would against the whole
 * workspace. The statistics and the analysed ADRs are kept per workspace (RelatedIndex) and brought up to date
 * from the ADRs changed since: a request reads the log's revision (and, when it moved, what changed) and the ADRs
 * it shows; the first in a process reads every ADR once (bench/relatedness.ts). The database's full-text index
 * was the pre-filter before: an OR of the draft's terms is matched over every workspace's rows before the
 * workspace narrows it, 17 ms a step at 100 workspaces × 1,000 ADRs.
 */
export class RelatedService {
  private readonly indexes = new Map<string, HeldIndex>();
  /** Target number → the ADRs whose Links name it, per workspace, as of one revision of the decision log. */
  private readonly namedBy = new Map<string, { revision: number; index: Map<number, number[]> }>();

  constructor(
    private readonly adrs: AdrRepository,
    private readonly decisions: DecisionService,
  ) {}

  /** Up to three ADRs that look related to `content`; none when nothing is close enough. */
  async forDraft(
    teamId: string,
    content: Pick<AdrContent, 'title' | 'context' | 'drivers' | 'options'>,
    options: { editing: number | null; topicId?: string | null; threshold?: number },
  ): Promise<StoredAdr[]> {
    if (content.title.trim() === '' && content.context.trim() === '') return [];
    const index = await this.indexOf(teamId);
    if (index.size === 0) return [];
    const draft = analyzeAdr(relatednessInputOf(content, options.editing, options.topicId ?? null));
    const numbers = this.candidates(index, draft);
    const candidates = numbers.flatMap((number) => index.document(number) ?? []);
    const threshold = options.threshold ?? RELATED_THRESHOLD;
    const matches = rankRelated(draft, candidates, { stats: index.stats, threshold });
    return (await Promise.all(matches.map((match) => this.decisions.find(teamId, match.number)))).flatMap(
      (adr) => adr ?? [],
    );
  }

  /**
   * Up to three ADRs related to what a Slack thread discusses (draft from thread): its first message read as the
   * title (it usually asks the question), the rest of the thread as the context.
   */
  forThread(teamId: string, messages: readonly { text: string }[]): Promise<StoredAdr[]> {
    const context = messages
      .slice(1)
      .map((message) => message.text)
      .join('\n')
      .slice(0, THREAD_CONTEXT_CHARS);
    const title = (messages[0]?.text ?? '').slice(0, 300);
    const content = { title, context, drivers: [], options: [] };
    return this.forDraft(teamId, content, { editing: null, threshold: THREAD_THRESHOLD });
  }

  /** The numbers of the ADRs forDraft ranks a draft against (npm run eval measures what the pre-filter keeps). */
  async candidatesFor(teamId: string, draft: RelatedDocument): Promise<number[]> {
    return this.candidates(await this.indexOf(teamId), draft);
  }

  private candidates(index: RelatedIndex, draft: RelatedDocument): number[] {
    const numbers = new Set(index.candidates(tellingTerms(draft, index.stats), TERM_CANDIDATES));
    for (const document of index.withTopic(draft.topicId, TOPIC_CANDIDATES)) numbers.add(document.number ?? 0);
    return [...numbers];
  }

  /** What the ADR's Links name as related, and the ADRs whose Links name it. */
  async bothWays(adr: StoredAdr): Promise<StoredAdr[]> {
    const namingIt = (await this.namedByOf(adr.teamId)).get(adr.number) ?? [];
    const related = await Promise.all(
      relatedBothWaysFrom(adr, namingIt).map((number) => this.decisions.find(adr.teamId, number)),
    );
    return related.flatMap((found) => found ?? []);
  }

  /** Read again only when the decision log's revision moved (migration 0014), by this instance or any other. */
  private async namedByOf(teamId: string): Promise<Map<number, number[]>> {
    const revision = await this.decisions.revision();
    const kept = this.namedBy.get(teamId);
    const current =
      kept?.revision === revision ? kept : { revision, index: namedByIndex(await this.decisions.all(teamId)) };
    this.namedBy.delete(teamId);
    this.namedBy.set(teamId, current);
    if (this.namedBy.size > MAX_LINK_INDEXES) {
      const oldest = this.namedBy.keys().next().value;
      if (oldest !== undefined) this.namedBy.delete(oldest);
    }
    return current.index;
  }

  /**
   * The workspace's index, brought up to date with what changed since it was last read. The revision is read
   * first: a change committed meanwhile leaves the index behind the next revision, so the next request reads it.
   * ADRs changed at or after the latest change seen are read again, so two writes in one millisecond (from any
   * instance) are both seen.
   */
  private async indexOf(teamId: string): Promise<RelatedIndex> {
    const revision = await this.adrs.revision();
    let held = this.indexes.get(teamId);
    if (held && held.revision !== revision) {
      const { count } = await this.adrs.version(teamId);
      for (const row of await this.adrs.changedSince(teamId, held.index.latest)) {
        held.index.put(
          { number: row.number, updatedAt: row.updatedAt, input: () => relatednessInputOf(row.content) },
          true,
        );
      }
      // An ADR deleted (a purge) leaves more in the index than in the workspace: read it again.
      if (held.index.size !== count) held = undefined;
      else held.revision = revision;
    }
    if (!held) {
      const index = new RelatedIndex();
      for (const row of await this.adrs.changedSince(teamId, null)) {
        index.put({ number: row.number, updatedAt: row.updatedAt, input: () => relatednessInputOf(row.content) });
      }
      held = { index, revision };
    }
    this.indexes.delete(teamId);
    this.indexes.set(teamId, held);
    this.evict();
    return held.index;
  }

  private evict(): void {
    let total = 0;
    for (const held of this.indexes.values()) total += held.index.size;
    for (const [teamId, held] of this.indexes) {
      if (total <= MAX_INDEXED_ADRS || this.indexes.size === 1) break;
      this.indexes.delete(teamId);
      total -= held.index.size;
    }
  }
}
