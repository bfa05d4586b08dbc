import type { BackgroundTasks } from './background.js';

/** Runs a task at start and then every `intervalMs`, tracked as background work; stops cleanly. */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly task: () => unknown,
    private readonly background: BackgroundTasks,
  ) {}

  start(): void {
    if (this.timer) return;
    this.runNow();
    this.timer = setInterval(() => this.runNow(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private runNow(): void {
    this.background.run(this.name, async () => this.task());
  }
}
