import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { SIGNING_SECRET, type Submitted } from './app-harness.js';
import type { FakeSlack, SlackView } from './fake-slack.js';
import { SlackTestClient } from './slack-client.js';
import { buildViewState } from './view-state.js';

const APP_ENTRY = join(import.meta.dirname, '../../src/app.ts');

/** The real app as its own process (`node --import tsx src/app.ts`), for crash and multi-process tests. */
export interface ChildApp {
  baseUrl: string;
  slack: SlackTestClient;
  /** Every line the process wrote (JSON log lines). */
  output: string[];
  /** Submits a modal as `TestApp.submit` does, against this process. */
  submit(view: SlackView, inputs: Record<string, unknown>, as?: { userId?: string }): Promise<Submitted>;
  /** Sends `signal` and resolves with the exit code once the process is gone. */
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export async function startChildApp(options: {
  fake: FakeSlack;
  databasePath: string;
  env?: Record<string, string>;
}): Promise<ChildApp> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), APP_ENTRY], {
    env: {
      PATH: process.env.PATH,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: options.fake.url,
      PORT: '0',
      DATABASE_PATH: options.databasePath,
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    let pending = '';
    const onData = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        output.push(line);
        const match = /listening on port (\d+)/.exec(line);
        if (match) resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    // 'close' fires after the output streams are drained, so the error shows why the app stopped.
    child.once('close', (code) => {
      if (pending) output.push(pending);
      reject(new Error(`the app exited with ${code} before listening:\n${output.join('\n')}`));
    });
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const slack = new SlackTestClient({ baseUrl, signingSecret: SIGNING_SECRET, fake: options.fake });
  return {
    baseUrl,
    slack,
    output,
    async submit(view, inputs, as = {}) {
      const current = options.fake.getView(view.id) ?? view;
      const response = await slack.viewSubmission(current, buildViewState(current, inputs), as);
      const body = response.body.trim() ? (response.json() as Submitted['body']) : null;
      return { status: response.status, body, next: options.fake.applySubmissionResponse(current.id, body) };
    },
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
