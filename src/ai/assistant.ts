import type OpenAI from 'openai';
import type { z } from 'zod';
import type { AdrContent } from '../domain/adr.js';
import { ADR_SECTIONS, type Finding } from '../domain/review.js';
import { AiError } from './errors.js';
import { loadPrompts, type Prompts, type PromptTask, renderPrompt } from './prompts.js';
import { DecisionCheckOutput, DraftOutput, ProsConsOutput, ReviewOutput, toStrictJsonSchema } from './schemas.js';
import { toAiError } from './sdk-errors.js';
import { boundThread, cleanUntrusted, fenceUntrusted, type ThreadMessage } from './untrusted.js';

export const DEFAULT_AI_MODEL = 'gpt-4o-mini';
export const DEFAULT_AI_TIMEOUT_MS = 20_000;
export const DEFAULT_AI_MAX_RETRIES = 2;
const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Matches `Config['ai']` from src/config.ts; `maxRetries` is for tests. */
export interface AiConfig {
  /** Without a key the assistant is disabled. */
  apiKey?: string | null | undefined;
  /** Any OpenAI-compatible server, e.g. http://localhost:11434/v1. */
  baseUrl?: string | null | undefined;
  model?: string | undefined;
  timeoutMs?: number | undefined;
  /** Retries the SDK makes for connection errors, timeouts, 429 and 5xx. */
  maxRetries?: number | undefined;
}

/** Same shape as @slack/logger's Logger methods, so the app's logger can be passed as is. */
export interface AiLogger {
  debug(...messages: unknown[]): void;
  info(...messages: unknown[]): void;
  warn(...messages: unknown[]): void;
  error(...messages: unknown[]): void;
}

export interface DraftFromProblemInput {
  title: string;
  problem: string;
  topic?: string | undefined;
  /** Decisions of the workspace that look related, one line each (relatedSummaryLines), so the draft can say what changed since. */
  related?: string | undefined;
}

export interface DraftFromThreadInput {
  /** In conversation order, authors already resolved to display names. */
  messages: readonly ThreadMessage[];
  channelName?: string | undefined;
  related?: string | undefined;
}

export interface DraftFromThreadResult {
  draft: DraftOutput;
  /** How much of the thread the model saw; long threads keep the first message and the most recent ones. */
  includedMessages: number;
  omittedMessages: number;
}

export interface ConfirmDecisionInput {
  /** The thread in conversation order, authors already resolved to display names. */
  messages: readonly ThreadMessage[];
  /** The ts of the message the detector found deciding. */
  decidingTs: string;
}

export interface SuggestProsConsInput {
  title: string;
  context: string;
  option: string;
}

/** Every method rejects with an AiError only. */
export interface AiAssistant {
  readonly enabled: true;
  readonly model: string;
  draftFromProblem(input: DraftFromProblemInput): Promise<DraftOutput>;
  draftFromThread(input: DraftFromThreadInput): Promise<DraftFromThreadResult>;
  suggestProsCons(input: SuggestProsConsInput): Promise<ProsConsOutput>;
  reviewDraft(content: AdrContent): Promise<Finding[]>;
  /** Whether the thread reached a decision at `decidingTs` (asked before the app offers to draft an ADR). */
  confirmDecision(input: ConfirmDecisionInput): Promise<DecisionCheckOutput>;
}

export interface CreateAiAssistantOptions {
  logger?: AiLogger | undefined;
  /** Already loaded templates; otherwise they are loaded (and checked) from `promptsDir` or prompts/. */
  prompts?: Prompts | undefined;
  promptsDir?: string | undefined;
}

const RESPONSE_FORMATS = {
  'draft-from-problem': { name: 'adr_draft', schema: DraftOutput },
  'draft-from-thread': { name: 'adr_draft', schema: DraftOutput },
  'pros-cons': { name: 'pros_cons', schema: ProsConsOutput },
  'review-draft': { name: 'adr_review', schema: ReviewOutput },
  'confirm-decision': { name: 'decision_check', schema: DecisionCheckOutput },
} as const satisfies Record<PromptTask, { name: string; schema: z.ZodType }>;

/** One retry after an unusable answer; the SDK separately retries transport failures. */
const INVALID_OUTPUT_ATTEMPTS = 2;

const silentLogger: AiLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Returns null when no API key is configured: the AI features are off and callers show the manual path.
 * Prompt templates are loaded here, so a broken template throws PromptTemplateError at start.
 */
export function createAiAssistant(config: AiConfig, options: CreateAiAssistantOptions = {}): AiAssistant | null {
  const apiKey = config.apiKey?.trim();
  if (!apiKey) return null;
  const prompts = options.prompts ?? loadPrompts(options.promptsDir);
  const logger = options.logger ?? silentLogger;
  const model = config.model?.trim() || DEFAULT_AI_MODEL;
  // The SDK loads in the background (about 0.1 s): not on the way to the app's first answer.
  const loadingClient = import('openai').then(
    ({ default: OpenAIClient }) =>
      new OpenAIClient({
        apiKey,
        baseURL: config.baseUrl?.trim() || OPENAI_DEFAULT_BASE_URL,
        timeout: config.timeoutMs ?? DEFAULT_AI_TIMEOUT_MS,
        maxRetries: config.maxRetries ?? DEFAULT_AI_MAX_RETRIES,
      }),
  );
  // A failure surfaces at the first request, which awaits it.
  loadingClient.catch(() => undefined);
  const jsonSchemas = new Map<PromptTask, Record<string, unknown>>();

  async function run<Task extends PromptTask>(
    task: Task,
    values: Record<string, string>,
  ): Promise<z.output<(typeof RESPONSE_FORMATS)[Task]['schema']>> {
    const format = RESPONSE_FORMATS[task];
    let schema = jsonSchemas.get(task);
    if (!schema) {
      schema = toStrictJsonSchema(format.schema);
      jsonSchemas.set(task, schema);
    }
    const { system, user } = renderPrompt(prompts[task], values);
    let lastProblem = 'no answer';
    for (let attempt = 1; attempt <= INVALID_OUTPUT_ATTEMPTS; attempt++) {
      logger.debug('AI request', { task, model, attempt });
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        const client = await loadingClient;
        completion = await client.chat.completions.create({
          model,
          messages: [
            { role: 'system', content: system },
            { role: 'user', content: user },
          ],
          response_format: { type: 'json_schema', json_schema: { name: format.name, strict: true, schema } },
        });
      } catch (error) {
        const aiError = toAiError(error);
        logger.warn('AI request failed', { task, model, kind: aiError.kind, status: aiError.status });
        throw aiError;
      }

      const choice = completion.choices[0];
      const message = choice?.message;
      if (message?.refusal) {
        logger.info('AI refused', { task, model });
        throw new AiError('refused', 'the model refused');
      }
      if (choice?.finish_reason === 'content_filter') {
        logger.info('AI answer filtered', { task, model });
        throw new AiError('refused', 'the answer was filtered');
      }

      const parsed = parseAnswer(message?.content, choice?.finish_reason, format.schema);
      if (parsed.ok) return parsed.value as z.output<(typeof RESPONSE_FORMATS)[Task]['schema']>;
      lastProblem = parsed.problem;
      logger.warn('AI answer unusable', { task, model, attempt, problem: lastProblem });
    }
    throw new AiError('invalid_output', lastProblem);
  }

  return {
    enabled: true,
    model,

    draftFromProblem({ title, problem, topic, related }) {
      return run('draft-from-problem', {
        title: fenceUntrusted('title', title, 300),
        problem: fenceUntrusted('problem', problem),
        topic: cleanUntrusted(topic ?? '', 100).replace(/\s+/g, ' '),
        related: relatedData(related),
      });
    },

    async draftFromThread({ messages, channelName, related }) {
      const thread = boundThread(messages);
      const omissionNote =
        thread.omittedMessages > 0
          ? `${thread.omittedMessages} messages in the middle of the thread were left out for length.`
          : '';
      const draft = await run('draft-from-thread', {
        thread: fenceUntrusted('thread', thread.text, Number.POSITIVE_INFINITY),
        // Slack channel names are lowercase letters, digits, - and _; anything else is dropped.
        channelName: (channelName ?? '').replace(/[^a-z0-9_-]/gi, '').slice(0, 80) || 'unknown',
        omissionNote,
        related: relatedData(related),
      });
      return { draft, includedMessages: thread.includedMessages, omittedMessages: thread.omittedMessages };
    },

    suggestProsCons({ title, context, option }) {
      return run('pros-cons', {
        title: fenceUntrusted('title', title, 300),
        context: fenceUntrusted('context', context),
        option: fenceUntrusted('option', option, 300),
      });
    },

    confirmDecision({ messages, decidingTs }) {
      const deciding = messages.find((message) => message.ts === decidingTs);
      const thread = boundThread(messages, { maxChars: 12_000 });
      return run('confirm-decision', {
        thread: fenceUntrusted('thread', thread.text, Number.POSITIVE_INFINITY),
        decidingMessage: fenceUntrusted(
          'deciding_message',
          deciding ? `${deciding.author}: ${deciding.text}` : '(not found)',
          4_000,
        ),
      });
    },

    async reviewDraft(content) {
      const review = await run('review-draft', {
        draft: fenceUntrusted('draft', describeForReview(content), 16_000),
        sections: ADR_SECTIONS.map((section) => `"${section}"`).join(', '),
      });
      return review.findings;
    },
  };
}

type ParseResult = { ok: true; value: unknown } | { ok: false; problem: string };

function parseAnswer(
  content: string | null | undefined,
  finishReason: string | undefined,
  schema: z.ZodType,
): ParseResult {
  if (finishReason === 'length') return { ok: false, problem: 'answer cut off at the token limit' };
  if (!content || content.trim() === '') return { ok: false, problem: 'empty answer' };
  let json: unknown;
  try {
    json = JSON.parse(stripCodeFence(content));
  } catch {
    return { ok: false, problem: 'answer is not valid JSON' };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  // Paths and codes only: the issue messages could echo the model's text.
  const issues = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`)
    .join('; ');
  return { ok: false, problem: `answer does not match the schema (${issues})` };
}

/** Some OpenAI-compatible servers wrap JSON in a Markdown code fence even in JSON mode. */
function stripCodeFence(content: string): string {
  const match = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/i.exec(content);
  return match ? (match[1] as string) : content;
}

/** The draft as labelled template sections; deciders are Slack ids and are left out. */
export function describeForReview(content: AdrContent): string {
  const list = (values: readonly string[]) =>
    values
      .filter((value) => value.trim() !== '')
      .map((value) => `* ${value.trim()}`)
      .join('\n') || '(none)';
  const optionBlocks = content.options.map((option) =>
    [
      `### ${option.name.trim() || '(unnamed option)'}`,
      list(option.pros.map((pro) => `Good, because ${pro}`)),
      list(option.cons.map((con) => `Bad, because ${con}`)),
    ].join('\n'),
  );
  const chosen = content.chosenOption?.trim();
  return [
    `# ${content.title.trim() || '(no title)'}`,
    `Technical Story: ${content.technicalStory.trim() || '(none)'}`,
    '## Context and Problem Statement',
    content.context.trim() || '(empty)',
    '## Decision Drivers',
    list(content.drivers),
    '## Considered Options',
    list(content.options.map((option) => option.name)),
    '## Decision Outcome',
    chosen
      ? `Chosen option: "${chosen}", because ${content.justification.trim() || '(no justification)'}`
      : '(no option chosen yet)',
    '### Positive Consequences',
    list(content.positiveConsequences),
    '### Negative Consequences',
    list(
      content.negativeConsequences.map(
        (consequence) => `${consequence.text} (mitigation: ${consequence.mitigation?.trim() || 'none'})`,
      ),
    ),
    '## Pros and Cons of the Options',
    optionBlocks.join('\n\n') || '(none)',
    '## Links',
    list(content.links),
  ].join('\n\n');
}

/** Related decisions as fenced data (their titles and outcomes are people's words too), or a plain "none". */
function relatedData(related: string | undefined): string {
  return related?.trim() ? fenceUntrusted('related_decisions', related, 2_000) : 'none';
}
