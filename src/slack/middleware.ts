import { randomUUID } from 'node:crypto';
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { ProcessedEventRepository } from '../db/processed-event-repository.js';
import { withRequestContext } from '../logging/request-context.js';
import { type Metrics, requestTypeOf } from '../ops/metrics.js';
import type { SlackKit } from './deps.js';
import { actorOf } from './payload.js';
import type { RequestMeta } from './receiver.js';

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
 * can await it, and logs an error that escaped a listener (an event's: listeners with a person to answer do so).
 */
export function requestMiddleware(
  deps: Pick<SlackKit, 'logger' | 'background' | 'now'>,
  options: MiddlewareOptions,
): Middleware<AnyMiddlewareArgs> {
  const handle: Middleware<AnyMiddlewareArgs> = async (args) => {
    const body = args.body as unknown as Record<string, unknown>;
    const meta = (args.context as { requestMeta?: RequestMeta }).requestMeta;
    const type = requestTypeOf(body);
    if (meta) meta.type = type;
    const event = body.event as { type?: unknown } | undefined;
    const teamId = teamOf(body);
    const context = {
      requestId: meta?.requestId ?? randomUUID(),
      type: type === 'event' && typeof event?.type === 'string' ? `event:${event.type}` : type,
      ...(teamId ? { teamId } : {}),
    };
    await withRequestContext(context, async () => {
      const eventId = type === 'event' && typeof body.event_id === 'string' ? body.event_id : undefined;
      if (eventId && !(await options.processedEvents.claim(eventId, context.teamId ?? '', context.type, deps.now()))) {
        options.metrics.increment('adr_events_duplicate_total', 'Events API deliveries skipped as already handled.');
        deps.logger.info(
          `Skipped event ${eventId}: already handled (Slack retry ${String(args.context.retryNum ?? 'n/a')})`,
        );
        return;
      }
      try {
        await args.next();
        deps.logger.debug(`Handled a ${context.type} request`);
      } catch (error) {
        if (eventId) await options.processedEvents.release(eventId);
        // Listeners with a person to tell (src/slack/listen.ts) have told them; what reaches here is an event's.
        deps.logger.error(`A ${context.type} listener failed`, error);
      }
    });
  };
  // Tracked from the start, not from the listener on: an event is acked before this runs, and its claim (a
  // database round trip on PostgreSQL) must not escape a shutdown's or a test's wait for work after the ack.
  return (args) => {
    const handling = handle(args);
    deps.background.track(
      'request',
      handling.catch(() => undefined),
    );
    return handling;
  };
}
