import { describe, expect, it } from 'vitest';
import { slackTextToPlain, threadReadProblem } from '../../../src/slack/thread-reader.js';

const names = {
  looked: [] as string[],
  async name(id: string) {
    this.looked.push(id);
    return ({ U1: 'Alice Adams', U2: 'Bob Brown' } as Record<string, string>)[id] ?? 'someone';
  },
};

describe('slackTextToPlain', () => {
  it('turns Slack markup into readable text with names resolved', async () => {
    names.looked = [];
    const text = await slackTextToPlain(
      '<@U1> and <@U2|bob> see <#C9|arch>, <!here> <!subteam^S1|@backend> <!subteam^S2> <https://example.com/a|the bench> <https://x.io>',
      names,
    );
    expect(text).toBe(
      '@Alice Adams and @Bob Brown see #arch, @here @backend @a group the bench (https://example.com/a) https://x.io',
    );
    expect(names.looked.sort()).toEqual(['U1', 'U2']);
  });

  it('unescapes entities after the markup, so escaped text cannot become markup', async () => {
    expect(await slackTextToPlain('a &lt;@U1&gt; &amp;amp; b &gt; c', names)).toBe('a <@U1> &amp; b > c');
  });

  it('leaves unknown people as "someone"', async () => {
    expect(await slackTextToPlain('ping <@U404>', names)).toBe('ping @someone');
  });
});

describe('threadReadProblem', () => {
  it('tells the person how to fix a missing membership or scope, and to draft by hand', () => {
    expect(threadReadProblem('not_in_channel')).toContain('/invite @ADR Assistant');
    expect(threadReadProblem('missing_scope')).toContain('channels:history');
    for (const code of ['not_in_channel', 'missing_scope', 'thread_not_found', 'ratelimited']) {
      expect(threadReadProblem(code)).toMatch(/fill in the ADR yourself/i);
    }
  });

  it('never echoes anything but letters and underscores from an error code', () => {
    expect(threadReadProblem('<!channel>')).toContain('(channel)');
  });
});
