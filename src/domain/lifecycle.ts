import type { AdrStatus } from './adr.js';
import { formatAdrNumber } from './adr-number.js';

/** Where each status may go next. Rejected, deprecated and superseded ADRs are history: they never change again. */
export const STATUS_TRANSITIONS: Readonly<Record<AdrStatus, readonly AdrStatus[]>> = {
  proposed: ['accepted', 'rejected'],
  accepted: ['deprecated', 'superseded'],
  rejected: [],
  deprecated: [],
  superseded: [],
};

export function canTransition(from: AdrStatus, to: AdrStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to);
}

export function allowedTransitions(from: AdrStatus): AdrStatus[] {
  return [...STATUS_TRANSITIONS[from]];
}

export function isFinalStatus(status: AdrStatus): boolean {
  return STATUS_TRANSITIONS[status].length === 0;
}

/** Only a proposal can still be edited; once decided, an ADR is a record and changes only by status. */
export function isEditable(status: AdrStatus): boolean {
  return status === 'proposed';
}

const STATUS_LABELS: Record<AdrStatus, string> = {
  proposed: 'Proposed',
  accepted: 'Accepted',
  rejected: 'Rejected',
  deprecated: 'Deprecated',
  superseded: 'Superseded',
};

/** `'Accepted'`, or `'Superseded by ADR-004'` when the superseding ADR is known. */
export function statusLabel(status: AdrStatus, supersededBy?: number | null): string {
  if (status === 'superseded' && supersededBy != null) return `Superseded by ${formatAdrNumber(supersededBy)}`;
  return STATUS_LABELS[status];
}

export type CheckResult = { ok: true } | { ok: false; reason: string };

export interface AdrRef {
  number: number;
  status: AdrStatus;
}

/**
 * Whether `replacement` may supersede `target`. `supersededByOf(n)` returns the ADR that supersedes ADR n, if any;
 * it is used to refuse chains that would loop back to the target.
 */
export function checkSupersede(
  target: AdrRef,
  replacement: AdrRef,
  supersededByOf: (adrNumber: number) => number | null,
): CheckResult {
  const targetName = formatAdrNumber(target.number);
  const replacementName = formatAdrNumber(replacement.number);
  if (target.number === replacement.number) {
    return { ok: false, reason: `${targetName} cannot supersede itself.` };
  }
  if (target.status !== 'accepted') {
    return {
      ok: false,
      reason: `Only an accepted ADR can be superseded, and ${targetName} is ${STATUS_LABELS[target.status].toLowerCase()}.`,
    };
  }
  if (replacement.status !== 'proposed' && replacement.status !== 'accepted') {
    return {
      ok: false,
      reason: `${replacementName} is ${STATUS_LABELS[replacement.status].toLowerCase()}, so it cannot replace another decision. Pick a proposed or accepted ADR.`,
    };
  }
  const visited = new Set<number>([replacement.number]);
  let current = supersededByOf(replacement.number);
  while (current != null && !visited.has(current)) {
    if (current === target.number) {
      return {
        ok: false,
        reason: `${replacementName} is already (indirectly) superseded by ${targetName}, so this would make a loop.`,
      };
    }
    visited.add(current);
    current = supersededByOf(current);
  }
  return { ok: true };
}
