import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// `npm run dev:fake` and `npm run send` as the README tells a newcomer to run them: two processes from the
// sources, the second signing a command for the first. Their cwd is an empty folder (data/ goes there), PORT=0.

const ROOT = join(import.meta.dirname, '../..');
const TRY_LOCALLY = join(ROOT, 'demo/try-locally.ts');
const SEND = join(ROOT, 'demo/send-command.ts');

let dir: string;
let child: ChildProcessWithoutNullStreams | null = null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'adr-dev-fake-'));
});

afterEach(() => {
  child?.kill('SIGKILL');
  child = null;
  rmSync(dir, { recursive: true, force: true });
});

function tsx(script: string, args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', import.meta.resolve('tsx'), script, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', PORT: '0' },
  });
}

/** Everything the process writes to stdout and stderr, and a way to wait for a line of it. */
function watch(process: ChildProcessWithoutNullStreams) {
  const seen = { out: '', err: '' };
  const waiters: Array<() => void> = [];
  process.stdout.on('data', (chunk: Buffer) => {
    seen.out += chunk.toString('utf8');
    for (const wake of waiters.splice(0)) wake();
  });
  process.stderr.on('data', (chunk: Buffer) => {
    seen.err += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => process.once('close', resolve));
  const until = async (text: string, from = 0): Promise<number> => {
    for (;;) {
      const at = seen.out.indexOf(text, from);
      if (at >= 0) return at + text.length;
      const more = new Promise<void>((resolve) => waiters.push(resolve));
      const ended = await Promise.race([more.then(() => false), exited.then(() => true)]);
      if (ended && !seen.out.includes(text, from)) {
        throw new Error(`exited before printing "${text}": ${seen.out}\n${seen.err}`);
      }
    }
  };
  return { seen, until, exited };
}

describe('npm run dev:fake and npm run send', () => {
  it('starts the app against the fake Slack, answers a signed command from another process and one typed at the prompt, and stops on exit', async () => {
    child = tsx(TRY_LOCALLY, []);
    const app = watch(child);
    let at = await app.until('/adr> ');
    expect(app.seen.out).toContain('ADR Assistant is running against the built-in fake Slack');
    expect(existsSync(join(dir, 'data/dev-fake.json'))).toBe(true);

    const sender = watch(tsx(SEND, ['/adr help']));
    expect(await sender.exited).toBe(0);
    expect(sender.seen.out).toContain('HTTP 200');
    expect(sender.seen.out).toContain('/adr new [title]');
    expect(sender.seen.err).toBe('');

    // Typed at the prompt: the wizard opens, which the fake Slack received and the tool prints as a modal.
    child.stdin.write('/adr new Use PostgreSQL for orders\n');
    at = await app.until('Slack received views.open', at);
    await app.until('/adr> ', at);
    expect(app.seen.out.slice(at)).toContain('Use PostgreSQL for orders');

    child.stdin.write('exit\n');
    expect(await app.exited).toBe(0);
    expect(app.seen.err).toBe('');
    expect(existsSync(join(dir, 'data/dev-fake.json'))).toBe(false);
    expect(existsSync(join(dir, 'data/dev-fake.sqlite'))).toBe(true);
  });

  it('tells the person to start dev:fake first when nothing runs', async () => {
    const sender = watch(tsx(SEND, ['/adr list']));
    expect(await sender.exited).toBe(1);
    expect(sender.seen.err).toContain('start it with `npm run dev:fake` first');
  });
});
