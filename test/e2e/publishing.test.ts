import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { answerOf, startTestApp, type TestApp, viewOf } from '../support/app-harness.js';
import { allText, configure, current, proposeAdr } from '../support/decisions.js';
import type { FakeGitRepository } from '../support/fake-git.js';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';
import { startFakeGitLab } from '../support/fake-gitlab.js';
import type { SlackView } from '../support/fake-slack.js';
import { checkWithGit } from '../support/git-check.js';
import { expectErrorLogged } from '../support/log-capture.js';
import { count, rows, value } from '../support/rows.js';

const KEY = '0123456789abcdef'.repeat(4);
const TOKEN = 'github_pat_11AAAAAAA0test0token0value';
const REPO = 'acme/payments';

let t: TestApp | undefined;
let gh: FakeGitHub | undefined;
let repo: FakeGitRepository;

afterEach(async () => {
  if (t) {
    expect(t.fake.violations).toEqual([]);
    await t.stop();
  }
  await gh?.close();
  t = undefined;
  gh = undefined;
});

async function start(env: Record<string, string> = {}): Promise<TestApp> {
  gh = await startFakeGitHub();
  repo = gh.addRepository(REPO, { 'README.md': '# payments\n' });
  gh.grant(TOKEN, { repository: REPO, contents: 'write', pullRequests: 'write' });
  t = await startTestApp({
    env: { GITHUB_API_URL: gh.url, TOKEN_ENCRYPTION_KEY: KEY, PUBLISH_RETRY_BASE_MS: '60000', ...env },
  });
  t.fake.seedUser({ id: 'U_BOB', name: 'bob', real_name: 'Bob Builder' });
  return t;
}

function app(): TestApp {
  if (!t) throw new Error('not started');
  return t;
}

async function openSettings(): Promise<SlackView> {
  const since = app().fake.calls.length;
  await app().slack.command('config', { userId: 'U_ALICE' });
  return viewOf(app().fake, await app().fake.waitFor('views.open', undefined, { since }));
}

/** Clicks a button in a modal and returns the view it pushed. */
async function clickInModal(view: SlackView, actionId: string): Promise<SlackView> {
  const since = app().fake.calls.length;
  await app().slack.blockAction({ actionId, userId: 'U_ALICE', view });
  await app().settle();
  const updates = app().fake.calls.filter((c) => c.index >= since && /^views\.(push|update)$/.test(c.method));
  const last = updates.at(-1);
  if (!last) throw new Error(`${actionId} opened nothing`);
  return viewOf(app().fake, last);
}

async function connect(inputs: Record<string, string> = {}) {
  await configure(app(), { channel: 'C_DECISIONS' });
  const modal = await clickInModal(await openSettings(), 'settings_repository');
  return app().submit(modal, {
    repository_provider: 'github',
    repository_name: REPO,
    repository_base_branch: 'main',
    repository_folder: 'docs/adr',
    repository_profile: 'madr',
    repository_token: TOKEN,
    ...inputs,
  });
}

async function command(text: string): Promise<string> {
  const response = await app().slack.command(text, { userId: 'U_ALICE' });
  await app().settle();
  return response.body;
}

/** Runs the publish queue as if `ms` had passed (a backoff or Retry-After), then lets its follow-ups finish. */
async function later(ms: number) {
  const run = await app().adr.slack.publisher.runOnce(new Date(Date.now() + ms));
  await app().settle();
  return run;
}

function pulls() {
  return gh?.pulls.get(REPO) ?? [];
}

function adrBranches(): string[] {
  return [...repo.refs.keys()].filter((name) => name.startsWith('adr/'));
}

function jobsOf(): Promise<Record<string, unknown>[]> {
  return rows(app(), 'publish_jobs');
}

async function exported(ref: string, format: 'seed' | 'madr'): Promise<string> {
  await command(`export ${ref} ${format}`);
  return app().fake.uploadedFiles.at(-1)?.bytes.toString('utf8') ?? '';
}

describe('publishing to GitHub', () => {
  it('opens one pull request on acceptance whose file is exactly the export, with the index, and links it', async () => {
    await start();
    const saved = await connect();
    expect(saved.body?.response_action).toBe('update');
    const sealed = (await value(app(), 'repository_settings', 'token_sealed')) as string;
    expect(sealed).toMatch(/^enc1:/);
    expect(sealed).not.toContain(TOKEN);

    const { card } = await proposeAdr(app(), { deciders: ['U_BOB'] });
    expect(await command('accept 1')).toContain('is now Accepted');

    expect(pulls()).toHaveLength(1);
    const [pull] = pulls();
    const branch = 'adr/001-use-postgresql-for-orders';
    expect(pull).toMatchObject({
      head: branch,
      base: 'main',
      title: 'ADR-001: Use PostgreSQL for orders',
      state: 'open',
    });
    expect(adrBranches()).toEqual([branch]);
    expect(pull?.body).toContain('Slack thread: https://');
    expect(pull?.body).toContain('**Deciders:** Bob Builder');
    expect(pull?.body).toContain('**Approvals:** none requested');
    expect(pull?.body).toContain('**Weighted score:**');
    expect(pull?.body).not.toContain('had changed');

    const file = repo.fileAt(branch, 'docs/adr/0001-use-postgresql-for-orders.md');
    expect(file).toBe(await exported('1', 'madr'));
    const index = repo.fileAt(branch, 'docs/adr/README.md') ?? '';
    expect(index).toContain('| [ADR-001](0001-use-postgresql-for-orders.md) | Use PostgreSQL for orders | Accepted |');
    expect(repo.fileAt('main', 'docs/adr/README.md')).toBeUndefined();

    // The real git binary sees the same tree: same id, a clean fsck, the paths and the files.
    const checkout = checkWithGit(repo, branch);
    try {
      expect(checkout.treeSha).toBe(repo.commit(repo.refs.get(branch) as string)?.tree);
      expect(checkout.paths).toEqual(['README.md', 'docs/adr/0001-use-postgresql-for-orders.md', 'docs/adr/README.md']);
      expect(checkout.show('docs/adr/0001-use-postgresql-for-orders.md')).toBe(file);
      expect(checkout.show('docs/adr/README.md')).toBe(index);
    } finally {
      checkout.remove();
    }

    // The pull request's link: in the proposal's thread, on the card, and in /adr show.
    const reply = app()
      .fake.messages(card.channel)
      .find((m) => m.thread_ts === card.ts && allText(m.blocks).includes(pull?.html_url as string));
    expect(reply).toBeDefined();
    expect(allText(current(app(), card).blocks)).toContain(`<${pull?.html_url}|Pull request #1>`);
    const show = await command('show 1');
    expect(show).toContain('Pull request #1');
    expect(await jobsOf()).toMatchObject([{ status: 'done', attempts: 1, pr_number: 1, pr_state: 'open' }]);
    // Merged on GitHub: the next refresh of the card looks it up and says so.
    gh?.merge(REPO, 1);
    app().adr.slack.cards.refresh(app().slack.teamId, 1);
    await app().settle();
    expect(allText(current(app(), card).blocks)).toContain('Pull request #1> · :large_purple_circle: merged');
    expect(await jobsOf()).toMatchObject([{ pr_state: 'merged' }]);
    // Every call carried the token, and none wrote to the base branch.
    expect(gh?.calls.every((call) => call.token === TOKEN)).toBe(true);
  });

  it('puts both sides of a supersede in one pull request, and shows it closed on both cards', async () => {
    await start();
    await connect();
    const first = await proposeAdr(app(), { deciders: ['U_BOB'] });
    const second = await proposeAdr(app(), { title: 'Use CockroachDB for orders', deciders: ['U_BOB'] });
    await command('accept 1');
    gh?.merge(REPO, 1);
    await command('accept 2');
    expect(await command('supersede 1 by 2')).toContain('superseded by ADR-002');
    expect(pulls().map((p) => p.title)).toEqual([
      'ADR-001: Use PostgreSQL for orders',
      'ADR-002: Use CockroachDB for orders',
      'ADR-001: Use PostgreSQL for orders (superseded)',
    ]);
    const branch = 'adr/001-use-postgresql-for-orders-superseded';
    const changed = [...repo.files(branch).keys()].filter(
      (path) => repo.fileAt(branch, path) !== repo.fileAt('main', path),
    );
    expect(changed.sort()).toEqual([
      'docs/adr/0001-use-postgresql-for-orders.md',
      'docs/adr/0002-use-cockroachdb-for-orders.md',
      'docs/adr/README.md',
    ]);
    expect(repo.fileAt(branch, 'docs/adr/0001-use-postgresql-for-orders.md')).toBe(await exported('1', 'madr'));
    expect(repo.fileAt(branch, 'docs/adr/0002-use-cockroachdb-for-orders.md')).toBe(await exported('2', 'madr'));
    expect(repo.fileAt(branch, 'docs/adr/0001-use-postgresql-for-orders.md')).toContain('superseded by');

    // Closed without merging: the scheduled look-up finds it and both cards say so.
    expect(allText(current(app(), first.card).blocks)).toContain('Pull request #3> · open');
    gh?.closePull(REPO, 3);
    expect(await app().adr.services.publishing.syncStale(0)).toBe(1);
    await app().settle();
    for (const card of [first.card, second.card]) {
      expect(allText(current(app(), card).blocks)).toContain(
        'Pull request #3> · :no_entry_sign: closed without merging',
      );
    }
    expect(await app().adr.services.publishing.syncStale(0)).toBe(0);
  });

  it('retries 5xx and a secondary rate limit, then opens exactly one pull request', async () => {
    await start();
    await connect();
    await proposeAdr(app(), { deciders: ['U_BOB'] });
    gh?.fail({ match: (c) => c.method === 'POST' && c.path.endsWith('/pulls'), times: 2, status: 502 });
    await command('accept 1');
    expect(pulls()).toHaveLength(0);
    expect((await jobsOf())[0]).toMatchObject({ status: 'pending', attempts: 1 });
    expect(String((await jobsOf())[0]?.last_error)).toContain('502');
    // Not due yet: the backoff holds it back.
    expect(await later(0)).toEqual({ done: 0, retried: 0, failed: 0 });

    gh?.fail({
      match: (c) => c.method === 'GET' && c.path.endsWith('/pulls'),
      times: 1,
      status: 403,
      headers: { 'retry-after': '120' },
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
    });
    expect(await later(61_000)).toEqual({ done: 0, retried: 1, failed: 0 });
    const retryAt = Date.parse(String((await jobsOf())[0]?.next_attempt_at));
    expect(retryAt - Date.now()).toBeGreaterThan(61_000 + 100_000);
    expect(await later(61_000 + 121_000)).toEqual({ done: 1, retried: 0, failed: 0 });
    expect(pulls()).toHaveLength(1);
    expect(adrBranches()).toHaveLength(1);
    const head = repo.refs.get(adrBranches()[0] as string) as string;
    expect(repo.commit(head)?.parents).toEqual([repo.refs.get('main')]);
    expect((await jobsOf())[0]).toMatchObject({ status: 'done', attempts: 3 });
  });

  it('says exactly what a bad token lacks in Test connection, and shows the failed pull request in App Home', async () => {
    await start();
    await connect({ repository_token: 'github_pat_revoked' });
    const report = await clickInModal(await openSettings(), 'settings_repository_test');
    expect(allText(report.blocks)).toContain('GitHub refused the token (401 Bad credentials)');

    await proposeAdr(app(), { deciders: ['U_BOB'] });
    await command('accept 1');
    expect((await jobsOf())[0]).toMatchObject({ status: 'failed', attempts: 1 });
    expect(expectErrorLogged(/Publish job #1 .* failed after 1 attempt/)).toHaveLength(1);
    expect(await (await fetch(`${app().baseUrl}/metrics`)).text()).toContain('adr_publish_jobs{state="failed"} 1');
    const home = app().fake.homeView('U_ALICE');
    expect(allText(home?.blocks)).toContain('Failed pull requests');
    expect(allText(home?.blocks)).toContain('GitHub refused the repository token (401)');
    // The next decision is not blocked by the failed one.
    await proposeAdr(app(), { title: 'Use Redis for sessions', deciders: ['U_BOB'] });

    // A new token with too little: Test connection names each missing permission.
    gh?.grant('github_pat_readonly', { repository: REPO, contents: 'read', pullRequests: 'none' });
    await connect({ repository_token: 'github_pat_readonly' });
    const partial = await clickInModal(await openSettings(), 'settings_repository_test');
    expect(allText(partial.blocks)).toContain('grant Contents read and write');
    expect(allText(partial.blocks)).toContain('grant Pull requests read and write');

    // Fixed: the token is replaced and Retry opens the pull request.
    await connect({ repository_token: TOKEN });
    const ok = await clickInModal(await openSettings(), 'settings_repository_test');
    expect(allText(ok.blocks)).toContain('Everything needed is in place');
    await app().slack.blockAction({
      actionId: 'adr_home_retry_publish',
      userId: 'U_ALICE',
      view: app().fake.homeView('U_ALICE') as SlackView,
    });
    await app().settle();
    expect(pulls()).toHaveLength(1);
    expect(allText(app().fake.homeView('U_ALICE')?.blocks)).not.toContain('Failed pull requests');
  });

  it('marks a refused pull request failed at once and publishes the next decision', async () => {
    await start();
    await connect();
    await proposeAdr(app(), { deciders: ['U_BOB'] });
    await proposeAdr(app(), { title: 'Use Redis for sessions', deciders: ['U_BOB'] });
    gh?.fail({
      match: (c) => c.method === 'POST' && c.path.endsWith('/git/refs') && JSON.stringify(c.body).includes('adr/001'),
      times: 1,
      status: 422,
      message: 'Reference name is invalid',
    });
    await command('accept 1');
    await command('accept 2');
    expect(expectErrorLogged(/Publish job #1 .* failed after 1 attempt/)).toHaveLength(1);
    expect((await jobsOf()).map((job) => [job.status, job.attempts])).toEqual([
      ['failed', 1],
      ['done', 1],
    ]);
    expect(pulls().map((p) => p.title)).toEqual(['ADR-002: Use Redis for sessions']);
    expect(allText(app().fake.homeView('U_ALICE')?.blocks)).toContain('ADR-001 · Pull request (accepted) failed');
  });

  it('says when a file changed in the repository since the app wrote it, instead of overwriting silently', async () => {
    await start();
    await connect();
    await proposeAdr(app(), { deciders: ['U_BOB'] });
    await command('accept 1');
    gh?.merge(REPO, 1);
    repo.commitFiles('main', 'Fix a typo', [
      { path: 'docs/adr/0001-use-postgresql-for-orders.md', content: '# edited by hand\n' },
    ]);
    await command('deprecate 1');
    const [, second] = pulls();
    expect(second?.title).toBe('ADR-001: Use PostgreSQL for orders (deprecated)');
    expect(second?.body).toContain(
      '`docs/adr/0001-use-postgresql-for-orders.md` had changed in the repository since ADR Assistant last wrote it',
    );
    expect(second?.body).not.toContain('`docs/adr/README.md` had changed');
  });

  it('refuses to store a token without TOKEN_ENCRYPTION_KEY, naming the key', async () => {
    await start({ TOKEN_ENCRYPTION_KEY: '' });
    const saved = await connect();
    expect(saved.body?.response_action).toBe('errors');
    expect(saved.body?.errors?.repository_token).toContain('TOKEN_ENCRYPTION_KEY');
    expect(await count(app(), 'repository_settings')).toBe(0);
  });

  it('imports the configured folder from the repository', async () => {
    await start();
    repo.commitFiles('main', 'ADRs', [
      {
        path: 'docs/adr/0001-record-architecture-decisions.md',
        content:
          '# 1. Record architecture decisions\n\nDate: 2024-01-02\n\n## Status\n\nAccepted\n\n## Context\n\nWe need to record decisions.\n\n## Decision\n\nWe will use ADRs.\n\n## Consequences\n\nSee Nygard.\n',
      },
      { path: 'docs/adr/README.md', content: '# Decisions\n' },
    ]);
    await connect();
    const report = await clickInModal(await openSettings(), 'settings_repository_import');
    expect(allText(report.blocks)).toContain('Imported 1');
    expect((await app().adr.services.decisions.find(app().slack.teamId, 1))?.title).toBe(
      'Record architecture decisions',
    );
  });

  it('keeps the export zip and the committed index the same', async () => {
    await start();
    await connect();
    await proposeAdr(app(), { deciders: ['U_BOB'] });
    await command('accept 1');
    await command('export all madr');
    const zip = unzipSync(new Uint8Array(app().fake.uploadedFiles.at(-1)?.bytes ?? []));
    const index = Buffer.from(zip['docs/adr/README.md'] ?? []).toString('utf8');
    expect(repo.fileAt('adr/001-use-postgresql-for-orders', 'docs/adr/README.md')).toBe(index);
    expect(answerOf).toBeDefined();
  });
});

describe('publishing to a self-managed GitLab', () => {
  it('opens one merge request through the workspace’s own server URL, riding out 429s', async () => {
    const gl = await startFakeGitLab();
    try {
      const project = gl.addProject('platform/architecture/docs', { 'README.md': '# docs\n' });
      gl.grant('glpat-project-token', { project: 'platform/architecture/docs', scopes: ['api'], accessLevel: 30 });
      await start();
      const saved = await connect({
        repository_provider: 'gitlab_self_managed',
        repository_name: 'platform/architecture/docs',
        repository_profile: 'seed',
        repository_token: 'glpat-project-token',
        repository_api_url: gl.url,
      });
      expect(saved.body?.response_action).toBe('update');
      const report = await clickInModal(await openSettings(), 'settings_repository_test');
      expect(allText(report.blocks)).toContain('Everything needed is in place');
      expect(allText(report.blocks)).toContain('May open merge requests');

      const { card } = await proposeAdr(app(), { deciders: ['U_BOB'] });
      gl.fail({ match: (c) => c.method === 'POST' && c.path.endsWith('/merge_requests'), times: 2, status: 429 });
      await command('accept 1');
      const mrs = gl.mergeRequests.get('platform/architecture/docs') ?? [];
      expect(mrs).toHaveLength(1);
      expect(mrs[0]).toMatchObject({
        title: 'ADR-001: Use PostgreSQL for orders',
        source_branch: 'adr/001-use-postgresql-for-orders',
        target_branch: 'main',
        state: 'opened',
      });
      expect(mrs[0]?.description).toContain('**Deciders:** Bob Builder');
      const file = project.fileAt('adr/001-use-postgresql-for-orders', 'docs/adr/0001-use-postgresql-for-orders.md');
      expect(file).toBe(await exported('1', 'seed'));
      expect(allText(current(app(), card).blocks)).toContain('Merge request !1');
      expect(gl.calls.every((call) => call.token === 'glpat-project-token')).toBe(true);
      // The environment's GitLab URL was never used: everything went to the workspace's server.
      expect(gh?.calls.length).toBe(0);
    } finally {
      await gl.close();
    }
  });
});
