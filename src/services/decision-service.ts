import type { AdrRepository, SearchHit, StatusChange, StoredAdr } from '../db/adr-repository.js';
import type { Transactions } from '../db/store.js';
import { type AdrContent, type AdrStatus, contentOf } from '../domain/adr.js';
import { formatAdrNumber, parseAdrRef } from '../domain/adr-number.js';
import { addEstimateToAdr, type CapacityEstimate } from '../domain/capacity.js';
import { canTransition, checkSupersede, isEditable, statusLabel } from '../domain/lifecycle.js';
import { supersededNumbersIn } from '../domain/related-links.js';
import type { AcceptPolicy } from '../domain/settings.js';
import { LONG_TEXT_MAX, MAX_LIST_ITEMS, SHORT_TEXT_MAX } from '../domain/validation.js';
import type { AppEvents } from './app-events.js';
import { ok, type Result, refuse } from './result.js';

export interface StatusChanged {
  adr: StoredAdr;
  previous: AdrStatus;
}

export interface Superseded {
  old: StoredAdr;
  replacement: StoredAdr;
}

export interface StatusChangeEvent {
  teamId: string;
  actorId: string;
  at: Date;
  changes: { number: number; from: AdrStatus; to: AdrStatus; supersededBy: number | null }[];
}

export interface DecisionServiceOptions {
  /** The workspace's "who may accept" setting; the author and the deciders when not given. */
  acceptPolicy?: (teamId: string) => Promise<AcceptPolicy>;
  /** Writes what a status change owes (outbox rows, review dates) inside the change's own transaction. */
  recordStatusChange?: (event: StatusChangeEvent) => Promise<void>;
  /** The unit of work a status change and what it owes share (the DataStore). */
  transactions?: Transactions;
  /** Told once a change is stored (`statusChanged`), to schedule work that may fail alone (deliveries, views). */
  events?: AppEvents;
}

/** The rules of the decision log: who may do what to which ADR, applied before the repository writes. */
export class DecisionService {
  constructor(
    private readonly adrs: AdrRepository,
    private readonly now: () => Date,
    private readonly options: DecisionServiceOptions = {},
  ) {}

  async resolve(teamId: string, ref: string): Promise<Result<StoredAdr>> {
    const number = parseAdrRef(ref);
    if (number === null) return refuse(`"${ref}" is not an ADR number. Use a number such as 7, 007 or ADR-007.`);
    const adr = await this.adrs.find(teamId, number);
    return adr ? ok(adr) : refuse(`${formatAdrNumber(number)} does not exist in this workspace.`);
  }

  /** The author and the deciders may change an ADR's status or edit it while it is Proposed. */
  mayChange(adr: StoredAdr, userId: string): boolean {
    return adr.authorId === userId || adr.deciders.includes(userId);
  }

  /** Who may accept follows the workspace setting: the author and the deciders, or the deciders only. */
  async mayAccept(adr: StoredAdr, userId: string): Promise<boolean> {
    if ((await this.options.acceptPolicy?.(adr.teamId)) === 'deciders_only') return adr.deciders.includes(userId);
    return this.mayChange(adr, userId);
  }

  /** Why `userId` may not accept `adr`, or null when they may. */
  async acceptRefusal(adr: StoredAdr, userId: string): Promise<string | null> {
    if (await this.mayAccept(adr, userId)) return null;
    const label = formatAdrNumber(adr.number);
    if ((await this.options.acceptPolicy?.(adr.teamId)) !== 'deciders_only') {
      return `Only the author and the deciders of ${label} can change its status.`;
    }
    return adr.deciders.length === 0
      ? `In this workspace only deciders can accept an ADR, and ${label} has none yet. Edit it to name its deciders first.`
      : `In this workspace only the deciders of ${label} can accept it.`;
  }

  /** One page of the workspace's log, newest first, with the total for paging. */
  async list(teamId: string, query: { status: AdrStatus | null; limit: number; offset: number }) {
    return await this.adrs.list(teamId, query);
  }

  /** Full-text search over the workspace's ADRs; hits carry their snippets marked with the repository's marks. */
  async search(teamId: string, text: string, limit = 10): Promise<SearchHit[]> {
    return await this.adrs.search(teamId, text, limit);
  }

  async all(teamId: string): Promise<StoredAdr[]> {
    return await this.adrs.all(teamId);
  }

  /** Moves with every stored change to any ADR (AdrRepository.revision): what is derived from `all` may be kept until then. */
  revision(): Promise<number> {
    return this.adrs.revision();
  }

  async find(teamId: string, number: number): Promise<StoredAdr | null> {
    return await this.adrs.find(teamId, number);
  }

  async history(teamId: string, number: number): Promise<StatusChange[]> {
    return await this.adrs.history(teamId, number);
  }

  /** Where the ADR's card was posted, or null (also for an ADR that does not exist). */
  cardOf(teamId: string, number: number): Promise<StoredAdr['card']> {
    return this.adrs.cardOf(teamId, number);
  }

  /** Where the ADR's card was posted, so later changes update that message. */
  async recordCard(teamId: string, number: number, card: { channelId: string; ts: string }): Promise<void> {
    await this.adrs.setCard(teamId, number, card);
  }

  async propose(teamId: string, authorId: string, content: AdrContent, channelId: string | null): Promise<StoredAdr> {
    return await this.adrs.propose({ teamId, authorId, content, channelId, now: this.now() });
  }

  async edit(teamId: string, number: number, userId: string, content: AdrContent): Promise<Result<StoredAdr>> {
    const adr = await this.adrs.find(teamId, number);
    if (!adr) return refuse(`${formatAdrNumber(number)} does not exist in this workspace.`);
    const refusal = this.editRefusal(adr, userId);
    if (refusal) return refuse(refusal);
    return ok(await this.adrs.updateContent(teamId, number, content, this.now()));
  }

  /** *Add to ADR* of a capacity estimate on a Proposed ADR: an edit of its context (and drivers), by its editors. */
  async addEstimate(
    actor: { teamId: string; userId: string },
    number: number,
    estimate: CapacityEstimate,
    options: { addDriver: boolean },
  ): Promise<Result<StoredAdr>> {
    const adr = await this.adrs.find(actor.teamId, number);
    if (!adr) return refuse(`${formatAdrNumber(number)} does not exist in this workspace.`);
    const limits = { contextMax: LONG_TEXT_MAX, driverMax: SHORT_TEXT_MAX, maxDrivers: MAX_LIST_ITEMS };
    const updated = addEstimateToAdr(contentOf(adr), estimate, options, limits);
    if (!updated.ok) return refuse(updated.reason);
    return this.edit(actor.teamId, number, actor.userId, updated.content);
  }

  /** Why `userId` may not edit `adr`, or null when they may. */
  editRefusal(adr: StoredAdr, userId: string): string | null {
    const label = formatAdrNumber(adr.number);
    if (!isEditable(adr.status)) {
      return `${label} is ${statusLabel(adr.status, adr.supersededBy)}: only Proposed ADRs can be edited. Supersede it with a new ADR instead.`;
    }
    if (!this.mayChange(adr, userId)) return `Only the author and the deciders of ${label} can edit it.`;
    return null;
  }

  async changeStatus(
    teamId: string,
    ref: string,
    to: 'accepted' | 'rejected' | 'deprecated',
    userId: string,
  ): Promise<Result<StatusChanged>> {
    const found = await this.resolve(teamId, ref);
    if (!found.ok) return found;
    const adr = found.value;
    const label = formatAdrNumber(adr.number);
    if (to === 'accepted') {
      const refusal = await this.acceptRefusal(adr, userId);
      if (refusal) return refuse(refusal);
    } else if (!this.mayChange(adr, userId)) {
      return refuse(`Only the author and the deciders of ${label} can change its status.`);
    }
    if (adr.status === to) return refuse(`${label} is already ${statusLabel(to)}.`);
    if (!canTransition(adr.status, to)) {
      return refuse(
        `${label} is ${statusLabel(adr.status, adr.supersededBy)}; it cannot become ${statusLabel(to)}.${transitionHint(adr.status)}`,
      );
    }
    const changes =
      to === 'accepted'
        ? await this.acceptance(adr)
        : [{ number: adr.number, from: adr.status, to, supersededBy: null }];
    await this.apply(teamId, changes, userId, null);
    return ok({ adr: await this.refetch(adr), previous: adr.status });
  }

  /**
   * Accepts a Proposed ADR because its approvals met the workspace's rule; `actorId` is the last approver.
   * The caller checked the rule, usually inside its own transaction, which this change joins.
   */
  async acceptByApproval(teamId: string, number: number, actorId: string, note: string): Promise<Result<StoredAdr>> {
    const adr = await this.adrs.find(teamId, number);
    if (!adr) return refuse(`${formatAdrNumber(number)} does not exist in this workspace.`);
    if (!canTransition(adr.status, 'accepted')) {
      return refuse(`${formatAdrNumber(number)} is ${statusLabel(adr.status, adr.supersededBy)}.`);
    }
    await this.apply(teamId, await this.acceptance(adr), actorId, note);
    return ok(await this.refetch(adr));
  }

  async supersede(teamId: string, ref: string, byRef: string, userId: string): Promise<Result<Superseded>> {
    const target = await this.resolve(teamId, ref);
    if (!target.ok) return target;
    const replacement = await this.resolve(teamId, byRef);
    if (!replacement.ok) return replacement;
    const old = target.value;
    const next = replacement.value;
    if (!this.mayChange(old, userId)) {
      return refuse(`Only the author and the deciders of ${formatAdrNumber(old.number)} can supersede it.`);
    }
    const check = checkSupersede(old, next, await this.supersededByLookup(teamId, next.number));
    if (!check.ok) return refuse(check.reason);
    await this.apply(
      teamId,
      [{ number: old.number, from: old.status, to: 'superseded', supersededBy: next.number }],
      userId,
      `superseded by ${formatAdrNumber(next.number)}`,
    );
    return ok({ old: await this.refetch(old), replacement: await this.refetch(next) });
  }

  /**
   * Accepting an ADR, and superseding what its Links say it replaces ("Supersedes: ADR-012", from *This replaces
   * it* while drafting) where that ADR can still be superseded: one status change, one transaction.
   */
  private async acceptance(adr: StoredAdr): Promise<StatusChangeEvent['changes']> {
    const changes: StatusChangeEvent['changes'] = [
      { number: adr.number, from: adr.status, to: 'accepted', supersededBy: null },
    ];
    const accepted = { ...adr, status: 'accepted' as const };
    for (const number of supersededNumbersIn(adr.links)) {
      const old = await this.adrs.find(adr.teamId, number);
      if (!old || !checkSupersede(old, accepted, await this.supersededByLookup(adr.teamId, adr.number)).ok) continue;
      changes.push({ number, from: old.status, to: 'superseded', supersededBy: adr.number });
    }
    return changes;
  }

  /** Who supersedes whom along the chain from `start`, read ahead so the pure rule can walk it. */
  private async supersededByLookup(teamId: string, start: number): Promise<(adrNumber: number) => number | null> {
    const chain = new Map<number, number | null>();
    let current: number | null = start;
    while (current !== null && !chain.has(current)) {
      const next: number | null = (await this.adrs.find(teamId, current))?.supersededBy ?? null;
      chain.set(current, next);
      current = next;
    }
    return (adrNumber) => chain.get(adrNumber) ?? null;
  }

  /** The status change, what it owes (outbox rows, review date, publish job): one unit of work; then the event. */
  private async apply(
    teamId: string,
    changes: StatusChangeEvent['changes'],
    actorId: string,
    note: string | null,
  ): Promise<void> {
    const event: StatusChangeEvent = { teamId, actorId, at: this.now(), changes };
    const transactions = this.options.transactions ?? DIRECT;
    await transactions.transaction(async () => {
      await this.adrs.changeStatus(teamId, changes, actorId, event.at, note);
      await this.options.recordStatusChange?.(event);
      this.options.events?.emit('statusChanged', event);
    });
  }

  private async refetch(adr: StoredAdr): Promise<StoredAdr> {
    return (await this.adrs.find(adr.teamId, adr.number)) ?? adr;
  }
}

/** Without a store (unit tests of the rules): each write on its own, events at once. */
const DIRECT: Transactions = { transaction: (fn) => fn(), afterCommit: (hook) => hook() };

function transitionHint(status: AdrStatus): string {
  switch (status) {
    case 'proposed':
      return ' A Proposed ADR can be accepted or rejected.';
    case 'accepted':
      return ' An Accepted ADR can be deprecated or superseded.';
    default:
      return ' Its lifecycle has ended.';
  }
}
