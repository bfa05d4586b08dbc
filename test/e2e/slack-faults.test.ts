import { LogLevel } from '@slack/logger';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonLogger } from '../../src/logging/json-logger.js';
import { CardActions, Shortcuts, WizardActions } from '../../src/slack/ids.js';
import { startTestApp, type TestApp, viewOf } from '../support/app-harness.js';
import type { Fault, RecordedCall } from '../support/fake-slack.js';
import { count, firstRow } from '../support/rows.js';
import { proposeThroughWizard } from '../support/wizard-driver.js';

// Every Web API method the product uses, failing the three ways Slack fails: rate limiting (429 with
// Retry-After), server errors (5xx) and no answer at all (the request times out).
// The timeout case shortens the app's request timeout (SLACK_API_TIMEOUT_MS) to well under the fake's delay,
// and well over what any answered call takes on a loaded machine.
const FAULTS: { name: string; fault: Fault; reason: RegExp; timeoutMs?: string }[] = [
  { name: '429 Retry-After', fault: { status: 429, retryAfter: 0 }, reason: /limiting how fast/ },
  { name: '500', fault: { status: 500 }, reason: /had a problem \(HTTP 500\)/ },
  { name: '503', fault: { status: 503 }, reason: /had a problem \(HTTP 503\)/ },
  { name: 'timeout', fault: { delayMs: 10_000 }, reason: /did not answer in time/, timeoutMs: '800' },
];

let t: TestApp;
let logLines: string[];

async function start(options: Parameters<typeof startTestApp>[0] = {}, timeoutMs = '10000') {
  logLines = [];
  const logger = new JsonLogger({ level: LogLevel.WARN, write: (line) => logLines.push(line) });
  t = await startTestApp({ env: { SLACK_API_TIMEOUT_MS: timeoutMs, LOG_LEVEL: 'warn' }, logger, ...options });
  return t;
}

afterEach(async () => {
  // Failures are logged, as JSON, without the token.
  for (const line of logLines) expect(() => JSON.parse(line)).not.toThrow();
  expect(logLines.join('\n')).not.toContain('xoxb-test-token');
  expect(t.fake.violations).toEqual([]);
  expect(t.fake.broadcasts).toEqual([]);
  await t.stop();
});

function text(call: RecordedCall): string {
  return `${String(call.args.text ?? '')} ${JSON.stringify(call.args.blocks ?? [])}`;
}

/** The app still answers normally after the fault. */
async function stillHealthy(): Promise<void> {
  const response = await t.slack.command('help');
  expect(response.status).toBe(200);
  expect(response.body).toContain('/adr new');
}

async function postedCard() {
  await proposeThroughWizard(t, 'Pick a queue');
  await t.settle();
  const card = t.fake.messages('C_GENERAL').find((message) => JSON.stringify(message.blocks).includes('ADR-001'));
  if (!card) throw new Error('no card posted');
  return card;
}

describe.each(FAULTS)('Slack failing with $name', ({ fault, reason, timeoutMs }) => {
  it('views.open from /adr new: the person is told the form did not open, and the draft is kept', async () => {
    await start({}, timeoutMs);
    t.fake.failNext('views.open', fault);
    const since = t.fake.calls.length;
    const response = await t.slack.command('new Caching strategy');
    expect(response.status).toBe(200);
    const told = await t.fake.waitFor('response_url', undefined, { since });
    expect(text(told)).toMatch(/Slack did not open the form/);
    expect(text(told)).toMatch(reason);
    expect(told.args.response_type).toBe('ephemeral');
    await t.settle();
    expect(await count(t, 'drafts')).toBe(1);
    await stillHealthy();
  });

  it('views.open from a card button: the person is told, ephemerally', async () => {
    await start({}, timeoutMs);
    const card = await postedCard();
    t.fake.failNext('views.open', fault);
    const since = t.fake.calls.length;
    await t.slack.blockAction({ actionId: CardActions.view, message: card, channelId: 'C_GENERAL' });
    const told = await t.fake.waitFor('response_url', undefined, { since });
    expect(text(told)).toMatch(/Slack did not open the form/);
    expect(text(told)).toMatch(reason);
    expect(told.args.replace_original).toBe(false);
    await stillHealthy();
  });

  it('views.open from the New ADR shortcut: nothing crashes (there is nowhere to tell the person)', async () => {
    await start({}, timeoutMs);
    t.fake.failNext('views.open', fault);
    const response = await t.slack.shortcut(Shortcuts.newAdr);
    expect(response.status).toBe(200);
    await t.settle();
    await stillHealthy();
  });

  it('views.update from a wizard button: what was typed is saved, and nothing crashes', async () => {
    await start({}, timeoutMs);
    const since = t.fake.calls.length;
    await t.slack.command('new Message bus');
    const step1 = viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
    const s1 = await t.submit(step1, { wizard_title: 'Message bus' });
    t.fake.failNext('views.update', fault);
    const response = await t.slack.blockAction({ actionId: WizardActions.back, view: s1.next as never });
    expect(response.status).toBe(200);
    await t.settle();
    const draft = (await firstRow(t, 'drafts', {}, { columns: ['step', 'content_json'] })) as {
      step: number;
      content_json: string;
    };
    expect(draft.step).toBe(1);
    expect(JSON.parse(draft.content_json).title).toBe('Message bus');
    await stillHealthy();
  });

  it('chat.postMessage of a new card: the ADR is saved and its author is told by DM how to share it', async () => {
    await start({}, timeoutMs);
    t.fake.failNext('chat.postMessage', fault);
    await proposeThroughWizard(t, 'Adopt OpenTelemetry');
    await t.settle();
    expect((await t.adr.services.decisions.find('T_TEST', 1))?.title).toBe('Adopt OpenTelemetry');
    const dm = t.fake.messages('U_ALICE').at(-1);
    expect(`${dm?.text}`).toContain('ADR-001 is saved, but its card could not be posted');
    expect(`${dm?.text}`).toMatch(reason);
    expect(`${dm?.text}`).toContain('/adr show 1');
    await stillHealthy();
  });

  it('chat.update after Accept: the status changes and the person is told the card is stale', async () => {
    await start({}, timeoutMs);
    const card = await postedCard();
    t.fake.failNext('chat.update', fault);
    const since = t.fake.calls.length;
    await t.slack.blockAction({ actionId: CardActions.accept, message: card, channelId: 'C_GENERAL' });
    const told = await t.fake.waitFor('response_url', (call) => text(call).includes('Accepted'), { since });
    expect(text(told)).toContain('ADR-001 is now Accepted. The card in the channel still shows the old status');
    expect(text(told)).toMatch(reason);
    expect((await t.adr.services.decisions.find('T_TEST', 1))?.status).toBe('accepted');
    await stillHealthy();
  });
});

describe('retries in production', () => {
  it('a single 429 or 500 on views.open is retried and the form opens', async () => {
    await start({ retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0, factor: 1 } });
    t.fake.failNext('views.open', { status: 429, retryAfter: 0 });
    t.fake.failNext('views.open', { status: 500 });
    const since = t.fake.calls.length;
    await t.slack.command('new Retry me');
    const opened = await t.fake.waitFor(
      'views.open',
      (call) =>
        call.response?.status === 200 &&
        call.response.body !== undefined &&
        (call.response.body as { ok?: boolean }).ok === true,
      { since },
    );
    expect(viewOf(t.fake, opened).callback_id).toBe('adr_wizard_modal');
    await t.settle();
    expect(t.fake.callsTo('response_url')).toHaveLength(0);
  });
});
