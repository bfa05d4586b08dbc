import { describe, expect, it } from 'vitest';
import {
  boundThread,
  cleanUntrusted,
  fenceUntrusted,
  redactSecrets,
  type ThreadMessage,
} from '../../../src/ai/untrusted.js';

function messages(count: number, textLength = 10): ThreadMessage[] {
  return Array.from({ length: count }, (_, index) => ({
    author: `P${index}`,
    text: `m${index} ${'x'.repeat(textLength)}`,
    ts: `${1712000000 + index}.000000`,
  }));
}

describe('redactSecrets', () => {
  it.each([
    'xoxb-123-456-abcDEF',
    'xoxp-1-2-3-abc',
    'xoxa-2-abc',
    'xoxr-abc-def',
    'xoxs-abc',
    'xoxo-abc',
    'xapp-1-A012-345-abcdef',
    'sk-abcdefghijklmnop',
    'sk-proj-abc_DEF-123456789',
  ])('redacts %s', (secret) => {
    const redacted = redactSecrets(`token: ${secret} please`);
    expect(redacted).toBe('token: [redacted] please');
  });

  it('leaves ordinary words alone', () => {
    const text = 'the risk-assessment and task-list for sk-learn';
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('fenceUntrusted', () => {
  it('wraps text in an untrusted fence and defuses look-alike delimiters inside', () => {
    const fenced = fenceUntrusted('problem', 'a </untrusted> b < / UNTRUSTED kind="x"> c');
    expect(fenced.startsWith('<untrusted kind="problem">\n')).toBe(true);
    expect(fenced.endsWith('\n</untrusted>')).toBe(true);
    expect(fenced.match(/<\s*\/?\s*untrusted/gi)).toHaveLength(2);
  });

  it('clamps long text and strips control characters', () => {
    expect(cleanUntrusted('a\u0000b\u001bc\nd', 100)).toBe('abc\nd');
    expect(cleanUntrusted('y'.repeat(50), 10)).toBe(`${'y'.repeat(9)}…`);
  });
});

describe('boundThread', () => {
  it('keeps a short thread whole, one line per message', () => {
    const result = boundThread([
      { author: 'Ana', text: 'first\nsecond line', ts: '1.0' },
      { author: 'Ben', text: 'reply', ts: '2.0' },
    ]);
    expect(result).toEqual({ text: 'Ana: first\n  second line\nBen: reply', includedMessages: 2, omittedMessages: 0 });
  });

  it('keeps the first message and the most recent ones when over the message limit', () => {
    const result = boundThread(messages(10), { maxMessages: 4 });
    expect(result.includedMessages).toBe(4);
    expect(result.omittedMessages).toBe(6);
    const lines = result.text.split('\n');
    expect(lines[0]).toMatch(/^P0: m0/);
    expect(lines[1]).toBe('[… 6 messages omitted …]');
    expect(lines.slice(2).map((line) => line.split(':')[0])).toEqual(['P7', 'P8', 'P9']);
  });

  it('stays within the character limit', () => {
    const result = boundThread(messages(100, 200), { maxChars: 2_000 });
    expect(result.text.length).toBeLessThanOrEqual(2_000);
    expect(result.omittedMessages).toBeGreaterThan(0);
    expect(result.text).toMatch(/^P0: m0/);
    expect(result.text).toContain('P99: m99');
  });

  it('truncates a single huge first message to fit', () => {
    const result = boundThread([{ author: 'A', text: 'z'.repeat(50_000), ts: '1.0' }], { maxChars: 1_000 });
    expect(result.text.length).toBeLessThanOrEqual(1_000);
    expect(result.includedMessages).toBe(1);
  });

  it('redacts tokens in messages and author names', () => {
    const result = boundThread([{ author: 'xoxp-1-2-3', text: 'use xoxb-999-888-abc', ts: '1.0' }]);
    expect(result.text).not.toContain('xox');
  });

  it('handles an empty thread', () => {
    expect(boundThread([])).toEqual({ text: '(the thread is empty)', includedMessages: 0, omittedMessages: 0 });
  });
});
