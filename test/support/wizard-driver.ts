import { expect } from 'vitest';
import { type TestApp, viewOf } from './app-harness.js';
import type { SlackView } from './fake-slack.js';

/** The five wizard steps' inputs for a small valid ADR titled `title`. */
export function wizardInputs(title: string): Record<string, unknown>[] {
  return [
    { wizard_title: title, wizard_context: `Why ${title} matters.` },
    { wizard_drivers: 'Cost\nSpeed', wizard_option_0: 'Option A', wizard_option_1: 'Option B' },
    { wizard_pros_0: 'Cheap', wizard_cons_1: 'Slow' },
    { wizard_chosen_option: 'Option A', wizard_justification: 'it is cheaper' },
    {},
  ];
}

/** Drives `/adr new` through all five steps as `userId`; resolves when the ADR is proposed (the last ack). */
export async function proposeThroughWizard(
  t: TestApp,
  title: string,
  as: { userId?: string; teamId?: string; channelId?: string } = {},
): Promise<void> {
  const since = t.fake.calls.length;
  const response = await t.slack.command(`new ${title}`, {
    userId: as.userId ?? 'U_ALICE',
    ...(as.teamId ? { teamId: as.teamId } : {}),
    ...(as.channelId ? { channelId: as.channelId } : {}),
  });
  expect(response.status).toBe(200);
  let view: SlackView | undefined = viewOf(
    t.fake,
    await t.fake.waitFor('views.open', (call) => JSON.stringify(call.args.view).includes(title.slice(0, 40)), {
      since,
    }),
  );
  for (const inputs of wizardInputs(title)) {
    const submitted = await t.submit(view as SlackView, inputs, as);
    expect(submitted.status).toBe(200);
    view = submitted.next;
  }
  expect(view).toBeUndefined();
}
