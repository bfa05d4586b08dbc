import { draftToContent } from '../ai/draft-merge.js';
import type { DraftOutput } from '../ai/schemas.js';
import type { StoredAdr } from '../db/adr-repository.js';
import type { Draft, DraftRepository } from '../db/draft-repository.js';
import type { Actor } from '../domain/actor.js';
import { type AdrContent, contentOf, emptyContent } from '../domain/adr.js';
import { formatAdrNumber } from '../domain/adr-number.js';
import { addEstimateToAdr, type CapacityEstimate } from '../domain/capacity.js';
import { type Finding, reviewContent } from '../domain/review.js';
import type { OutcomeSuggestion } from '../domain/scoring.js';
import { applyTopic, findTopic } from '../domain/topics.js';
import {
  LONG_TEXT_MAX,
  MAX_LIST_ITEMS,
  MAX_OPTIONS,
  MIN_OPTIONS,
  SHORT_TEXT_MAX,
  type ValidationErrors,
} from '../domain/validation.js';
import { LAST_STEP, type StepInput, validateStep, type WizardState, withoutBlankOptions } from '../domain/wizard.js';
import type { DecisionService } from './decision-service.js';
import { ok, type Result, refuse } from './result.js';

/** Reads what the person typed on the current step into the draft's content. */
export type ReadStep = (content: AdrContent) => StepInput;

export type Advance =
  | { kind: 'errors'; errors: ValidationErrors }
  | { kind: 'step'; state: WizardState }
  | { kind: 'proposed'; adr: StoredAdr; channelId: string | null }
  | { kind: 'edited'; adr: StoredAdr };

/** What other features contribute to the wizard. */
export interface WizardHooks {
  /** The scoring matrix's leader among `options`, offered as the outcome when an edit reaches step 4. */
  suggestOutcome?: (teamId: string, adrNumber: number, options: string[]) => Promise<OutcomeSuggestion | null>;
}

const OUTCOME_STEP = 4;

const MISSING_DRAFT = 'This draft no longer exists (it was proposed or discarded). Start again with /adr new.';

/** Drives the drafting wizard: every step is saved to the person's draft before the view changes. */
export class WizardService {
  constructor(
    private readonly drafts: DraftRepository,
    private readonly decisions: DecisionService,
    private readonly now: () => Date,
    private readonly hooks: WizardHooks = {},
  ) {}

  async startNew(actor: Actor, channelId: string | null, title = ''): Promise<WizardState> {
    const draft = await this.drafts.create({
      ...actor,
      adrNumber: null,
      content: emptyContent(title.trim().slice(0, 150)),
      channelId,
      now: this.now(),
    });
    return toState(draft);
  }

  /** Starts (or resumes) editing a Proposed ADR, for its author and deciders only. */
  async startEdit(actor: Actor, adr: StoredAdr): Promise<Result<WizardState>> {
    const refusal = this.decisions.editRefusal(adr, actor.userId);
    if (refusal) return refuse(refusal);
    const existing = (await this.drafts.listForUser(actor.teamId, actor.userId)).find(
      (draft) => draft.adrNumber === adr.number,
    );
    if (existing) return ok(toState(existing));
    const content = contentOf(adr);
    const draft = await this.drafts.create({
      ...actor,
      adrNumber: adr.number,
      content,
      channelId: null,
      now: this.now(),
    });
    return ok(toState(draft));
  }

  async resume(actor: Actor, draftId: number): Promise<Result<WizardState>> {
    const draft = await this.drafts.find(actor.teamId, actor.userId, draftId);
    return draft ? ok(toState(draft)) : refuse(MISSING_DRAFT);
  }

  async discard(actor: Actor, draftId: number): Promise<boolean> {
    return await this.drafts.remove(actor.teamId, actor.userId, draftId);
  }

  async list(actor: Actor): Promise<Draft[]> {
    return await this.drafts.listForUser(actor.teamId, actor.userId);
  }

  /** The person's own draft, or null (it was proposed, discarded, or is someone else's). */
  async find(actor: Actor, draftId: number): Promise<Draft | null> {
    return await this.drafts.find(actor.teamId, actor.userId, draftId);
  }

  /** A new draft for a Slack thread, linked from its technical story. */
  async startFromThread(actor: Actor, channelId: string, technicalStory: string): Promise<WizardState> {
    const content = { ...emptyContent(), technicalStory: technicalStory.slice(0, SHORT_TEXT_MAX) };
    const draft = await this.drafts.create({ ...actor, adrNumber: null, content, channelId, now: this.now() });
    return toState(draft);
  }

  /** Replaces a provisional technical story (`channel/ts`) by the thread's permalink, unless it was edited. */
  async linkThread(actor: Actor, draftId: number, provisional: string, permalink: string): Promise<void> {
    const draft = await this.drafts.find(actor.teamId, actor.userId, draftId);
    if (!draft || draft.content.technicalStory !== provisional || permalink.length > SHORT_TEXT_MAX) return;
    await this.drafts.save({ ...draft, content: { ...draft.content, technicalStory: permalink } }, this.now());
  }

  /**
   * Saves what was typed on `step` without validating or moving on, before an AI request: whatever the model
   * does, nothing typed is lost. Also returns the topic starter picked on step 1, if any.
   */
  async saveStep(
    actor: Actor,
    draftId: number,
    step: number,
    read: ReadStep,
  ): Promise<Result<{ state: WizardState; topicId: string | null }>> {
    const draft = await this.drafts.find(actor.teamId, actor.userId, draftId);
    if (!draft) return refuse(MISSING_DRAFT);
    const input = read(draft.content);
    await this.drafts.save({ ...draft, step, content: input.content }, this.now());
    return ok({ state: toState({ ...draft, step, content: input.content }), topicId: input.topicId });
  }

  /** *Add to ADR* of a capacity estimate: its block into the draft's context (replacing an earlier one). */
  async addEstimate(
    actor: Actor,
    draftId: number,
    estimate: CapacityEstimate,
    options: { addDriver: boolean },
  ): Promise<Result<WizardState>> {
    const draft = await this.drafts.find(actor.teamId, actor.userId, draftId);
    if (!draft) return refuse(MISSING_DRAFT);
    const limits = { contextMax: LONG_TEXT_MAX, driverMax: SHORT_TEXT_MAX, maxDrivers: MAX_LIST_ITEMS };
    const updated = addEstimateToAdr(draft.content, estimate, options, limits);
    if (!updated.ok) return refuse(updated.reason);
    await this.drafts.save({ ...draft, content: updated.content }, this.now());
    return ok(toState({ ...draft, content: updated.content }));
  }

  /** *Related* or *This replaces it* on a related ADR: the draft's Links change, nothing else. */
  async changeLinks(
    actor: Actor,
    draftId: number,
    change: (links: string[]) => string[],
  ): Promise<Result<WizardState>> {
    const draft = await this.drafts.find(actor.teamId, actor.userId, draftId);
    if (!draft) return refuse(MISSING_DRAFT);
    const content = { ...draft.content, links: change(draft.content.links) };
    await this.drafts.save({ ...draft, content }, this.now());
    return ok(toState({ ...draft, content }));
  }

  /**
   * Puts an AI draft into the saved draft (as it is now: the person may have closed the modal meanwhile),
   * filling only fields that are still empty. Says which parts it filled.
   */
  async mergeAiDraft(
    actor: Actor,
    draftId: number,
    output: DraftOutput,
  ): Promise<Result<{ state: WizardState; filled: string[] }>> {
    const result = await this.change(actor, draftId, (draft) => {
      const content = draftToContent(draft.content, output);
      return { draft: { ...draft, content }, value: { filled: filledParts(draft.content, content) } };
    });
    return result.ok ? ok({ state: toState(result.value.draft), filled: result.value.value.filled }) : result;
  }

  /** Fills the empty pros and empty cons of the named options; typed arguments are never replaced. */
  async mergeProsCons(
    actor: Actor,
    draftId: number,
    suggestions: readonly { option: string; pros: readonly string[]; cons: readonly string[] }[],
  ): Promise<Result<{ state: WizardState; filled: string[] }>> {
    const result = await this.change(actor, draftId, (draft) => {
      const filled: string[] = [];
      const options = draft.content.options.map((option) => {
        const key = option.name.trim().toLowerCase();
        const suggestion = suggestions.find((candidate) => candidate.option.trim().toLowerCase() === key);
        if (!suggestion) return option;
        const pros = isEmptyList(option.pros) ? [...suggestion.pros] : option.pros;
        const cons = isEmptyList(option.cons) ? [...suggestion.cons] : option.cons;
        if (pros !== option.pros || cons !== option.cons) filled.push(option.name);
        return { ...option, pros, cons };
      });
      return { draft: { ...draft, content: { ...draft.content, options } }, value: { filled } };
    });
    return result.ok ? ok({ state: toState(result.value.draft), filled: result.value.value.filled }) : result;
  }

  /** The rule-based review of the saved draft against the template and the best-practices checklist. */
  async review(actor: Actor, draftId: number): Promise<Result<{ state: WizardState; findings: Finding[] }>> {
    const draft = await this.drafts.find(actor.teamId, actor.userId, draftId);
    if (!draft) return refuse(MISSING_DRAFT);
    return ok({ state: toState(draft), findings: reviewContent(draft.content, { status: 'proposed' }) });
  }

  /** Next (or Propose on the last step): validates the step, saves it, and says what to show. */
  async advance(actor: Actor, draftId: number, step: number, readInput: ReadStep): Promise<Result<Advance>> {
    const draft = await this.drafts.find(actor.teamId, actor.userId, draftId);
    if (!draft) return refuse(MISSING_DRAFT);
    const read = readInput(draft.content);
    let content = step === 2 ? withoutBlankOptions(read.content) : read.content;
    if (step === 1 && read.topicId) {
      const topic = findTopic(read.topicId);
      if (topic) content = applyTopic(content, topic);
    }
    const errors = validateStep(step, content);
    if (Object.keys(errors).length > 0) {
      // Keep what was typed even when it does not pass yet: closing the modal now loses nothing.
      await this.drafts.save({ ...draft, step, content: read.content }, this.now());
      return ok({ kind: 'errors', errors });
    }
    if (step < LAST_STEP) {
      const nextStep = step + 1;
      const prefill = nextStep === OUTCOME_STEP ? await this.outcomePrefill(actor, draft, content) : null;
      if (prefill) content = prefill;
      await this.drafts.save({ ...draft, step: nextStep, content }, this.now());
      const state = toState({ ...draft, step: nextStep, content });
      return ok({ kind: 'step', state: prefill ? { ...state, notice: PREFILL_NOTICE } : state });
    }
    return this.finish(actor, draft, content);
  }

  /**
   * When an edit of a scored ADR reaches the outcome step with nothing chosen or written yet, the matrix's leader
   * is offered as the starting point; the person can change or clear it.
   */
  private async outcomePrefill(actor: Actor, draft: Draft, content: AdrContent): Promise<AdrContent | null> {
    if (draft.adrNumber === null || !this.hooks.suggestOutcome) return null;
    if (content.chosenOption || content.justification.trim() !== '') return null;
    const names = content.options.map((option) => option.name);
    const suggestion = await this.hooks.suggestOutcome(actor.teamId, draft.adrNumber, names);
    if (!suggestion || !names.includes(suggestion.option)) return null;
    return { ...content, chosenOption: suggestion.option, justification: suggestion.justification };
  }

  private async finish(actor: Actor, draft: Draft, content: AdrContent): Promise<Result<Advance>> {
    for (let step = 1; step < LAST_STEP; step++) {
      const messages = Object.values(validateStep(step, content));
      if (messages.length > 0) {
        await this.drafts.save({ ...draft, step, content }, this.now());
        const notice = `:warning: Please fix this step first: ${messages.join(' ')}`;
        return ok({ kind: 'step', state: { ...toState({ ...draft, step, content }), notice } });
      }
    }
    if (draft.adrNumber !== null) {
      const edited = await this.decisions.edit(actor.teamId, draft.adrNumber, actor.userId, content);
      if (!edited.ok) return edited;
      await this.drafts.remove(actor.teamId, actor.userId, draft.id);
      return ok({ kind: 'edited', adr: edited.value });
    }
    const adr = await this.decisions.propose(actor.teamId, actor.userId, content, draft.channelId);
    await this.drafts.remove(actor.teamId, actor.userId, draft.id);
    return ok({ kind: 'proposed', adr, channelId: draft.channelId });
  }

  /** Back: keeps what was typed on this step (unvalidated) and shows the previous one. */
  async back(actor: Actor, draftId: number, step: number, read: ReadStep): Promise<Result<WizardState>> {
    return await this.update(actor, draftId, read, (content) => ({ content, step: Math.max(1, step - 1) }));
  }

  /** The modal was closed: keep everything typed so `/adr drafts` can resume here. */
  async close(actor: Actor, draftId: number, step: number, read: ReadStep): Promise<boolean> {
    return (await this.update(actor, draftId, read, (content) => ({ content, step }))).ok;
  }

  async addOption(actor: Actor, draftId: number, read: ReadStep): Promise<Result<WizardState>> {
    return await this.update(actor, draftId, read, (content) => ({
      content,
      step: 2,
      optionSlots: Math.min(MAX_OPTIONS, Math.max(MIN_OPTIONS, content.options.length) + 1),
    }));
  }

  async removeOption(actor: Actor, draftId: number, index: number, read: ReadStep): Promise<Result<WizardState>> {
    return await this.update(actor, draftId, read, (content) => {
      const options = content.options.filter((_, position) => position !== index);
      const chosenOption = options.some((option) => option.name === content.chosenOption) ? content.chosenOption : null;
      return {
        content: { ...content, options, chosenOption },
        step: 2,
        optionSlots: Math.max(MIN_OPTIONS, options.length),
      };
    });
  }

  private async update(
    actor: Actor,
    draftId: number,
    read: ReadStep,
    change: (content: AdrContent) => { content: AdrContent; step: number; optionSlots?: number },
  ): Promise<Result<WizardState>> {
    const result = await this.change(actor, draftId, (draft) => {
      const next = change(read(draft.content).content);
      return { draft: { ...draft, step: next.step, content: next.content }, value: next.optionSlots };
    });
    if (!result.ok) return result;
    const { draft, value: optionSlots } = result.value;
    return ok({ ...toState(draft), ...(optionSlots ? { optionSlots } : {}) });
  }

  /**
   * Reads the draft, applies `apply`, and saves it only if nobody wrote the draft in between (a modal closed while
   * an AI result is merged, on this instance or another); else reads again and re-applies, so no write is lost.
   */
  private async change<T>(
    actor: Actor,
    draftId: number,
    apply: (draft: Draft) => { draft: Draft; value: T },
  ): Promise<Result<{ draft: Draft; value: T }>> {
    for (let attempt = 1; ; attempt++) {
      const draft = await this.drafts.find(actor.teamId, actor.userId, draftId);
      if (!draft) return refuse(MISSING_DRAFT);
      const changed = apply(draft);
      // The last attempt saves regardless, so a change is never dropped.
      const read = attempt < CHANGE_ATTEMPTS ? draft.content : undefined;
      const saved = await this.drafts.save(changed.draft, this.now(), read);
      if (saved) return ok(changed);
    }
  }
}

/** Reads of a draft written meanwhile by another request before the change is saved regardless. */
const CHANGE_ATTEMPTS = 5;

function isEmptyList(items: readonly string[]): boolean {
  return items.every((item) => item.trim() === '');
}

/** Names the parts of the ADR an AI draft filled in, for the note shown with it. */
export function filledParts(before: AdrContent, after: AdrContent): string[] {
  const changed = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
  const parts: string[] = [];
  if (changed(before.context, after.context)) parts.push('the context');
  if (changed(before.drivers, after.drivers)) parts.push('decision drivers');
  if (
    changed(
      before.options.map((o) => o.name),
      after.options.map((o) => o.name),
    )
  ) {
    parts.push('options with pros and cons');
  } else if (changed(before.options, after.options)) {
    parts.push('pros and cons');
  }
  if (changed(before.chosenOption, after.chosenOption)) parts.push('a suggested outcome');
  if (
    changed(before.positiveConsequences, after.positiveConsequences) ||
    changed(before.negativeConsequences, after.negativeConsequences)
  ) {
    parts.push('consequences');
  }
  return parts;
}
const PREFILL_NOTICE =
  ':bar_chart: The outcome below is prefilled from the weighted scoring matrix. Change it if the team decided otherwise.';

export function toState(draft: Draft): WizardState {
  return { draftId: draft.id, step: draft.step, content: draft.content, editing: draft.adrNumber };
}

export function draftLabel(draft: Draft): string {
  const title = draft.content.title.trim() || 'Untitled decision';
  return draft.adrNumber === null ? title : `${formatAdrNumber(draft.adrNumber)} (edit): ${title}`;
}
