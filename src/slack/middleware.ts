import { randomUUID } from 'node:crypto';
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { ProcessedEventRepository } from '../db/processed-event-repository.js';
import { withRequestContext } from '../logging/request-context.js';
import { type Metrics, requestTypeOf } from '../ops/metrics.js';
import { notice, noticeView } from './blocks/common.js';
import type { SlackKit } from './deps.js';
import { actorOf } from './payload.js';
import type { RequestMeta } from './receiver.js';
import { slackFailureMessage } from './slack-errors.js';

const GENERIC_APOLOGY = 'Something went wrong on our side. Please try again.';

interface MiddlewareOptions {
  processedEvents: ProcessedEventRepository;
  metrics: Metrics;
}

function teamOf(body: Record<string, unknown>): string | undefined {
  const actor = actorOf(body);
  if (actor) return actor.teamId;
  return typeof body.team_id === 'string' ? body.team_id : undefined;
}

/**
 * The first middleware every request meets: gives it a request id that every log line carries, acts on each
 * Events API delivery once (Slack retries with the same event_id), tracks listener work so shutdown and tests
 * can await it, and turns an error that escaped a listener into a message for the person instead of silence.
 */
export function requestMiddleware(
  deps: Pick<SlackKit, 'logger' | 'background' | 'now'>,
  options: MiddlewareOptions,
): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as unknown as Record<string, unknown>;
    const meta = (args.context as { requestMeta?: RequestMeta }).requestMeta;
    const type = requestTypeOf(body);
    if (meta) meta.type = type;
    const event = body.event as { type?: unknown } | undefined;
    const context = {
      requestId: meta?.requestId ?? randomUUID(),
      type: type === 'event' && typeof event?.type === 'string' ? `event:${event.type}` : type,
      ...(teamOf(body) ? { teamId: teamOf(body) } : {}),
    };
    await withRequestContext(context, async () => {
      const eventId = type === 'event' && typeof body.event_id === 'string' ? body.event_id : undefined;
      if (eventId && !options.processedEvents.claim(eventId, context.teamId ?? '', context.type, deps.now())) {
        options.metrics.increment('adr_events_duplicate_total', 'Events API deliveries skipped as already handled.');
        deps.logger.info(
          `Skipped event ${eventId}: already handled (Slack retry ${String(args.context.retryNum ?? 'n/a')})`,
        );
        return;
      }
      const work = args.next();
      deps.background.track(
        'listener',
        work.catch(() => undefined),
      );
      try {
        await work;
        deps.logger.debug(`Handled a ${context.type} request`);
      } catch (error) {
        if (eventId) options.processedEvents.release(eventId);
        deps.logger.error(`A ${context.type} listener failed`, error);
        await apologise(args, error).catch((failure) => deps.logger.warn('Could not send the apology', failure));
      }
    });
  };
}

/** Tells the person something failed, on whatever surface the request came from. */
async function apologise(args: AnyMiddlewareArgs, error: unknown): Promise<void> {
  const text = slackFailureMessage(error) ?? GENERIC_APOLOGY;
  const body = args.body as unknown as Record<string, unknown>;
  const ack =
    'ack' in args && typeof args.ack === 'function' ? (args.ack as (response?: unknown) => Promise<void>) : null;
  const respond = 'respond' in args && typeof args.respond === 'function' ? args.respond : null;
  const type = requestTypeOf(body);
  if (ack) {
    const answer =
      type === 'command'
        ? { response_type: 'ephemeral', ...notice(text, ':warning:') }
        : type === 'view_submission'
          ? { response_action: 'update', view: noticeView('ADR Assistant', text) }
          : undefined;
    const acked = await ack(answer).then(
      () => true,
      () => false,
    );
    // A command or a view answered in the ack has been told; other surfaces are told through response_url.
    if (acked && answer) return;
  }
  if (respond && type !== 'view_submission') {
    await respond({ response_type: 'ephemeral', replace_original: false, ...notice(text, ':warning:') });
  }
}
