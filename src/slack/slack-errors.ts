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
