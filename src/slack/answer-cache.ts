import { type DatabaseRevision, type Revision, sameRevision } from '../db/revision.js';
import { deepFreeze } from '../domain/deep-freeze.js';
import { markSharedAnswer } from './receiver.js';

/** Answers kept at once; the least recently used goes first. */
const MAX_ANSWERS = 1_000;

/**
 * Answers that depend on the database alone (`/adr list`, `/adr show`: no clock, no person), kept until the
 * database changes: a request then costs one read of the revision instead of its queries and rendering. A
 * change anywhere (this instance or another, any table) makes every kept answer be built again, so an answer is
 * never older than the data. Kept answers are shared, so they are frozen (deeply): changing one throws, and the
 * receiver serializes each once (markSharedAnswer in src/slack/receiver.ts).
 */
export class AnswerCache {
  private readonly answers = new Map<string, { revision: Revision; answer: unknown }>();

  constructor(private readonly revision: DatabaseRevision) {}

  /** The answer for `key` as `build` would make it now; `build` runs only when the database changed. */
  async get<T>(key: string, build: () => Promise<T>): Promise<T> {
    const revision = await this.revision.current();
    const kept = this.answers.get(key);
    if (kept && revision && sameRevision(kept.revision, revision)) {
      this.answers.delete(key);
      this.answers.set(key, kept);
      return kept.answer as T;
    }
    const answer = await build();
    if (revision === null) return answer;
    deepFreeze(answer);
    if (typeof answer === 'object' && answer !== null) markSharedAnswer(answer);
    this.answers.delete(key);
    this.answers.set(key, { revision, answer });
    if (this.answers.size > MAX_ANSWERS) {
      const oldest = this.answers.keys().next().value;
      if (oldest !== undefined) this.answers.delete(oldest);
    }
    return answer;
  }
}
