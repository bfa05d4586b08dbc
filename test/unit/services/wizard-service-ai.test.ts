import { beforeEach, describe, expect, it } from 'vitest';
import type { DraftOutput } from '../../../src/ai/schemas.js';
import { AdrRepository } from '../../../src/db/adr-repository.js';
import { DraftRepository } from '../../../src/db/draft-repository.js';
import { migrate } from '../../../src/db/migrate.js';
import { openDatabase } from '../../../src/db/open.js';
import { DecisionService } from '../../../src/services/decision-service.js';
import { WizardService } from '../../../src/services/wizard-service.js';
import { storeOf } from '../../support/stores.js';

const alice = { teamId: 'T1', userId: 'U_ALICE' };
const now = () => new Date('2026-01-02T03:04:05Z');
let wizard: WizardService;

beforeEach(() => {
  const db = openDatabase(':memory:');
  migrate(db);
  wizard = new WizardService(
    new DraftRepository(storeOf(db)),
    new DecisionService(new AdrRepository(storeOf(db)), now),
    now,
  );
});

const output: DraftOutput = {
  context: 'AI context',
  drivers: ['AI driver'],
  options: [
    { name: 'PostgreSQL', pros: ['AI pro'], cons: ['AI con'] },
    { name: 'MySQL', pros: ['AI pro 2'], cons: ['AI con 2'] },
  ],
  suggestedOutcome: { option: 'PostgreSQL', justification: 'AI because' },
  positiveConsequences: ['AI good'],
  negativeConsequences: [{ text: 'AI bad', mitigation: 'AI fix' }],
};

describe('WizardService AI merges', () => {
  it('merges an AI draft into the saved draft without replacing typed fields, and says what it filled', async () => {
    const { draftId } = await wizard.startNew(alice, 'C1', 'Pick a database');
    const typed = await wizard.saveStep(alice, draftId, 1, (content) => ({
      content: { ...content, context: 'Typed context' },
      topicId: 'database-selection',
    }));
    expect(typed.ok && typed.value.topicId).toBe('database-selection');

    const merged = await wizard.mergeAiDraft(alice, draftId, output);
    if (!merged.ok) throw new Error(merged.reason);
    expect(merged.value.state.content).toMatchObject({
      title: 'Pick a database',
      context: 'Typed context',
      drivers: ['AI driver'],
      chosenOption: 'PostgreSQL',
    });
    expect(merged.value.filled).toEqual([
      'decision drivers',
      'options with pros and cons',
      'a suggested outcome',
      'consequences',
    ]);
    expect((await wizard.find(alice, draftId))?.content.drivers).toEqual(['AI driver']);
    const again = await wizard.mergeAiDraft(alice, draftId, output);
    expect(again.ok && again.value.filled).toEqual([]);
  });

  it('fills only the empty pros and cons of the named options', async () => {
    const { draftId } = await wizard.startNew(alice, null, 'Queue');
    await wizard.saveStep(alice, draftId, 3, (content) => ({
      content: {
        ...content,
        options: [
          { name: 'Kafka', pros: ['typed pro'], cons: [] },
          { name: 'SQS', pros: ['p'], cons: ['c'] },
          { name: 'RabbitMQ', pros: [], cons: [] },
        ],
      },
      topicId: null,
    }));
    const merged = await wizard.mergeProsCons(alice, draftId, [
      { option: 'kafka', pros: ['x'], cons: ['y'] },
      { option: 'SQS', pros: ['x'], cons: ['y'] },
    ]);
    if (!merged.ok) throw new Error(merged.reason);
    expect(merged.value.filled).toEqual(['Kafka']);
    expect(merged.value.state.content.options).toEqual([
      { name: 'Kafka', pros: ['typed pro'], cons: ['y'] },
      { name: 'SQS', pros: ['p'], cons: ['c'] },
      { name: 'RabbitMQ', pros: [], cons: [] },
    ]);
  });

  it('links a thread only while the technical story is still the provisional one', async () => {
    const first = await wizard.startFromThread(alice, 'C1', 'C1/1.000');
    await wizard.linkThread(alice, first.draftId, 'C1/1.000', 'https://t.slack.com/archives/C1/p1000');
    expect((await wizard.find(alice, first.draftId))?.content.technicalStory).toBe(
      'https://t.slack.com/archives/C1/p1000',
    );

    const second = await wizard.startFromThread(alice, 'C1', 'C1/2.000');
    await wizard.saveStep(alice, second.draftId, 1, (content) => ({
      content: { ...content, technicalStory: 'JIRA-9' },
      topicId: null,
    }));
    await wizard.linkThread(alice, second.draftId, 'C1/2.000', 'https://t.slack.com/archives/C1/p2000');
    expect((await wizard.find(alice, second.draftId))?.content.technicalStory).toBe('JIRA-9');
  });

  it("never touches another person's draft", async () => {
    const { draftId } = await wizard.startNew(alice, null, 'Mine');
    const mallory = { teamId: 'T1', userId: 'U_MALLORY' };
    expect((await wizard.mergeAiDraft(mallory, draftId, output)).ok).toBe(false);
    expect((await wizard.mergeProsCons(mallory, draftId, [])).ok).toBe(false);
    expect((await wizard.review(mallory, draftId)).ok).toBe(false);
    expect((await wizard.find(alice, draftId))?.content.drivers).toEqual([]);
  });

  it('reviews the saved draft with the checklist rules', async () => {
    const { draftId } = await wizard.startNew(alice, null, 'Thin');
    const reviewed = await wizard.review(alice, draftId);
    if (!reviewed.ok) throw new Error(reviewed.reason);
    expect(reviewed.value.findings.map((finding) => finding.section)).toContain('Decision Drivers');
  });
});
