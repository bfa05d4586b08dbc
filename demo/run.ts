/**
 * `npm run demo`: the whole product against the built-in fake Slack (and fake OpenAI), no workspace needed.
 * Prints each step as a person would see it and writes every view and message to demo-output/.
 * It is also an end-to-end test: any step that does not do what it should stops the demo with exit code 1.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, type TestApp, viewOf } from '../test/support/app-harness.js';
import { type SlackView, startFakeSlack } from '../test/support/fake-slack.js';
import { blockKitBuilderLink, renderBlocks, renderView } from './render-text.js';

const OUT = join(import.meta.dirname, '..', 'demo-output');

class Demo {
  private step = 0;
  private readonly index: string[] = [
    '# ADR Assistant demo output',
    '',
    'Every screen of the demo, as Block Kit JSON, with a Block Kit Builder link.',
    '',
  ];

  constructor(readonly t: TestApp) {}

  say(title: string): void {
    this.step++;
    console.log(`\n\x1b[1m${this.step}. ${title}\x1b[0m`);
  }

  screen(name: string, payload: Record<string, unknown>, kind: 'modal' | 'message' | 'home'): void {
    const file = `${String(this.step).padStart(2, '0')}-${name}.json`;
    writeFileSync(join(OUT, file), `${JSON.stringify(payload, null, 2)}\n`);
    const text = kind === 'message' ? renderBlocks((payload.blocks as unknown[]) ?? []) : renderView(payload);
    console.log(text.replace(/^/gm, '   '));
    const builderPayload = kind === 'message' ? { blocks: payload.blocks } : payload;
    this.index.push(
      `- [${file}](${file}) (${kind}): [open in Block Kit Builder](${blockKitBuilderLink(builderPayload as Record<string, unknown>)})`,
    );
  }

  file(name: string, content: string | Buffer): void {
    writeFileSync(join(OUT, name), content);
    this.index.push(`- [${name}](${name})`);
    console.log(`   wrote demo-output/${name}`);
  }

  finish(): void {
    writeFileSync(join(OUT, 'README.md'), `${this.index.join('\n')}\n`);
  }
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Demo step failed: ${message}`);
}

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const fake = await startFakeSlack();
  for (const [id, name] of [
    ['U_ALICE', 'Alice Martin'],
    ['U_BOB', 'Bob Chen'],
    ['U_CAROL', 'Carol Diaz'],
    ['U_DAN', 'Dan Okafor'],
  ] as const) {
    fake.seedUser({ id, name: name.split(' ')[0]?.toLowerCase() ?? id, real_name: name });
  }
  const t = await startTestApp({ fake });
  const demo = new Demo(t);
  try {
    demo.say('Alice runs /adr new Choose the primary database for orders');
    await t.slack.command('new Choose the primary database for orders', { userId: 'U_ALICE', channelId: 'C_ARCH' });
    await t.settle();
    let view = viewOf(fake, fake.lastCall('views.open')!);
    demo.screen('wizard-basics', view, 'modal');

    demo.say('She fills in the basics and picks the "Database selection" topic starter');
    let next = await t.submit(
      view,
      {
        wizard_title: 'Choose the primary database for orders',
        wizard_topic: 'database-selection',
        wizard_deciders: ['U_BOB', 'U_CAROL', 'U_DAN'],
        wizard_technical_story: 'ORD-118',
        wizard_context:
          'The order service outgrows its embedded store: we need multi-row transactions, reporting queries and 10K concurrent users by Q3.',
      },
      { userId: 'U_ALICE' },
    );
    check(next.next, 'step 2 should follow step 1');
    view = next.next;
    demo.screen('wizard-options', view, 'modal');

    demo.say('She keeps three options from the starter and moves on through pros and cons and the outcome');
    next = await t.submit(view, { wizard_option_3: '', wizard_option_4: '' }, { userId: 'U_ALICE' });
    check(next.next, 'step 3 should follow step 2');
    view = next.next as SlackView;
    demo.screen('wizard-pros-cons', view, 'modal');
    next = await t.submit(view, {}, { userId: 'U_ALICE' });
    view = next.next as SlackView;
    next = await t.submit(
      view,
      {
        wizard_chosen_option: 'PostgreSQL',
        wizard_justification: 'it gives us ACID transactions and the reporting queries we need, and the team knows it.',
        wizard_positive: 'One well-understood database to run',
        wizard_negative:
          'Write scaling needs sharding later | Mitigation: partition orders by region when we pass 5K writes/s',
      },
      { userId: 'U_ALICE' },
    );
    view = next.next as SlackView;
    demo.screen('wizard-review', view, 'modal');

    demo.say('She proposes it: ADR-001 is posted in #architecture');
    await t.submit(view, {}, { userId: 'U_ALICE' });
    await t.settle();
    const card = fake.messages('C_ARCH').at(-1);
    check(card, 'the ADR card should be posted in the channel');
    demo.screen('adr-card', card as unknown as Record<string, unknown>, 'message');

    demo.say('Bob accepts it');
    const accepted = await t.slack.command('accept 1', { userId: 'U_BOB', channelId: 'C_ARCH' });
    check(accepted.body.includes('Accepted'), 'Bob should be able to accept');
    await t.settle();

    demo.say('The decision log, exported as Markdown in both profiles');
    for (const profile of ['seed', 'madr'] as const) {
      await t.slack.command(`export 1 ${profile}`, { userId: 'U_ALICE', channelId: 'C_ARCH' });
      await t.settle();
      const upload = fake.uploadedFiles.at(-1);
      check(
        upload?.filename === '0001-choose-the-primary-database-for-orders.md',
        `the ${profile} export should be uploaded`,
      );
      demo.file(`ADR-001.${profile}.md`, upload.bytes);
    }
    check(fake.violations.length === 0, `Slack would reject: ${JSON.stringify(fake.violations)}`);
    check(fake.broadcasts.length === 0, 'no message may ping a channel');
    demo.finish();
    console.log('\nDemo finished: every step did what it should. Output in demo-output/.');
  } finally {
    await t.stop();
    await fake.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
