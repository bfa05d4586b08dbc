import type { AdrRepository, StoredAdr } from '../db/adr-repository.js';
import type { AdrContent, AdrStatus } from '../domain/adr.js';
import { formatAdrNumber, parseAdrRef } from '../domain/adr-number.js';
import { canTransition, checkSupersede, isEditable, statusLabel } from '../domain/lifecycle.js';
import { ok, type Result, refuse } from './result.js';

export interface StatusChanged {
  adr: StoredAdr;
  previous: AdrStatus;
}

export interface Superseded {
  old: StoredAdr;
  replacement: StoredAdr;
}

/** The rules of the decision log: who may do what to which ADR, applied before the repository writes. */
export class DecisionService {
  constructor(
    private readonly adrs: AdrRepository,
    private readonly now: () => Date,
  ) {}

  resolve(teamId: string, ref: string): Result<StoredAdr> {
    const number = parseAdrRef(ref);
    if (number === null) return refuse(`"${ref}" is not an ADR number. Use a number such as 7, 007 or ADR-007.`);
    const adr = this.adrs.find(teamId, number);
    return adr ? ok(adr) : refuse(`${formatAdrNumber(number)} does not exist in this workspace.`);
  }

  /** The author and the deciders may change an ADR's status or edit it while it is Proposed. */
  mayChange(adr: StoredAdr, userId: string): boolean {
    return adr.authorId === userId || adr.deciders.includes(userId);
  }

  propose(teamId: string, authorId: string, content: AdrContent, channelId: string | null): StoredAdr {
    return this.adrs.propose({ teamId, authorId, content, channelId, now: this.now() });
  }

  edit(teamId: string, number: number, userId: string, content: AdrContent): Result<StoredAdr> {
    const adr = this.adrs.find(teamId, number);
    if (!adr) return refuse(`${formatAdrNumber(number)} does not exist in this workspace.`);
    const refusal = this.editRefusal(adr, userId);
    if (refusal) return refuse(refusal);
    return ok(this.adrs.updateContent(teamId, number, content, this.now()));
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

  changeStatus(
    teamId: string,
    ref: string,
    to: 'accepted' | 'rejected' | 'deprecated',
    userId: string,
  ): Result<StatusChanged> {
    const found = this.resolve(teamId, ref);
    if (!found.ok) return found;
    const adr = found.value;
    const label = formatAdrNumber(adr.number);
    if (!this.mayChange(adr, userId))
      return refuse(`Only the author and the deciders of ${label} can change its status.`);
    if (adr.status === to) return refuse(`${label} is already ${statusLabel(to)}.`);
    if (!canTransition(adr.status, to)) {
      return refuse(
        `${label} is ${statusLabel(adr.status, adr.supersededBy)}; it cannot become ${statusLabel(to)}.${transitionHint(adr.status)}`,
      );
    }
    this.adrs.changeStatus(teamId, [{ number: adr.number, from: adr.status, to }], userId, this.now());
    return ok({ adr: this.refetch(adr), previous: adr.status });
  }

  supersede(teamId: string, ref: string, byRef: string, userId: string): Result<Superseded> {
    const target = this.resolve(teamId, ref);
    if (!target.ok) return target;
    const replacement = this.resolve(teamId, byRef);
    if (!replacement.ok) return replacement;
    const old = target.value;
    const next = replacement.value;
    if (!this.mayChange(old, userId)) {
      return refuse(`Only the author and the deciders of ${formatAdrNumber(old.number)} can supersede it.`);
    }
    const check = checkSupersede(old, next, (number) => this.adrs.find(teamId, number)?.supersededBy ?? null);
    if (!check.ok) return refuse(check.reason);
    this.adrs.changeStatus(
      teamId,
      [{ number: old.number, from: old.status, to: 'superseded', supersededBy: next.number }],
      userId,
      this.now(),
      `superseded by ${formatAdrNumber(next.number)}`,
    );
    return ok({ old: this.refetch(old), replacement: this.refetch(next) });
  }

  private refetch(adr: StoredAdr): StoredAdr {
    return this.adrs.find(adr.teamId, adr.number) ?? adr;
  }
}

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
