import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyContent } from '../../src/domain/adr.js';
import {
  AdminIds,
  CardActions,
  ListActions,
  Shortcuts,
  SupersedeBlocks,
  Views,
  WizardActions,
} from '../../src/slack/ids.js';
import { startTestApp, type TestApp, testEngine, viewOf } from '../support/app-harness.js';
import type { SlackView } from '../support/fake-slack.js';
import { FORM_CONTENT_TYPE, type SlackResponse } from '../support/slack-client.js';
import { PROMISED_SUBCOMMANDS } from '../support/subcommands.js';
import type { ViewStateValues } from '../support/view-state.js';

// Random and hostile input at every command, modal and payload shape. Bounded runs with a fixed seed, so a
// failure reproduces; fast-check prints the shrunk counterexample.
const SEED = 20_260_131;
const RUNS = 120;

let t: TestApp;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  t = await startTestApp();
  const content = {
    ...emptyContent('Existing decision'),
    options: [
      { name: 'A', pros: [], cons: [] },
      { name: 'B', pros: [], cons: [] },
    ],
  };
  await t.adr.services.decisions.propose('T_TEST', 'U_ALICE', content, 'C_GENERAL');
});

afterAll(async () => {
  await t.settle();
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
  // SQLite only: PostgreSQL checks every foreign key itself and has no FTS5 index to check.
  if (testEngine() === 'sqlite') {
    // On a connection of its own: the app's connection may still cache FTS5's index structure from before the
    // upkeep worker (its own connection) merged segments, and PRAGMA integrity_check reads that cache without
    // checking it is current, so it reports segments the merge removed as corruption; a search refreshes it.
    const check = new Database(t.adr.db.name, { fileMustExist: true });
    try {
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      check.close();
    }
    expect(t.adr.db.pragma('foreign_key_check')).toEqual([]);
  }
  expect(t.fake.violations).toEqual([]);
  expect(t.fake.broadcasts).toEqual([]);
  await t.stop();
});

const NASTY = [
  '',
  ' ',
  '\n\n\t',
  '<!channel>',
  '<!here|here> <!everyone>',
  '<@U_ALICE> <#C_GENERAL> <https://evil.example|click>',
  '&amp;&lt;&gt;',
  '*bold* _it_ ~s~ `code` ```block```',
  '\u0000\u0001\u001b[31m',
  '\u202eevil\u202c',
  '🏳️‍🌈👨‍👩‍👧‍👦',
  'Z̴̡̛͉̳a̸̧͔l̶̢̛g̵o̷',
  'Robert"); DROP TABLE adrs;--',
  "' OR 1=1 --",
  'NEAR(a b) OR title:* AND "',
  '%s%n%x',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template injection is the point
  '${{7*7}}{{constructor.constructor("return 1")()}}',
  '../../../etc/passwd',
  '\ud800\udfff\ud800',
  '__proto__',
  'a'.repeat(3001),
];

/** Text as people (and attackers) type it: unicode, control characters, markup, injection, empty and huge. */
const hostileText = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY), weight: 4 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 2_000, maxLength: 12_000 }), weight: 1 },
);

/** Anything JSON can carry where a string is expected: wrong types and shapes. */
const wrongType = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileText, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), hostileText, { maxKeys: 3 }),
);

const SUBCOMMANDS = ['', ...PROMISED_SUBCOMMANDS, 'bogus'];
const USERS = ['U_ALICE', 'U_BOB', 'U_MALLORY'];

function expectAnswered(response: SlackResponse): void {
  // Never a server error, and never Bolt's 3-second "nobody answered" 404.
  expect(response.status).toBeLessThan(500);
  expect(response.status).not.toBe(404);
}

function parsedBody(response: SlackResponse): Record<string, unknown> | null {
  return response.body.trim() === '' ? null : (JSON.parse(response.body) as Record<string, unknown>);
}

describe('hostile input', () => {
  it('every /adr command gets an answer: an ephemeral message or a modal, or a message if the modal fails', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SUBCOMMANDS),
        hostileText,
        fc.constantFrom(...USERS),
        async (subcommand, rest, userId) => {
          const since = t.fake.calls.length;
          const response = await t.slack.command(`${subcommand} ${rest}`, { userId });
          expectAnswered(response);
          expect(response.status).toBe(200);
          const body = parsedBody(response);
          if (body) {
            expect(body.response_type).toBe('ephemeral');
            expect(String(body.text).trim().length).toBeGreaterThan(0);
            expect(String(body.text).length).toBeLessThanOrEqual(3000);
          } else {
            // An empty ack is owed a modal (new, edit), or a message through response_url.
            await t.settle();
            const answered = t.fake.calls
              .slice(since)
              .some((call) => call.method === 'views.open' || call.method === 'response_url');
            expect(answered).toBe(true);
          }
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('commands with missing, extra or wrongly typed form fields never fail the request', async () => {
    const field = fc.oneof(hostileText, fc.constant(undefined));
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          command: fc.constantFrom('/adr', '/ADR', '', '/other'),
          text: field,
          team_id: fc.oneof(fc.constant('T_TEST'), field),
          user_id: fc.oneof(fc.constant('U_ALICE'), field),
          channel_id: fc.oneof(fc.constant('C_GENERAL'), field),
          trigger_id: fc.oneof(fc.constant(undefined), hostileText),
        }),
        fc.dictionary(fc.string({ maxLength: 10 }), hostileText, { maxKeys: 3 }),
        async (fields, extra) => {
          const form = new URLSearchParams();
          for (const [key, value] of Object.entries({ ...extra, ...fields })) {
            if (value !== undefined) form.set(key, value);
          }
          form.set('response_url', t.fake.responseUrl('command'));
          expectAnswered(await t.slack.send(form.toString(), FORM_CONTENT_TYPE));
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('wizard submissions with hostile, missing and wrongly typed values get field errors or the next step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        const since = t.fake.calls.length;
        await t.slack.command(`new ${g(() => hostileText)}`, { userId: 'U_BOB' });
        let view: SlackView | undefined = viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
        for (let round = 0; round < 6 && view; round++) {
          const values = hostileState(view, g);
          const response = await t.slack.viewSubmission(view, values, { userId: 'U_BOB' });
          expectAnswered(response);
          const body = parsedBody(response);
          expect(body).not.toBeNull();
          const action = body?.response_action;
          expect(['errors', 'update', 'clear']).toContain(action);
          if (action === 'errors') {
            const inputs = view.blocks.filter((block) => block.type === 'input').map((block) => block.block_id);
            const errors = body?.errors as Record<string, string>;
            expect(Object.keys(errors).length).toBeGreaterThan(0);
            for (const [blockId, message] of Object.entries(errors)) {
              expect(inputs).toContain(blockId);
              expect(message.trim().length).toBeGreaterThan(0);
            }
          }
          view = t.fake.applySubmissionResponse(view.id, body);
        }
        await t.settle();
      }),
      { numRuns: 60, seed: SEED },
    );
  });

  it('forged payloads of every type, with hostile ids, values and metadata, never fail the request', async () => {
    const knownActionIds = [
      ...Object.values(CardActions),
      ...Object.values(ListActions),
      `${ListActions.page}_1`,
      ...Object.values(WizardActions),
    ];
    const metadata = fc.oneof(
      hostileText,
      fc
        .record({ draftId: fc.oneof(fc.integer(), wrongType), step: fc.oneof(fc.integer(), wrongType) })
        .map((m) => JSON.stringify(m)),
      fc.record({ number: fc.oneof(fc.integer(), wrongType) }).map((m) => JSON.stringify(m)),
    );
    const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
    const payload = fc.record(
      {
        type: fc.oneof(
          fc.constantFrom(
            'block_actions',
            'view_submission',
            'view_closed',
            'shortcut',
            'message_action',
            'block_suggestion',
          ),
          hostileText,
        ),
        user: fc.oneof(
          fc.record({ id: fc.oneof(fc.constantFrom(...USERS), hostileText), team_id: maybe(hostileText) }),
          wrongType,
        ),
        team: fc.oneof(fc.constant({ id: 'T_TEST' }), fc.record({ id: hostileText }), wrongType),
        callback_id: fc.oneof(
          fc.constantFrom(Shortcuts.newAdr, Shortcuts.draftFromThread, AdminIds.shortcut),
          hostileText,
        ),
        trigger_id: fc.oneof(fc.constant('use-fresh'), hostileText),
        response_url: fc.constant('use-fresh'),
        actions: fc.oneof(
          fc.array(
            fc.record({
              action_id: fc.oneof(fc.constantFrom(...knownActionIds), hostileText),
              block_id: hostileText,
              type: fc.constantFrom('button', 'static_select', 'overflow'),
              value: fc.oneof(hostileText, fc.constantFrom('1', '0', '-1', '999999999', '1e3', '0x10')),
              selected_option: maybe(fc.oneof(fc.record({ value: hostileText }), wrongType)),
            }),
            { maxLength: 2 },
          ),
          wrongType,
        ),
        view: fc.oneof(
          fc.record({
            id: hostileText,
            hash: hostileText,
            callback_id: fc.oneof(fc.constantFrom(Views.wizard, Views.supersede, AdminIds.view), hostileText),
            private_metadata: metadata,
            blocks: fc.oneof(fc.constant([]), wrongType),
            state: fc.oneof(
              fc.record({
                values: fc.oneof(
                  fc.dictionary(
                    fc.constantFrom('wizard_title', 'wizard_context', SupersedeBlocks.replacement, AdminIds.confirm),
                    fc.dictionary(
                      fc.constantFrom('wizard_title', 'wizard_context', SupersedeBlocks.replacement, AdminIds.confirm),
                      fc.oneof(fc.record({ value: fc.oneof(hostileText, wrongType) }), wrongType),
                    ),
                  ),
                  wrongType,
                ),
              }),
              wrongType,
            ),
          }),
          wrongType,
        ),
        message: maybe(fc.record({ ts: hostileText, text: hostileText })),
        container: maybe(
          fc.oneof(
            fc.record({ type: fc.constant('message'), message_ts: hostileText, channel_id: hostileText }),
            wrongType,
          ),
        ),
      },
      { requiredKeys: ['type'] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ arbitrary: payload, weight: 9 }, { arbitrary: fc.jsonValue(), weight: 1 }),
        async (raw) => {
          const body =
            typeof raw === 'object' && raw !== null && !Array.isArray(raw)
              ? { ...(raw as Record<string, unknown>) }
              : raw;
          if (body && typeof body === 'object' && !Array.isArray(body)) {
            const record = body as Record<string, unknown>;
            if (record.trigger_id === 'use-fresh') record.trigger_id = t.fake.issueTriggerId();
            if (record.response_url === 'use-fresh') record.response_url = t.fake.responseUrl('forged');
          }
          const response = await t.slack.send(
            new URLSearchParams({ payload: JSON.stringify(body) }).toString(),
            FORM_CONTENT_TYPE,
          );
          expectAnswered(response);
          expect([200, 400]).toContain(response.status);
        },
      ),
      { numRuns: 200, seed: SEED },
    );
    await t.settle();
  });
});

/** A view_submission state for `view` where each input is hostile, of the wrong type, or missing. */
function hostileState(view: SlackView, g: fc.GeneratorValue): ViewStateValues {
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks) {
    if (block.type !== 'input') continue;
    const element = block.element as { type: string; action_id: string; options?: { value: string }[] };
    const blockId = String(block.block_id);
    const choice = g(() => fc.constantFrom('typed', 'typed', 'typed', 'valid', 'wrong', 'missing'));
    if (choice === 'missing') continue;
    let entry: unknown;
    if (choice === 'wrong')
      entry = {
        type: element.type,
        value: g(() => wrongType),
        selected_option: g(() => wrongType),
        selected_users: g(() => wrongType),
      };
    else if (element.type === 'plain_text_input') {
      entry = {
        type: element.type,
        value:
          choice === 'valid' ? g(() => fc.constantFrom('Postgres', 'Kafka', 'Redis', 'A title')) : g(() => hostileText),
      };
    } else if (element.type === 'static_select') {
      const option =
        element.options?.length && choice === 'valid'
          ? g(() => fc.constantFrom(...(element.options ?? [])))
          : { text: { type: 'plain_text', text: 'x' }, value: g(() => hostileText) };
      entry = { type: element.type, selected_option: option };
    } else if (element.type === 'multi_users_select') {
      entry = {
        type: element.type,
        selected_users: g(() => fc.array(fc.oneof(fc.constantFrom(...USERS), hostileText), { maxLength: 4 })),
      };
    } else {
      entry = { type: element.type, value: g(() => hostileText) };
    }
    values[blockId] = { [element.action_id]: entry };
  }
  // Deliberately not always the shape Slack sends: wrong types are the point.
  return values as ViewStateValues;
}
