/**
 * The floor to compare the app with: a bare Bolt 5 app whose listeners only ack, with the same receiver
 * (HTTPReceiver), `convoStore: false` and a /healthz route like the app's. Reads the app's environment keys.
 * BARE_LISTENERS=n registers n listeners in all (extra ones are action listeners that never match), to show
 * what Bolt's dispatch costs per registered listener: Bolt runs every listener's matchers for every request.
 * BARE_ACK_BYTES=n acks commands with an ephemeral text of n bytes, to show what writing a response that size costs.
 * BARE_CONTEXT=1 runs every request inside an AsyncLocalStorage context, as the app's request context does
 * (src/logging/request-context.ts), and reads it in the listener: what that context costs Bolt per request.
 * Run: SLACK_SIGNING_SECRET=… SLACK_BOT_TOKEN=xoxb-… SLACK_API_URL=… PORT=… node --import tsx bench/bare-bolt.ts
 * (the bench runs it compiled, as the app runs: bench/processes.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { App, LogLevel } from '@slack/bolt';

const port = Number(process.env.PORT ?? 3000);
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  logLevel: LogLevel.ERROR,
  convoStore: false,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL ?? 'https://slack.com/api/' },
  customRoutes: [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"status":"ok"}');
      },
    },
  ],
});

const context = process.env.BARE_CONTEXT === '1' ? new AsyncLocalStorage<{ requestId: string }>() : undefined;
if (context) {
  app.use(({ next }) => context.run({ requestId: randomUUID() }, next));
}
let seen = 0;
const readContext = () => {
  if (context?.getStore()) seen++;
};

const extra = Math.max(0, Number(process.env.BARE_LISTENERS ?? 3) - 3);
for (let i = 0; i < extra; i++) {
  app.action(`bench_unused_${i}`, async ({ ack }) => {
    await ack();
  });
}
const ackText = 'x'.repeat(Number(process.env.BARE_ACK_BYTES ?? 0));
app.command(/.*/, async ({ ack }) => {
  readContext();
  await (ackText ? ack({ response_type: 'ephemeral', text: ackText }) : ack());
});
app.view(/.*/, async ({ ack }) => {
  await ack();
});
app.action(/.*/, async ({ ack }) => {
  await ack();
});

await app.start(port);
process.once('SIGTERM', () => {
  if (context && seen === 0) console.error('BARE_CONTEXT=1 but no listener saw the context');
  app.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
