/**
 * A deterministic review of an ADR draft against the seed's ADR Template and its Best Practices Checklist.
 * Works without any AI; the Slack layer merges these findings with the AI review's.
 */
import type { AdrContent, AdrStatus } from './adr.js';

/** The parts of the seed's ADR Template a finding can point at, in template order. */
export const ADR_SECTIONS = [
  'Title',
  'Context and Problem Statement',
  'Decision Drivers',
  'Considered Options',
  'Decision Outcome',
  'Positive Consequences',
  'Negative Consequences',
  'Pros and Cons of the Options',
  'Links',
] as const;
export type AdrSection = (typeof ADR_SECTIONS)[number];

export const FINDING_SEVERITIES = ['warning', 'suggestion'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

export interface Finding {
  section: AdrSection;
  severity: FindingSeverity;
  message: string;
}

export interface ReviewOptions {
  /** A draft being written is 'proposed'; a missing decision only becomes a warning once it is accepted. */
  status?: AdrStatus;
}

export const MIN_CONTEXT_LENGTH = 80;

const PLACEHOLDER_OPTION_NAME = /^(option\s*(\d+|[a-z])?|tbd|todo|n\/a|none|\?+|-+|\.+|x+)$/i;

// Words that signal the context states a problem or a question to decide, not only background.
const PROBLEM_STATEMENT_HINT =
  /\?|\b(problem|issue|need|needs|must|should|want|how|which|whether|choose|decide|decision|challenge|pain|slow|fail|fails|failing|cannot|can't|unable|limit|limited|risk|require|requires|required|bottleneck)\b/i;

function isBlank(text: string | null | undefined): boolean {
  return text === null || text === undefined || text.trim() === '';
}

function quoted(name: string): string {
  const trimmed = name.trim();
  return `"${trimmed.length > 40 ? `${trimmed.slice(0, 39)}…` : trimmed}"`;
}

/** Options with a non-blank, non-placeholder name, first occurrence of each name only. */
export function realOptions(content: AdrContent): AdrContent['options'] {
  const seen = new Set<string>();
  return content.options.filter((option) => {
    const name = option.name.trim();
    const key = name.toLowerCase();
    if (name === '' || PLACEHOLDER_OPTION_NAME.test(name) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function reviewContent(content: AdrContent, options: ReviewOptions = {}): Finding[] {
  const status = options.status ?? 'proposed';
  const findings: Finding[] = [];
  const add = (section: AdrSection, severity: FindingSeverity, message: string) => {
    findings.push({ section, severity, message });
  };

  if (isBlank(content.title)) {
    add('Title', 'warning', 'Give the decision a short title, e.g. "Use PostgreSQL for primary database".');
  }

  const context = content.context.trim();
  if (context === '') {
    add('Context and Problem Statement', 'warning', 'Describe the context and the problem this decision solves.');
  } else if (context.length < MIN_CONTEXT_LENGTH) {
    add(
      'Context and Problem Statement',
      'warning',
      'The context is very short. Explain the forces at play and the constraints, so a reader a year from now understands why.',
    );
  } else if (!PROBLEM_STATEMENT_HINT.test(context)) {
    add(
      'Context and Problem Statement',
      'suggestion',
      'State the problem explicitly, e.g. as a question: "Which database should we use for orders?"',
    );
  }

  if (content.drivers.every(isBlank)) {
    add(
      'Decision Drivers',
      'warning',
      'List the decision drivers (requirements, constraints, team skills, budget) the options are judged by.',
    );
  }

  const consideredOptions = realOptions(content);
  if (consideredOptions.length < 2) {
    add(
      'Considered Options',
      'warning',
      consideredOptions.length === 0
        ? 'List at least two real options that were considered.'
        : 'Only one real option is listed. Add at least one alternative that was considered, even "keep things as they are".',
    );
  }
  for (const option of consideredOptions) {
    if (option.pros.every(isBlank)) {
      add('Pros and Cons of the Options', 'warning', `Option ${quoted(option.name)} has no pros.`);
    }
    if (option.cons.every(isBlank)) {
      add(
        'Pros and Cons of the Options',
        'warning',
        `Option ${quoted(option.name)} has no cons. Every option has a trade-off; name it.`,
      );
    }
  }

  const chosen = content.chosenOption?.trim() ?? '';
  if (chosen === '') {
    if (status === 'proposed') {
      add('Decision Outcome', 'suggestion', 'No option is chosen yet. Pick one before the decision is accepted.');
    } else {
      add('Decision Outcome', 'warning', 'No option is chosen. A decided ADR must name the chosen option.');
    }
  } else {
    const known = content.options.some((option) => option.name.trim().toLowerCase() === chosen.toLowerCase());
    if (!known) {
      add('Decision Outcome', 'warning', `The chosen option ${quoted(chosen)} is not one of the considered options.`);
    }
    if (isBlank(content.justification)) {
      add('Decision Outcome', 'suggestion', 'Say in one or two sentences why this option was chosen.');
    }
  }

  if (content.positiveConsequences.every(isBlank)) {
    add('Positive Consequences', 'suggestion', 'List what gets better because of this decision.');
  }

  const negatives = content.negativeConsequences.filter((consequence) => !isBlank(consequence.text));
  if (negatives.length === 0) {
    add(
      'Negative Consequences',
      'warning',
      'List at least one negative consequence. Every decision has a cost; naming it helps the next reader.',
    );
  }
  for (const consequence of negatives) {
    if (isBlank(consequence.mitigation)) {
      add('Negative Consequences', 'warning', `Add a risk mitigation for ${quoted(consequence.text)}.`);
    }
  }

  if (content.links.every(isBlank) && isBlank(content.technicalStory)) {
    add(
      'Links',
      'suggestion',
      'Link the technical story (issue or ticket) and any references, benchmarks or related ADRs.',
    );
  }

  return findings;
}

function findingKey(finding: Finding): string {
  return `${finding.section}\u0000${finding.message.trim().replace(/\s+/g, ' ').toLowerCase()}`;
}

/**
 * Combines rule and AI findings: drops repeats of the same section and message (ignoring case and spacing),
 * keeps the first one seen, and orders the result by template section.
 */
export function mergeFindings(...lists: readonly (readonly Finding[])[]): Finding[] {
  const seen = new Set<string>();
  const merged: Finding[] = [];
  for (const list of lists) {
    for (const finding of list) {
      const key = findingKey(finding);
      if (seen.has(key)) continue;
      seen.add(key);
      merged.push(finding);
    }
  }
  // Array.prototype.sort is stable, so findings keep their order within a section.
  return merged.sort((a, b) => ADR_SECTIONS.indexOf(a.section) - ADR_SECTIONS.indexOf(b.section));
}
