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
}

/**
 * The one channel from services up to the Slack adapters, which are built after the services and depend on them.
 * Services only emit; adapters subscribe in their constructors. Listeners run synchronously and must only schedule
 * work (a listener's error is logged by the emitter's owner, never thrown into the service that emitted).
 */
export class AppEvents {
  private readonly emitter = new EventEmitter();

  constructor(private readonly onListenerError: (error: unknown) => void) {
    this.emitter.setMaxListeners(0);
  }

  emit<K extends keyof AppEventMap>(name: K, ...args: AppEventMap[K]): void {
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
