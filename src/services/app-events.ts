import { EventEmitter } from 'node:events';
import type { StatusChangeEvent } from './decision-service.js';

/** What services announce once a change is stored, for the Slack layer to react to (deliver, refresh views). */
export interface AppEventMap {
  /** Outbox rows were written: the dispatcher should run soon. */
  queued: [];
  /** ADRs changed status (accepted, rejected, deprecated, superseded). */
  statusChanged: [StatusChangeEvent];
  /** An approval was requested or answered. */
  approvalsChanged: [{ teamId: string; adrNumber: number; actorId: string }];
  /** A publish job was written or put back in the queue: the publish queue should run soon. */
  publishQueued: [];
  /** A pull request for these ADRs was opened, merged or closed: their cards should show it. */
  publicationChanged: [{ teamId: string; adrNumbers: number[] }];
}

/**
 * The one channel from services up to the Slack adapters, which are built after the services and depend on them.
 * Services only emit; adapters subscribe in their constructors. Listeners run synchronously and must only schedule
 * work (a listener's error is logged by the emitter's owner, never thrown into the service that emitted).
 * An event emitted inside a unit of work is delivered once it commits (`afterCommit`, the store's): listeners then
 * read what it wrote, from any connection, and a transaction PostgreSQL runs again announces nothing twice.
 */
export class AppEvents {
  private readonly emitter = new EventEmitter();

  constructor(
    private readonly onListenerError: (error: unknown) => void,
    private readonly afterCommit: (deliver: () => void) => void = (deliver) => deliver(),
  ) {
    this.emitter.setMaxListeners(0);
  }

  emit<K extends keyof AppEventMap>(name: K, ...args: AppEventMap[K]): void {
    this.afterCommit(() => this.deliver(name, args));
  }

  private deliver<K extends keyof AppEventMap>(name: K, args: AppEventMap[K]): void {
    for (const listener of this.emitter.listeners(name)) {
      try {
        (listener as (...values: AppEventMap[K]) => void)(...args);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  on<K extends keyof AppEventMap>(name: K, listener: (...args: AppEventMap[K]) => void): void {
    this.emitter.on(name, listener as (...values: unknown[]) => void);
  }
}
