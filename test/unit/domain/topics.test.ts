import { describe, expect, it } from 'vitest';
import { emptyContent } from '../../../src/domain/adr.js';
import { applyTopic, findTopic, TOPIC_STARTERS } from '../../../src/domain/topics.js';
import { isValid, validateDrivers, validateOptions } from '../../../src/domain/validation.js';

describe('TOPIC_STARTERS', () => {
  it('covers the common ADR topics of the seed', () => {
    expect(TOPIC_STARTERS.map((topic) => topic.id)).toEqual([
      'database-selection',
      'architecture-pattern',
      'api-framework',
      'authentication-authorization',
      'deployment-strategy',
      'caching-strategy',
      'message-queue',
      'search-engine',
      'monitoring-solution',
    ]);
  });

  it.each(TOPIC_STARTERS.map((topic) => [topic.id, topic] as const))('%s passes the wizard validation', (_, topic) => {
    expect(validateDrivers(topic.drivers)).toEqual({});
    expect(validateOptions(topic.options)).toEqual({});
    expect(isValid(validateOptions(topic.options))).toBe(true);
    for (const option of topic.options) {
      expect(option.pros.length + option.cons.length).toBeGreaterThan(0);
      expect(option.useWhen.trim()).not.toBe('');
    }
  });

  it('has unique ids', () => {
    expect(new Set(TOPIC_STARTERS.map((topic) => topic.id)).size).toBe(TOPIC_STARTERS.length);
  });

  it('uses the seed’s database facts', () => {
    const database = findTopic('database-selection');
    expect(database?.options.map((option) => option.name)).toEqual([
      'PostgreSQL',
      'MySQL',
      'MongoDB',
      'Redis',
      'Cassandra',
    ]);
    expect(database?.options[0]?.cons.join(' ')).toMatch(/sharding/);
    expect(database?.options[3]?.cons.join(' ')).toMatch(/RAM/);
  });

  it('has the seed’s architecture patterns, caching strategies and brokers', () => {
    expect(findTopic('architecture-pattern')?.options.map((option) => option.name)).toEqual([
      'Monolith',
      'Microservices',
      'Event-driven architecture',
      'CQRS',
      'Layered architecture',
    ]);
    const caching = findTopic('caching-strategy');
    expect(caching?.options.map((option) => option.name)).toEqual([
      'Cache-aside (lazy loading)',
      'Write-through',
      'Explicit invalidation on write',
    ]);
    expect(caching?.notes.join(' ')).toMatch(/LRU.*LFU.*TTL/);
    expect(findTopic('message-queue')?.options.map((option) => option.name)).toEqual([
      'Apache Kafka',
      'RabbitMQ',
      'Amazon SQS',
      'NATS',
    ]);
  });
});

describe('findTopic', () => {
  it('finds by id and returns undefined for unknown ids', () => {
    expect(findTopic('caching-strategy')?.label).toBe('Caching strategy');
    expect(findTopic('nope')).toBeUndefined();
  });
});

describe('applyTopic', () => {
  const topic = findTopic('database-selection')!;

  it('fills empty drivers and options with copies, without useWhen', () => {
    const content = applyTopic(emptyContent('Pick a database'), topic);
    expect(content.title).toBe('Pick a database');
    expect(content.drivers).toEqual(topic.drivers);
    expect(content.options[0]).toEqual({
      name: 'PostgreSQL',
      pros: topic.options[0]!.pros,
      cons: topic.options[0]!.cons,
    });
    expect(content.options[0]).not.toHaveProperty('useWhen');
    content.drivers.push('mutated');
    content.options[0]!.pros.push('mutated');
    expect(topic.drivers).not.toContain('mutated');
    expect(topic.options[0]!.pros).not.toContain('mutated');
  });

  it('never overwrites what the user typed', () => {
    const typed = {
      ...emptyContent('Pick a database'),
      drivers: ['Our own driver'],
      options: [
        { name: 'PostgreSQL', pros: ['we know it'], cons: [] },
        { name: 'SQLite', pros: [], cons: [] },
      ],
    };
    const content = applyTopic(typed, topic);
    expect(content.drivers).toEqual(['Our own driver']);
    expect(content.options).toEqual(typed.options);
  });

  it('fills pros and cons of a typed option the topic knows, when it has none yet', () => {
    const typed = { ...emptyContent(), options: [{ name: 'mongodb', pros: [], cons: [] }] };
    const content = applyTopic(typed, topic);
    expect(content.options).toEqual([{ name: 'mongodb', pros: topic.options[2]!.pros, cons: topic.options[2]!.cons }]);
    expect(content.drivers).toEqual(topic.drivers);
  });
});
