import { describe, expect, it } from 'vitest';
import {
  decisionOfferAnswered,
  decisionOfferMessage,
  encodeOfferedThread,
  parseOfferedThread,
} from '../../../../src/slack/blocks/decision-offer.js';
import { DecisionOfferActions } from '../../../../src/slack/decision-offer-ids.js';
import { validateBlocks } from '../../../support/block-kit-limits.js';

const thread = { channelId: 'C0123ABCD', threadTs: '1700000000.000100' };

describe('decision offer', () => {
  it('offers Draft ADR from thread and Not a decision, both naming the thread', () => {
    const message = decisionOfferMessage(thread);
    expect(validateBlocks(message.blocks, 'message')).toEqual([]);
    const body = JSON.stringify(message.blocks);
    expect(body).toContain(DecisionOfferActions.draft);
    expect(body).toContain(DecisionOfferActions.dismiss);
    expect(body).toContain('Not a decision');
    expect(parseOfferedThread(encodeOfferedThread(thread))).toEqual(thread);
  });

  it('refuses values that are not a thread of ours', () => {
    expect(parseOfferedThread(undefined)).toBeNull();
    expect(parseOfferedThread('{"c":"<!channel>","t":"1.2"}')).toBeNull();
    expect(parseOfferedThread('[]')).toBeNull();
  });

  it('answers both buttons', () => {
    expect(validateBlocks(decisionOfferAnswered('drafting').blocks, 'message')).toEqual([]);
    expect(decisionOfferAnswered('dismissed').text).toContain('not offer again');
  });
});
