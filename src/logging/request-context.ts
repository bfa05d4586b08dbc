import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while handling one Slack request carries. */
export interface RequestContext {
  requestId: string;
  /** command, block_actions, view_submission, event:app_uninstalled, … */
  type?: string;
  teamId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with `context` visible to `currentRequest()` in everything it starts, background work included. */
export function withRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}
