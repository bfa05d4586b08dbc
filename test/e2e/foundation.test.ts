import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, POSTGRES_MIGRATIONS_DIR, readMigrations } from '../../src/db/migrate.js';
import { SIGNING_SECRET, startTestApp, type TestApp, testEngine } from '../support/app-harness.js';
import { rows } from '../support/rows.js';
import { FORM_CONTENT_TYPE, JSON_CONTENT_TYPE, signSlackRequest } from '../support/slack-client.js';
import { PROMISED_SUBCOMMANDS } from '../support/subcommands.js';

interface EphemeralBody {
  response_type: string;
  text: string;
  blocks: { type: string; text?: { text: string } }[];
}

function allText(body: EphemeralBody): string {
  return body.blocks.map((block) => JSON.stringify(block)).join('\n');
}

describe('foundation over signed HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('answers /adr help with an ephemeral list of every subcommand', async () => {
    const response = await t.slack.command('help');
    expect(response.status).toBe(200);
    const body = response.json() as EphemeralBody;
    expect(body.response_type).toBe('ephemeral');
    const text = allText(body);
    for (const sub of PROMISED_SUBCOMMANDS) {
      expect(text).toContain(`/adr ${sub}`);
    }
  });

  it('answers a bare /adr with the help', async () => {
    const body = (await t.slack.command('')).json() as EphemeralBody;
    expect(allText(body)).toContain('/adr new');
  });

  it('says "Unknown command" plus the help for an unknown subcommand, escaping what was typed', async () => {
    const body = (await t.slack.command('<!channel>frobnicate now')).json() as EphemeralBody;
    const text = allText(body);
    expect(text).toContain('Unknown command');
    expect(text).toContain('&lt;!channel&gt;frobnicate');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('/adr list');
  });

  it('refuses a wrong signature with 401', async () => {
    const body = new URLSearchParams({
      command: '/adr',
      text: 'help',
      team_id: 'T_TEST',
      user_id: 'U_ALICE',
    }).toString();
    const response = await t.slack.send(body, FORM_CONTENT_TYPE, { signature: 'v0=0000' });
    expect(response.status).toBe(401);
  });

  it('refuses a correctly signed request older than five minutes with 401', async () => {
    const body = new URLSearchParams({
      command: '/adr',
      text: 'help',
      team_id: 'T_TEST',
      user_id: 'U_ALICE',
    }).toString();
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const response = await t.slack.send(body, FORM_CONTENT_TYPE, {
      timestamp: stale,
      signature: signSlackRequest(SIGNING_SECRET, stale, body),
    });
    expect(response.status).toBe(401);
  });

  it('refuses a body changed after it was signed with 401, and runs nothing', async () => {
    const signed = new URLSearchParams({ command: '/adr', text: 'help', team_id: 'T_TEST', user_id: 'U_ALICE' });
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = signSlackRequest(SIGNING_SECRET, timestamp, signed.toString());
    const changed = new URLSearchParams(signed);
    changed.set('text', 'new Sneaky');
    const response = await t.slack.send(changed.toString(), FORM_CONTENT_TYPE, { timestamp, signature });
    expect(response.status).toBe(401);
    await t.settle();
    expect(t.fake.calls.filter((call) => call.method === 'views.open')).toEqual([]);
  });

  it('refuses a correctly signed request dated more than five minutes ahead with 401', async () => {
    const body = new URLSearchParams({ command: '/adr', text: 'help', team_id: 'T_TEST', user_id: 'U_ALICE' });
    const ahead = Math.floor(Date.now() / 1000) + 6 * 60;
    const response = await t.slack.send(body.toString(), FORM_CONTENT_TYPE, {
      timestamp: ahead,
      signature: signSlackRequest(SIGNING_SECRET, ahead, body.toString()),
    });
    expect(response.status).toBe(401);
  });

  it("answers Slack's unsigned SSL check with an empty 200, ignoring anything sent with it", async () => {
    const response = await t.slack.send('ssl_check=1&token=x&command=%2Fadr&text=help', FORM_CONTENT_TYPE, {
      signature: 'v0=unsigned',
    });
    expect(response.status).toBe(200);
    expect(response.body).toBe('');
  });

  it("answers the Events API's URL verification with its challenge", async () => {
    const response = await t.slack.send(
      JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'x' }),
      JSON_CONTENT_TYPE,
    );
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ challenge: 'c-123' });
  });

  it('answers /healthz with 200 and JSON once the database is migrated', async () => {
    const response = await fetch(`${t.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; schemaVersion: number };
    expect(body.status).toBe('ok');
    expect(body.schemaVersion).toBe(Math.max(...readMigrations().map((m) => m.version)));
  });

  it('created the database with every migration applied', async () => {
    const engine = testEngine();
    if (engine === 'sqlite') expect(existsSync(t.databasePath)).toBe(true);
    const applied = await rows(t, 'schema_migrations', {}, { columns: ['name'], orderBy: ['version'] });
    const migrations = readMigrations(engine === 'postgres' ? POSTGRES_MIGRATIONS_DIR : MIGRATIONS_DIR);
    expect(applied.map((row) => row.name)).toEqual(migrations.map((m) => m.name));
  });
});
