import type { StoredAdr } from '../db/adr-repository.js';
import type { AdrContent } from '../domain/adr.js';
import { relatedBothWays } from '../domain/related-links.js';
import { RelatedDocumentCache, rankRelated, relatednessInputOf } from '../domain/relatedness.js';
import type { DecisionService } from './decision-service.js';

/**
 * Decisions of the workspace that look related to a draft (while drafting), and those an ADR's Links relate it to,
 * both ways (in `/adr show`). ADRs are analysed once per version (RelatedDocumentCache), so a request pays for the
 * scoring only (bench/relatedness.ts).
 */
export class RelatedService {
  private readonly cache = new RelatedDocumentCache();

  constructor(private readonly decisions: DecisionService) {}

  /** Up to three ADRs that look related to `content`; none when nothing is close enough. */
  async forDraft(
    teamId: string,
    content: Pick<AdrContent, 'title' | 'context' | 'drivers' | 'options'>,
    options: { editing: number | null; topicId?: string | null },
  ): Promise<StoredAdr[]> {
    if (content.title.trim() === '' && content.context.trim() === '') return [];
    const adrs = await this.decisions.all(teamId);
    const documents = adrs.map((adr) =>
      this.cache.document({ teamId, number: adr.number, updatedAt: adr.updatedAt }, () =>
        relatednessInputOf(adr, adr.number),
      ),
    );
    const draft = relatednessInputOf(content, options.editing, options.topicId ?? null);
    const byNumber = new Map(adrs.map((adr) => [adr.number, adr]));
    return rankRelated(draft, documents).flatMap((match) => byNumber.get(match.number) ?? []);
  }

  /** What the ADR's Links name as related, and the ADRs whose Links name it. */
  async bothWays(adr: StoredAdr): Promise<StoredAdr[]> {
    const all = await this.decisions.all(adr.teamId);
    const byNumber = new Map(all.map((other) => [other.number, other]));
    return relatedBothWays(adr, all).flatMap((number) => byNumber.get(number) ?? []);
  }
}
