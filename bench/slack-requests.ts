/**
 * Request bodies shaped exactly as the e2e rig's signed client sends them (test/support/slack-client.ts), captured
 * instead of sent, so the load generator can re-sign and send them many times.
 */
import type { SlackResponse } from '../test/support/slack-client.js';
import { SlackTestClient } from '../test/support/slack-client.js';
import type { SignedRequest } from './load.js';

export class RequestRecorder extends SlackTestClient {
  private captured: SignedRequest | undefined;

  override async send(rawBody: string, contentType: string): Promise<SlackResponse> {
    this.captured = { path: '/slack/events', contentType, body: rawBody };
    return { status: 0, body: '', headers: new Headers(), json: () => null };
  }

  /** The request `build` would have sent, e.g. `record((c) => c.command('list'))`. */
  async record(build: (client: this) => Promise<unknown>): Promise<SignedRequest> {
    this.captured = undefined;
    await build(this);
    if (!this.captured) throw new Error('RequestRecorder: nothing was sent');
    return this.captured;
  }
}
