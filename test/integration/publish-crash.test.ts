import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { startTestApp, viewOf } from '../support/app-harness.js';
import { type ChildApp, startChildApp } from '../support/child-app.js';
import { configure, proposeAdr } from '../support/decisions.js';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';

// The app as its own process, killed with SIGKILL after it made the branch and the commit but before GitHub
// answered the pull request; restarted on the same database, it opens exactly one pull request.

const KEY = 'fedcba9876543210'.repeat(4);
const TOKEN = 'github_pat_crash_test';
const REPO = 'acme/payments';
let fake: FakeSlack;
let gh: FakeGitHub;
let dir: string;
const children: ChildApp[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) await child.kill('SIGKILL');
  await gh?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('opens exactly one pull request after a SIGKILL between the branch and the pull request', async () => {
  fake = await startFakeSlack();
  gh = await startFakeGitHub();
  const repo = gh.addRepository(REPO);
  gh.grant(TOKEN, { repository: REPO, contents: 'write', pullRequests: 'write' });
  dir = mkdtempSync(join(tmpdir(), 'adr-publish-crash-'));
  const databasePath = join(dir, 'adr.sqlite');
  // A short lease: the restarted instance takes over the job the killed one had claimed once it ends.
  const env = { GITHUB_API_URL: gh.url, TOKEN_ENCRYPTION_KEY: KEY, WORK_LEASE_MS: '1000' };

  // Set up in-process: settings, the repository, a proposed ADR.
  const setup = await startTestApp({ fake, databasePath, env });
  await configure(setup, { channel: 'C_DECISIONS' });
  let since = fake.calls.length;
  await setup.slack.command('config', { userId: 'U_ALICE' });
  const settings = viewOf(fake, await fake.waitFor('views.open', undefined, { since }));
  since = fake.calls.length;
  await setup.slack.blockAction({ actionId: 'settings_repository', userId: 'U_ALICE', view: settings });
  const modal = viewOf(fake, await fake.waitFor('views.push', undefined, { since }));
  await setup.submit(modal, {
    repository_provider: 'github',
    repository_name: REPO,
    repository_base_branch: 'main',
    repository_folder: 'docs/adr',
    repository_profile: 'madr',
    repository_token: TOKEN,
  });
  await proposeAdr(setup);
  await setup.stop();

  const isOpening = (call: { method: string; path: string }) => call.method === 'POST' && call.path.endsWith('/pulls');
  const held = gh.hold(isOpening);
  const first = await startChildApp({ fake, databasePath, env });
  children.push(first);
  expect((await first.slack.command('accept 1', { userId: 'U_ALICE' })).status).toBe(200);
  await held;
  expect(await first.kill('SIGKILL')).toBeNull();
  children.splice(children.indexOf(first), 1);
  const branch = 'adr/001-use-postgresql-for-orders';
  expect(repo.refs.has(branch)).toBe(true);
  expect(gh.pulls.get(REPO) ?? []).toHaveLength(0);
  const commitAfterCrash = repo.refs.get(branch);

  const second = await startChildApp({ fake, databasePath, env });
  children.push(second);
  await gh.waitFor((call) => isOpening(call) && call.status === 201);
  const pulls = gh.pulls.get(REPO) ?? [];
  expect(pulls).toHaveLength(1);
  expect(pulls[0]).toMatchObject({ head: branch, title: 'ADR-001: Use PostgreSQL for orders' });
  // The restart found the branch and its commit: no second branch, no second commit.
  expect([...repo.refs.keys()].filter((name) => name.startsWith('adr/'))).toEqual([branch]);
  expect(repo.refs.get(branch)).toBe(commitAfterCrash);
  expect(gh.calls.filter((call) => call.method === 'POST' && call.path.endsWith('/git/refs')).length).toBe(1);
  await second.kill('SIGTERM');
  children.splice(children.indexOf(second), 1);
  const db = new Database(databasePath, { readonly: true });
  try {
    expect(db.prepare('SELECT status, pr_number FROM publish_jobs').all()).toEqual([{ status: 'done', pr_number: 1 }]);
  } finally {
    db.close();
  }
});
