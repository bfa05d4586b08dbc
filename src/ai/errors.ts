export const AI_ERROR_KINDS = [
  'timeout',
  'rate_limited',
  'server',
  'invalid_output',
  'refused',
  'auth',
  'network',
] as const;
export type AiErrorKind = (typeof AI_ERROR_KINDS)[number];

const USER_MESSAGES: Record<AiErrorKind, string> = {
  timeout: 'The AI service took too long to answer. Try again; your text is kept.',
  rate_limited: 'The AI service is busy (rate limited). Try again in a minute; your text is kept.',
  server: 'The AI service had a problem answering. Try again later; your text is kept.',
  invalid_output:
    'The AI gave an answer we could not use. Try again, or fill in the fields yourself; your text is kept.',
  refused: 'The AI declined to help with this text. Fill in the fields yourself; your text is kept.',
  auth: 'The AI service rejected our credentials. Ask an admin to check OPENAI_API_KEY; your text is kept.',
  network: 'Could not reach the AI service. Try again later; your text is kept.',
};

/** The one error type every AI failure becomes; `userMessage` is fit to show in a Slack modal. */
export class AiError extends Error {
  readonly kind: AiErrorKind;
  readonly userMessage: string;
  /** HTTP status from the AI service, when there was one. */
  readonly status: number | undefined;

  constructor(kind: AiErrorKind, detail: string, options: { status?: number; cause?: unknown } = {}) {
    super(`AI ${kind}: ${detail}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AiError';
    this.kind = kind;
    this.userMessage = USER_MESSAGES[kind];
    this.status = options.status;
  }
}

export function isAiError(error: unknown): error is AiError {
  return error instanceof AiError;
}
