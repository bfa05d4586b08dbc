import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, viewOf } from '../support/app-harness.js';
import { allText, click, configure, current, dmsTo, proposeAdr, responses } from '../support/decisions.js';
import { count, firstRow, rows, value } from '../support/rows.js';

let t: TestApp;

beforeEach(async () => {
  t = await startTestApp();
});

afterEach(async () => {
  expect(t.fake.violations).toEqual([]);
  expect(t.fake.broadcasts).toEqual([]);
  await t.stop();
});

const DECIDERS = ['U_BOB', 'U_CAROL', 'U_DAN'];

async function status(number: number): Promise<string | undefined> {
  return value<string>(t, 'adrs', 'status', { team_id: 'T_TEST', number });
}

function approvalDm(userId: string) {
  const dm = dmsTo(t, userId).find((m) => allText(m.blocks).includes('adr_approval_approve'));
  if (!dm) throw new Error(`no approval request was sent to ${userId}`);
  return dm;
}

function lastEphemeral(since: number): string {
  const replies = responses(t, since).filter((call) => call.args.response_type === 'ephemeral');
  return allText(replies.at(-1)?.args);
}

describe('approvals', () => {
  it('accepts after the second of three approvals under the majority rule, announcing it exactly once', async () => {
    await configure(t, { channel: 'C_DECISIONS', rule: 'majority' });
    const { number, card } = await proposeAdr(t, { deciders: DECIDERS });

    let since = t.fake.calls.length;
    await click(t, card, 'adr_card_request_approval', 'U_ALICE');
    expect(lastEphemeral(since)).toContain('Asked <@U_BOB>, <@U_CAROL>, <@U_DAN>');
    for (const decider of DECIDERS) {
      const dm = approvalDm(decider);
      expect(allText(dm.blocks)).toContain('ADR-001: Use PostgreSQL for orders');
      expect(allText(dm.blocks)).toContain('adr_approval_changes');
    }
    expect(allText(current(t, card).blocks)).toContain(':hourglass_flowing_sand: <@U_BOB>');

    await click(t, approvalDm('U_BOB'), 'adr_approval_approve', 'U_BOB');
    expect(await status(number)).toBe('proposed');
    const afterBob = allText(current(t, card).blocks);
    // Who answered and when.
    const answeredAt = await value(t, 'approvals', 'answered_at', { decider_id: 'U_BOB' });
    expect(afterBob).toContain(`:white_check_mark: <@U_BOB> ${String(answeredAt).slice(0, 10)}`);
    expect(afterBob).toContain(':hourglass_flowing_sand: <@U_CAROL>');
    expect(t.fake.messages('C_DECISIONS')).toEqual([]);

    since = t.fake.calls.length;
    await click(t, approvalDm('U_CAROL'), 'adr_approval_approve', 'U_CAROL');
    expect(await status(number)).toBe('accepted');
    expect(lastEphemeral(since)).toContain('is now Accepted');
    const history = await rows(
      t,
      'status_changes',
      { team_id: 'T_TEST', adr_number: 1, to_status: 'accepted' },
      { columns: ['actor_id', 'note'] },
    );
    expect(history).toEqual([{ actor_id: 'U_CAROL', note: expect.stringContaining('2 of 3') }]);

    const announcements = t.fake.messages('C_DECISIONS');
    expect(announcements).toHaveLength(1);
    const announcement = allText(announcements[0]);
    for (const expected of [
      'ADR-001: Use PostgreSQL for orders',
      'Chosen option: \\"PostgreSQL\\"',
      'ACID transactions',
      'Team knows SQL',
      'One database to run',
      'Single primary',
      'read replicas',
      '<@U_BOB>, <@U_CAROL>, <@U_DAN>',
      '"action_id":"adr_card_view"',
      '"value":"1"',
    ]) {
      expect(announcement).toContain(expected);
    }
    const reply = t.fake.messages('C_GENERAL').filter((m) => m.thread_ts === card.ts);
    expect(reply).toHaveLength(1);
    expect(allText(reply[0])).toContain('ADR-001 is accepted');
    expect(allText(current(t, card).blocks)).toContain(':white_check_mark: Accepted');

    // A third answer after the decision changes nothing and says why.
    since = t.fake.calls.length;
    await click(t, approvalDm('U_DAN'), 'adr_approval_approve', 'U_DAN');
    expect(lastEphemeral(since)).toContain('already Accepted');
    expect(t.fake.messages('C_DECISIONS')).toHaveLength(1);
    expect(await count(t, 'outbox', { kind: 'announce_accepted' })).toBe(1);
  });

  it('records "Request changes" with a comment, tells the author, and lets the decider change their answer', async () => {
    await configure(t, { channel: 'C_DECISIONS', rule: 'all' });
    const { number, card } = await proposeAdr(t, { deciders: ['U_BOB', 'U_CAROL'] });
    await click(t, card, 'adr_card_request_approval', 'U_ALICE');

    const since = t.fake.calls.length;
    await click(t, approvalDm('U_CAROL'), 'adr_approval_changes', 'U_CAROL');
    const modal = viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
    const empty = await t.submit(modal, { request_changes_comment: '  ' }, { userId: 'U_CAROL' });
    expect(empty.body?.response_action).toBe('errors');
    const sent = await t.submit(
      modal,
      { request_changes_comment: 'Add the <!here> cost of replicas' },
      { userId: 'U_CAROL' },
    );
    expect(sent.body?.response_action).toBe('clear');
    await t.settle();

    const row = (await firstRow(
      t,
      'approvals',
      { decider_id: 'U_CAROL' },
      { columns: ['answer', 'comment', 'answered_at'] },
    )) as Record<string, string>;
    expect(row).toMatchObject({ answer: 'changes_requested', comment: 'Add the <!here> cost of replicas' });
    expect(row.answered_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const cardText = allText(current(t, card).blocks);
    expect(cardText).toContain(':pencil2: <@U_CAROL> (changes requested');
    expect(cardText).toContain('&lt;!here&gt;');
    const toAuthor = dmsTo(t, 'U_ALICE').find((m) => allText(m.blocks).includes('requested changes'));
    expect(allText(toAuthor?.blocks)).toContain('cost of replicas');
    // The DM Carol answered from now says what she answered.
    expect(allText(current(t, approvalDm('U_CAROL')).blocks)).toContain('You requested changes');

    const show = (await t.slack.command(`show ${number}`)).json() as { blocks: unknown[] };
    expect(allText(show.blocks)).toContain(':pencil2: <@U_CAROL> (changes requested');
    expect(allText(show.blocks)).toContain(':hourglass_flowing_sand: <@U_BOB>');

    // Under "all deciders", Carol changing her mind to Approve (after Bob) accepts the ADR.
    await click(t, approvalDm('U_BOB'), 'adr_approval_approve', 'U_BOB');
    expect(await status(number)).toBe('proposed');
    await click(t, approvalDm('U_CAROL'), 'adr_approval_approve', 'U_CAROL');
    expect(await status(number)).toBe('accepted');
    expect(await value(t, 'approvals', 'answer', { decider_id: 'U_CAROL' })).toBe('approved');
  });

  it('tells a non-decider why they cannot approve, and records nothing', async () => {
    const { card } = await proposeAdr(t, { deciders: ['U_BOB'] });
    await click(t, card, 'adr_card_request_approval', 'U_ALICE');
    const since = t.fake.calls.length;
    await click(t, approvalDm('U_BOB'), 'adr_approval_approve', 'U_MALLORY');
    expect(lastEphemeral(since)).toContain('Only the deciders named on ADR-001');
    expect(await value(t, 'approvals', 'answer', { decider_id: 'U_BOB' })).toBe('pending');
    expect(await count(t, 'approvals', { decider_id: 'U_MALLORY' })).toBe(0);
  });

  it('explains that deciders must be named before approval can be requested', async () => {
    const { card } = await proposeAdr(t, { deciders: [] });
    const since = t.fake.calls.length;
    await click(t, card, 'adr_card_request_approval', 'U_ALICE');
    expect(lastEphemeral(since)).toContain('names no deciders yet');
    expect(await count(t, 'approvals')).toBe(0);
    expect(await count(t, 'outbox')).toBe(0);
  });

  it('asks only deciders not asked yet when approval is requested again', async () => {
    const { card } = await proposeAdr(t, { deciders: ['U_BOB', 'U_CAROL'] });
    await click(t, card, 'adr_card_request_approval', 'U_ALICE');
    const since = t.fake.calls.length;
    await click(t, current(t, card), 'adr_card_request_approval', 'U_BOB');
    expect(lastEphemeral(since)).toContain('Everyone was already asked');
    expect(dmsTo(t, 'U_BOB')).toHaveLength(1);
    expect(dmsTo(t, 'U_CAROL')).toHaveLength(1);
  });

  it('honours "deciders only" for accepting: the author is refused, a decider may accept', async () => {
    await configure(t, { acceptPolicy: 'deciders_only' });
    const { number, card } = await proposeAdr(t, { deciders: ['U_BOB'] });
    const since = t.fake.calls.length;
    await click(t, card, 'adr_card_accept', 'U_ALICE');
    expect(lastEphemeral(since)).toContain('only the deciders of ADR-001 can accept it');
    expect(await status(number)).toBe('proposed');
    const refused = (await t.slack.command('accept 1', { userId: 'U_ALICE' })).json() as { text: string };
    expect(refused.text).toContain('only the deciders');
    const accepted = (await t.slack.command('accept 1', { userId: 'U_BOB' })).json() as { text: string };
    expect(accepted.text).toContain('is now Accepted');
    expect(await status(number)).toBe('accepted');
  });
});
