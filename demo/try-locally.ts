/**
 * `npm run dev:fake`: the app from the sources against the built-in fake Slack (test/support/fake-slack.ts), to try
 * it without a Slack workspace. Type a slash command at the prompt, or send one signed as Slack signs it from
 * another terminal (`npm run send -- "/adr list"`, demo/send-command.ts). Every Web API call the app makes is
 * printed as the fake Slack received it. The database is ./data/dev-fake.sqlite, kept between runs.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createAdrApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { type RecordedCall, startFakeSlack } from '../test/support/fake-slack.js';
import { SlackTestClient } from '../test/support/slack-client.js';
import { renderMessage, renderView } from './render-text.js';

const SIGNING_SECRET = 'dev-fake-signing-secret';
// The fake Slack refuses any other token, as Slack does.
const BOT_TOKEN = 'xoxb-dev-fake-token';
const USER = 'U_ALICE';
const CHANNEL = 'C_GENERAL';
const DATA = join(process.cwd(), 'data');
const DEV_FAKE_STATE = join(DATA, 'dev-fake.json');

const fake = await startFakeSlack({ botToken: BOT_TOKEN });
fake.seedUser({ id: USER, name: 'alice', real_name: 'Alice Martin', is_admin: true });
fake.seedUser({ id: 'U_BOB', name: 'bob', real_name: 'Bob Chen' });
fake.seedChannel({ id: CHANNEL, name: 'general' });
fake.seedChannel({ id: 'C_DECISIONS', name: 'decisions' });

const config = loadConfig({
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_API_URL: fake.url,
  DATABASE_PATH: join(DATA, 'dev-fake.sqlite'),
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  PORT: process.env.PORT ?? '3000',
});
const adr = await createAdrApp(config);
const port = await adr.start(config.port);
const appUrl = `http://127.0.0.1:${port}`;
const slack = new SlackTestClient({ baseUrl: appUrl, signingSecret: SIGNING_SECRET, fake, teamId: fake.teamId });

// Hands demo/send-command.ts what only the fake can issue: a response_url and a trigger_id per command.
const control = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ responseUrl: fake.responseUrl('command'), triggerId: fake.issueTriggerId() }));
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;
mkdirSync(DATA, { recursive: true });
writeFileSync(
  DEV_FAKE_STATE,
  `${JSON.stringify({ appUrl, signingSecret: SIGNING_SECRET, controlUrl, teamId: fake.teamId, userId: USER, channelId: CHANNEL, teamDomain: fake.teamDomain }, null, 2)}\n`,
);

function show(call: RecordedCall): void {
  const args = call.args as { view?: Record<string, unknown>; channel?: string; text?: string; blocks?: unknown[] };
  const where = args.channel ? ` → ${args.channel}` : '';
  console.log(`\n  Slack received ${call.method}${where}`);
  const shown = args.view ? renderView(args.view) : renderMessage(args);
  console.log(shown.replace(/^/gm, '    '));
}
let printed = fake.calls.length;
const printNewCalls = () => {
  // auth.test at start and the like are not what a person sees.
  for (const call of fake.calls.slice(printed)) if (call.method !== 'auth.test') show(call);
  printed = fake.calls.length;
};
const poll = setInterval(printNewCalls, 100);

console.log(`
ADR Assistant is running against the built-in fake Slack (no workspace needed).
  app:        ${appUrl}/slack/events   (health: ${appUrl}/healthz)
  fake Slack: ${fake.url}   workspace ${fake.teamId}, you are ${USER} in #general
  database:   ${config.databasePath}

Type a slash command below (e.g. /adr help, /adr new Use PostgreSQL, /adr list, /adr show 1), or from another
terminal send one signed as Slack signs it:
  npm run send -- "/adr list"
Ctrl+C (or an empty line after "exit") stops it.
`);

const prompt = createInterface({ input: process.stdin, output: process.stdout, prompt: '/adr> ' });
prompt.prompt();
prompt.on('line', async (line) => {
  const text = line.trim().replace(/^\/adr\s*/, '');
  if (line.trim() === 'exit') return void prompt.close();
  if (line.trim() !== '') {
    const response = await slack.command(text, { userId: USER, channelId: CHANNEL });
    console.log(`  HTTP ${response.status}${response.body ? '' : ' (empty ack)'}`);
    if (response.body) console.log(renderMessage(JSON.parse(response.body)).replace(/^/gm, '    '));
    await new Promise((resolve) => setTimeout(resolve, 300));
    printNewCalls();
  }
  prompt.prompt();
});

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  clearInterval(poll);
  control.close();
  await adr.stop();
  await fake.close();
  rmSync(DEV_FAKE_STATE, { force: true });
  process.exit(0);
};
prompt.on('close', () => void stop());
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
