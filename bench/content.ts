/**
 * Deterministic, realistic ADR content for seeding: titles, context, drivers and options drawn from the
 * wizard's topic starters, with enough varied prose that full-text search has real work to do.
 */
import type { AdrContent, AdrStatus } from '../src/domain/adr.js';
import { TOPIC_STARTERS } from '../src/domain/topics.js';

/** Mulberry32: tiny, seedable, good enough to spread choices. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = [
  'orders',
  'billing',
  'checkout',
  'inventory',
  'search',
  'notifications',
  'identity',
  'reporting',
  'payments',
  'shipping',
  'catalog',
  'recommendations',
  'analytics',
  'onboarding',
  'support portal',
  'mobile backend',
];

const CONTEXT_SENTENCES = [
  'The {service} service has grown from a prototype into something three teams depend on every day.',
  'Traffic on {service} doubles every year and the current setup already shows strain at peak hours.',
  'Incidents in the last quarter traced back to how {service} handles this today.',
  'New hires find the current approach in {service} hard to learn and easy to get wrong.',
  'We need a decision before the next planning cycle so the migration can be scheduled.',
  'Compliance asks for an audit trail, which the current design of {service} cannot give.',
  'Latency budgets for {service} are tight: p99 must stay under two hundred milliseconds.',
  'The team prefers managed services where the operational cost is reasonable.',
  'Costs of the current hosting rose sharply after the last contract renewal.',
  'Several customers asked for data residency in the EU, which affects where {service} runs.',
  'The on-call load is high and most pages come from the same few components.',
  'We want to keep the number of technologies small so everyone can support production.',
];

const TITLE_PATTERNS = [
  'Use {option} for {service}',
  'Adopt {option} in the {service} service',
  '{topic} for {service}',
];

const USERS = Array.from({ length: 40 }, (_, index) => `U${String(index + 1).padStart(8, '0')}`);

export function teamIdOf(index: number): string {
  return `T${String(index + 1).padStart(8, '0')}`;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function some<T>(random: () => number, items: readonly T[], min: number, max: number): T[] {
  const count = Math.min(items.length, min + Math.floor(random() * (max - min + 1)));
  const pool = [...items];
  const chosen: T[] = [];
  while (chosen.length < count && pool.length > 0) {
    chosen.push(pool.splice(Math.floor(random() * pool.length), 1)[0] as T);
  }
  return chosen;
}

export interface SeedAdr {
  content: AdrContent;
  authorId: string;
  /** The status it ends in (it is always proposed first, then changed). */
  finalStatus: AdrStatus;
}

/** One ADR as a team would write it in the wizard. */
export function makeAdr(random: () => number): SeedAdr {
  const topic = pick(random, TOPIC_STARTERS);
  const service = pick(random, SERVICES);
  const options = some(random, topic.options, 2, 4).map((option) => ({
    name: option.name,
    pros: some(random, option.pros, 1, 3),
    cons: some(random, option.cons, 1, 2),
  }));
  const chosen = random() < 0.85 ? (options[0]?.name ?? null) : null;
  const fill = (text: string) =>
    text
      .replace('{service}', service)
      .replace('{option}', chosen ?? options[0]?.name ?? 'a new approach')
      .replace('{topic}', topic.label);
  const context = [
    topic.question,
    ...some(random, CONTEXT_SENTENCES, 2, 4).map(fill),
    pick(random, topic.notes) ?? '',
  ].join(' ');
  const roll = random();
  const finalStatus: AdrStatus =
    roll < 0.55
      ? 'accepted'
      : roll < 0.7
        ? 'proposed'
        : roll < 0.8
          ? 'rejected'
          : roll < 0.9
            ? 'deprecated'
            : 'accepted';
  return {
    authorId: pick(random, USERS),
    finalStatus,
    content: {
      title: fill(pick(random, TITLE_PATTERNS)).slice(0, 150),
      deciders: some(random, USERS, 1, 3),
      technicalStory: random() < 0.5 ? `JIRA-${1000 + Math.floor(random() * 9000)}` : '',
      context,
      drivers: some(random, topic.drivers, 2, 4),
      options,
      chosenOption: chosen,
      justification: chosen ? `it fits ${service} best: ${options[0]?.pros[0] ?? 'it is the simplest choice'}` : '',
      positiveConsequences: chosen ? [`${service} gets ${options[0]?.pros[0] ?? 'a clear direction'}`] : [],
      negativeConsequences: chosen
        ? [{ text: options[0]?.cons[0] ?? 'some migration work', mitigation: 'revisit in six months' }]
        : [],
      links: random() < 0.3 ? [`https://wiki.example.com/${service.replace(/ /g, '-')}/adr`] : [],
    },
  };
}
