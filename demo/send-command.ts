/**
 * `npm run send -- "/adr list"`: sends one slash command to the app started by `npm run dev:fake`, signed the way
 * Slack signs requests (v0 HMAC-SHA256 of the timestamp and raw body with the signing secret), and prints the
 * app's answer. What the app then sends to Slack is printed by the dev:fake process.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface DevFakeState {
  appUrl: string;
  signingSecret: string;
  controlUrl: string;
  teamId: string;
  teamDomain: string;
  userId: string;
  channelId: string;
}

const line = process.argv.slice(2).join(' ').trim();
const match = /^(\/\S+)\s*(.*)$/s.exec(line);
if (!match) {
  console.error('Usage: npm run send -- "/adr list"   (with `npm run dev:fake` running)');
  process.exit(2);
}
let state: DevFakeState;
try {
  state = JSON.parse(readFileSync(join(process.cwd(), 'data/dev-fake.json'), 'utf8')) as DevFakeState;
} catch {
  console.error('No app to send to: start it with `npm run dev:fake` first (it writes data/dev-fake.json).');
  process.exit(1);
}
// The fake issues the response_url and trigger_id, as Slack does for each command.
const ids = (await (await fetch(state.controlUrl)).json()) as { responseUrl: string; triggerId: string };
const body = new URLSearchParams({
  team_id: state.teamId,
  team_domain: state.teamDomain,
  channel_id: state.channelId,
  channel_name: 'general',
  user_id: state.userId,
  user_name: 'alice',
  command: match[1] ?? '/adr',
  text: match[2] ?? '',
  api_app_id: 'A_TEST',
  response_url: ids.responseUrl,
  trigger_id: ids.triggerId,
}).toString();
const timestamp = Math.floor(Date.now() / 1000);
const signature = `v0=${createHmac('sha256', state.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
const response = await fetch(`${state.appUrl}/slack/events`, {
  method: 'POST',
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signature,
  },
  body,
});
const answer = await response.text();
console.log(`HTTP ${response.status}`);
console.log(answer ? JSON.stringify(JSON.parse(answer), null, 2) : '(empty ack: the answer comes through the Web API)');
