import { describe, expect, it } from 'vitest';
import type { StoredAdr } from '../../../src/db/adr-repository.js';
import type { OutboxRow } from '../../../src/db/outbox-repository.js';
import { defaultSettings } from '../../../src/domain/settings.js';
import { adrCardBlocks, approvalsText } from '../../../src/slack/blocks/adr-card.js';
import {
  acceptedAnnouncement,
  acceptedThreadReply,
  retiredAnnouncement,
} from '../../../src/slack/blocks/announcements.js';
import { approvalRequestMessage, changesRequestedMessage } from '../../../src/slack/blocks/approvals.js';
import { homeView } from '../../../src/slack/blocks/home.js';
import { reviewDueMessage } from '../../../src/slack/blocks/review.js';
import { settingsView } from '../../../src/slack/blocks/settings.js';
import { validateBlocks, validateView } from '../../support/block-kit-limits.js';
import { mrkdwnTexts } from '../../support/decisions.js';
import { richAdr } from '../domain/markdown/sample-adrs.js';

const HOSTILE = 'Ping <!channel> & <@U123> <https://evil.example|click>';

function hugeAdr(): StoredAdr {
  const long = (word: string) => `${word} `.repeat(800);
  return {
    ...richAdr(),
    title: `${HOSTILE} ${long('title')}`,
    status: 'accepted',
    supersededBy: null,
    context: long(HOSTILE),
    drivers: Array.from({ length: 30 }, (_, i) => `${HOSTILE} driver ${i} ${long('d')}`),
    chosenOption: `${HOSTILE} ${long('option')}`,
    justification: long('because'),
    positiveConsequences: Array.from({ length: 20 }, () => long('good')),
    negativeConsequences: Array.from({ length: 20 }, () => ({ text: long('bad'), mitigation: long('fix') })),
    deciders: Array.from({ length: 40 }, (_, i) => `U${String(i).padStart(6, '0')}`),
    card: null,
    approvals: Array.from({ length: 40 }, (_, i) => ({
      deciderId: `U${String(i).padStart(6, '0')}`,
      answer: 'changes_requested' as const,
      comment: long(HOSTILE),
      requestedAt: '2026-01-01T00:00:00.000Z',
      answeredAt: '2026-01-02T00:00:00.000Z',
    })),
    reviewDueAt: '2026-07-01T00:00:00.000Z',
  };
}

describe('notification messages', () => {
  const adr = hugeAdr();
  const rule = { rule: 'majority' as const, needed: 21, deciders: 40 };
  const messages = {
    announcement: acceptedAnnouncement(adr, { acceptedBy: 'U000001', scoreLine: 'Weighted score *4.2* / 5' }),
    edited: acceptedAnnouncement(
      { ...adr, status: 'superseded', supersededBy: 9 },
      { replacement: { number: 9, title: HOSTILE } },
    ),
    threadReply: acceptedThreadReply(adr, 'C_DECISIONS'),
    retired: retiredAnnouncement(
      { ...adr, status: 'superseded', supersededBy: 9 },
      { number: 9, title: HOSTILE },
      'U1',
    ),
    request: approvalRequestMessage({ ...adr, status: 'proposed' }, { requestedBy: 'U000001', rule }),
    answered: approvalRequestMessage({ ...adr, status: 'proposed' }, { answer: 'approved', rule }),
    changes: changesRequestedMessage(adr, 'U000002', HOSTILE.repeat(40)),
    review: reviewDueMessage(adr, { dueAt: '2026-07-01T00:00:00.000Z', keepMonths: 6 }),
    card: { text: 'card', blocks: adrCardBlocks(adr) },
  };

  it.each(Object.entries(messages))('%s stays within Block Kit limits however long the ADR is', (_name, message) => {
    expect(validateBlocks(message.blocks, 'message')).toEqual([]);
  });

  it.each(Object.entries(messages))('%s escapes every piece of user text', (_name, message) => {
    for (const text of [message.text, ...mrkdwnTexts(message.blocks)]) {
      expect(text).not.toMatch(/<!channel>|<@U123>|<https:\/\/evil/);
    }
  });

  it('shows the weighted score hook and who accepted', () => {
    const text = JSON.stringify(messages.announcement.blocks);
    expect(text).toContain('Weighted score *4.2* / 5');
    expect(text).toContain('Accepted* by <@U000001>');
  });

  it('writes the approval line the card and /adr show carry', () => {
    const line = approvalsText({
      deciders: ['U0BOB', 'U0CAROL', 'U0DAN'],
      approvals: [
        { deciderId: 'U0BOB', answer: 'approved', comment: null, requestedAt: '', answeredAt: '2026-03-02T10:00:00Z' },
        {
          deciderId: 'U0CAROL',
          answer: 'changes_requested',
          comment: 'More data',
          requestedAt: '',
          answeredAt: '2026-03-03T10:00:00Z',
        },
      ],
    });
    expect(line).toBe(
      '*Approvals:* :white_check_mark: <@U0BOB> 2026-03-02, :pencil2: <@U0CAROL> (changes requested 2026-03-03: “More data”), :hourglass_flowing_sand: <@U0DAN>',
    );
    expect(approvalsText({ deciders: ['U0BOB'], approvals: [] })).toBeNull();
  });
});

describe('views', () => {
  it('the settings modal is a valid modal', () => {
    expect(validateView(settingsView({ ...defaultSettings('T1'), decisionsChannelId: 'C1' }, 'U1'))).toEqual([]);
  });

  it('a full Home tab stays within 100 blocks', () => {
    const summary = {
      number: 1,
      title: HOSTILE,
      status: 'accepted' as const,
      supersededBy: null,
      date: '2026-01-01',
      authorId: 'U1',
    };
    const failed: OutboxRow = {
      id: 1,
      teamId: 'T1',
      kind: 'announce_accepted',
      adrNumber: 1,
      channelId: 'C1',
      threadTs: null,
      payload: {},
      status: 'failed',
      attempts: 10,
      nextAttemptAt: '2026-01-01T00:00:00.000Z',
      lastError: 'not_in_channel',
      sentChannelId: null,
      sentTs: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const draft = {
      id: 1,
      teamId: 'T1',
      userId: 'U1',
      adrNumber: null,
      step: 2,
      content: { ...richAdr(), title: HOSTILE },
      channelId: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const view = homeView(
      {
        userId: 'U1',
        filter: null,
        log: { items: Array.from({ length: 15 }, () => summary), total: 400 },
        waiting: Array.from({ length: 10 }, () => summary),
        drafts: Array.from({ length: 5 }, () => draft),
        failed: Array.from({ length: 10 }, () => failed),
        decisionsChannelId: null,
      },
      new Date('2026-02-01T00:00:00.000Z'),
    );
    expect(validateView(view)).toEqual([]);
    for (const text of mrkdwnTexts(view.blocks)) expect(text).not.toMatch(/<!channel>|<@U123>/);
  });
});
