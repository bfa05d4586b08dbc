import { ErrorCode } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { callSlack, SlackCallError, slackFailureMessage, slackReason } from '../../../src/slack/slack-errors.js';

function webApiError(code: ErrorCode, extra: Record<string, unknown>): Error {
  return Object.assign(new Error('boom'), { code, ...extra });
}

describe('Slack failures in words', () => {
  it('names the method that failed and why', async () => {
    const failing = callSlack('views.open', async () => {
      throw webApiError(ErrorCode.RequestError, {
        original: Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }),
      });
    });
    const error = await failing.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SlackCallError);
    expect(slackFailureMessage(error)).toBe(
      'Slack did not open the form: Slack did not answer in time. Please try again.',
    );
  });

  it.each([
    [webApiError(ErrorCode.HTTPError, { statusCode: 503 }), 'Slack had a problem (HTTP 503)'],
    [
      new Error('A rate limit was exceeded (url: x, retry-after: 1)'),
      'Slack is limiting how fast we can call it right now',
    ],
    [webApiError(ErrorCode.RateLimitedError, { retryAfter: 3 }), 'Slack is limiting how fast we can call it right now'],
    [
      webApiError(ErrorCode.PlatformError, { data: { error: 'expired_trigger_id' } }),
      'the request expired before Slack could show it',
    ],
    [
      webApiError(ErrorCode.PlatformError, { data: { error: 'channel_not_found' } }),
      'Slack answered "channel_not_found"',
    ],
    [webApiError(ErrorCode.RequestError, { original: new Error('ECONNREFUSED') }), 'Slack could not be reached'],
  ])('explains %s', (error, reason) => {
    expect(slackReason(error)).toBe(reason);
  });

  it('is null for errors that are not Slack’s', () => {
    expect(slackReason(new TypeError('x is undefined'))).toBeNull();
    expect(slackFailureMessage(new Error('SQLITE_BUSY'))).toBeNull();
  });
});
