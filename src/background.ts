import type { Logger } from '@slack/logger';

/**
 * Work that runs after Slack has been acked (AI drafting, notifications). Tracked so that a
 * shutdown can finish it instead of cutting it off, and so tests can await it instead of sleeping.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  run(name: string, task: () => Promise<unknown>): void {
    this.track(name, task());
  }

  /** Tracks work already started, e.g. a listener still running after its ack. */
  track(name: string, work: Promise<unknown>): void {
    const promise = work.then(
      () => undefined,
      (error: unknown) => this.logger.error(`Background task ${name} failed`, error),
    );
    this.running.add(promise);
    void promise.finally(() => this.running.delete(promise));
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves once every task, including ones started while waiting, has settled. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
