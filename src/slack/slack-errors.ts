import { ErrorCode } from '@slack/web-api';

/** The `error` code of a Web API failure (`channel_not_found`, `token_revoked`, …), wrapped or not. */
export function slackErrorCode(error: unknown): string | undefined {
  const failure = error instanceof SlackCallError ? error.cause : error;
  const data = (failure as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** A Web API call that failed, with the method named so the person can be told what did not happen. */
export class SlackCallError extends Error {
  constructor(
    readonly method: string,
    override readonly cause: unknown,
  ) {
    super(`${method} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'SlackCallError';
  }
}

/** Runs one Web API call; a failure comes back as a SlackCallError naming `method`. */
export async function callSlack<T>(method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof SlackCallError ? error : new SlackCallError(method, error);
  }
}

const WHAT: Record<string, string> = {
  'views.open': 'open the form',
  'views.push': 'open the form',
  'views.update': 'update the form',
  'chat.postMessage': 'post the message',
  'chat.update': 'update the message',
  'chat.postEphemeral': 'post the message',
  'files.uploadV2': 'upload the file',
  'users.info': 'look up your account',
};

interface WebApiErrorShape {
  code?: unknown;
  statusCode?: unknown;
  data?: { error?: unknown };
  original?: { name?: unknown; message?: unknown };
  message?: unknown;
}

export interface SlackErrorVerdict {
  retryable: boolean;
  /** Slack told us when to come back (429 Retry-After). */
  retryAfterMs?: number;
  /** The message to edit is gone: nothing left to do. */
  gone?: boolean;
  /** The workspace's token no longer works (uninstalled, revoked): nothing sent there can succeed. */
  workspaceGone?: boolean;
  message: string;
}

/** Slack errors that mean "try again later" rather than "this can never work". */
const TRANSIENT_PLATFORM_ERRORS = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'team_added_to_org',
]);
const MESSAGE_GONE_ERRORS = new Set(['message_not_found', 'cant_update_message']);
/** Slack's answers that mean the token no longer works in that workspace. */
export const WORKSPACE_GONE_ERRORS: ReadonlySet<string> = new Set([
  'not_authed',
  'invalid_auth',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'team_disabled',
]);

/** Whether a failed Web API call is worth retrying, and why it failed, for code that retries on its own. */
export function classifySlackError(error: unknown): SlackErrorVerdict {
  const failure = (error instanceof SlackCallError ? error.cause : error) as WebApiErrorShape & {
    retryAfter?: unknown;
  };
  switch (failure?.code) {
    case ErrorCode.RateLimitedError: {
      const seconds = typeof failure.retryAfter === 'number' ? failure.retryAfter : 1;
      return { retryable: true, retryAfterMs: seconds * 1000, message: `rate limited (Retry-After ${seconds} s)` };
    }
    case ErrorCode.HTTPError: {
      const status = Number(failure.statusCode);
      return { retryable: status >= 500 || status === 408, message: `HTTP ${status} from Slack` };
    }
    case ErrorCode.RequestError:
      return { retryable: true, message: `network error: ${String(failure.original?.message ?? failure.message)}` };
    case ErrorCode.PlatformError: {
      const code = String(failure.data?.error ?? 'unknown_error');
      return {
        retryable: TRANSIENT_PLATFORM_ERRORS.has(code),
        gone: MESSAGE_GONE_ERRORS.has(code),
        workspaceGone: WORKSPACE_GONE_ERRORS.has(code),
        message: code,
      };
    }
    default:
      return { retryable: true, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Why Slack did not do it, in words for the person; null when the error did not come from Slack's Web API. */
export function slackReason(error: unknown): string | null {
  const failure = (error instanceof SlackCallError ? error.cause : error) as WebApiErrorShape | undefined;
  if (!failure || typeof failure !== 'object') return null;
  const message = typeof failure.message === 'string' ? failure.message : '';
  if (failure.code === 'slack_webapi_rate_limited_error' || /rate limit was exceeded/i.test(message)) {
    return 'Slack is limiting how fast we can call it right now';
  }
  if (failure.code === 'slack_webapi_request_error') {
    const original = `${String(failure.original?.name ?? '')} ${String(failure.original?.message ?? '')}`;
    return /timeout|aborted/i.test(original) ? 'Slack did not answer in time' : 'Slack could not be reached';
  }
  if (failure.code === 'slack_webapi_http_error') {
    return `Slack had a problem (HTTP ${String(failure.statusCode ?? 'error')})`;
  }
  if (failure.code === 'slack_webapi_platform_error') {
    const code = String(failure.data?.error ?? 'error');
    if (/trigger/.test(code)) return 'the request expired before Slack could show it';
    return `Slack answered "${code}"`;
  }
  return null;
}

/**
 * What to tell the person when a Slack call failed (e.g. "Slack did not open the form: Slack did not answer in
 * time. Please try again."), or null when the error was not Slack's.
 */
export function slackFailureMessage(error: unknown): string | null {
  const reason = slackReason(error);
  if (!reason) return null;
  const what = error instanceof SlackCallError ? (WHAT[error.method] ?? 'do that') : 'do that';
  return `Slack did not ${what}: ${reason}. Please try again.`;
}
