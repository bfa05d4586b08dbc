import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderOptions, RepositoryTarget } from '../../src/integrations/git-provider.js';
import { GitHubProvider } from '../../src/integrations/github-provider.js';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';

const FAST: ProviderOptions = { retries: 1, retryBaseMs: 1, maxInlineWaitMs: 0, writeIntervalMs: 0, timeoutMs: 5_000 };
const TOKEN = 'github_pat_test';

let gh: FakeGitHub;
let target: RepositoryTarget;

beforeEach(async () => {
  gh = await startFakeGitHub();
  gh.addRepository('acme/app', { 'README.md': '# app\n', 'docs/adr/.keep': '' });
  gh.grant(TOKEN, { repository: 'acme/app', contents: 'write', pullRequests: 'write' });
  target = { provider: 'github', apiUrl: gh.url, repository: 'acme/app', baseBranch: 'main' };
});
afterEach(() => gh.close());

describe('GitHubProvider against the fake GitHub', () => {
  it('makes a branch, one commit and a pull request, and reads them back', async () => {
    const github = new GitHubProvider(target, TOKEN, FAST);
    const head = await github.branchHead('main');
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    await github.createBranch('adr/001-use-postgresql', head as string);
    const commit = await github.commit('adr/001-use-postgresql', head as string, 'ADR-001', [
      { path: 'docs/adr/0001-use-postgresql.md', content: '# ADR-001\n' },
    ]);
    expect(await github.branchHead('adr/001-use-postgresql')).toBe(commit);
    const file = await github.readFile('adr/001-use-postgresql', 'docs/adr/0001-use-postgresql.md');
    expect(file?.content).toBe('# ADR-001\n');
    expect(await github.listFolder('adr/001-use-postgresql', 'docs/adr')).toEqual([
      'docs/adr/.keep',
      'docs/adr/0001-use-postgresql.md',
    ]);
    expect(await github.findPullRequest('adr/001-use-postgresql')).toBeNull();
    const pull = await github.openPullRequest({ branch: 'adr/001-use-postgresql', title: 'ADR-001: X', body: 'b' });
    expect(pull.state).toBe('open');
    expect(await github.findPullRequest('adr/001-use-postgresql')).toEqual(pull);
    await expect(
      github.openPullRequest({ branch: 'adr/001-use-postgresql', title: 't', body: 'b' }),
    ).rejects.toMatchObject({
      status: 422,
      retryable: false,
    });
    gh.merge('acme/app', pull.number);
    expect((await github.pullRequest(pull.number))?.state).toBe('merged');
  });

  it('refuses a commit on a branch that moved meanwhile (not a fast forward) instead of overwriting it', async () => {
    const github = new GitHubProvider(target, TOKEN, FAST);
    const head = (await github.branchHead('main')) as string;
    await github.createBranch('adr/002-x', head);
    const first = await github.commit('adr/002-x', head, 'one', [{ path: 'docs/adr/a.md', content: 'a\n' }]);
    await expect(
      github.commit('adr/002-x', head, 'stale', [{ path: 'docs/adr/b.md', content: 'b\n' }]),
    ).rejects.toMatchObject({ status: 422, retryable: false });
    expect(await github.branchHead('adr/002-x')).toBe(first);
    await expect(github.createBranch('adr/002-x', head)).rejects.toMatchObject({ status: 422 });
  });

  it('reports exactly what a token lacks', async () => {
    gh.grant('read-only', { repository: 'acme/app', contents: 'read', pullRequests: 'none' });
    gh.grant('other-repo', { repository: 'acme/other', contents: 'write', pullRequests: 'write' });
    const full = await new GitHubProvider(target, TOKEN, FAST).check('docs/adr');
    expect(full).toMatchObject({
      repository: true,
      branch: true,
      folder: true,
      push: true,
      pullRequests: true,
      problems: [],
    });
    const readOnly = await new GitHubProvider(target, 'read-only', FAST).check('docs/decisions');
    expect(readOnly).toMatchObject({ repository: true, branch: true, folder: false, push: false, pullRequests: false });
    expect(readOnly.problems.join('\n')).toContain('Contents read and write');
    expect(readOnly.problems.join('\n')).toContain('Pull requests read and write');
    const other = await new GitHubProvider(target, 'other-repo', FAST).check('docs/adr');
    expect(other.problems).toEqual(['Repository acme/app was not found, or the token was not granted access to it.']);
    const bad = await new GitHubProvider(target, 'nope', FAST).check('docs/adr');
    expect(bad.problems[0]).toContain('401 Bad credentials');
  });

  it('retries a 5xx inside the request, and hands a secondary rate limit back with its wait', async () => {
    const github = new GitHubProvider(target, TOKEN, FAST);
    gh.fail({ match: (c) => c.method === 'GET', times: 1, status: 502 });
    expect(await github.branchHead('main')).not.toBeNull();
    gh.fail({
      match: (c) => c.method === 'GET',
      times: 1,
      status: 403,
      headers: { 'retry-after': '30' },
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
    });
    await expect(github.branchHead('main')).rejects.toMatchObject({ retryable: true, retryAfterMs: 30_000 });
    const reset = Math.floor(Date.now() / 1000) + 600;
    gh.fail({
      match: (c) => c.method === 'GET',
      times: 1,
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      message: 'API rate limit exceeded for user ID 1.',
    });
    const limited = await github.branchHead('main').catch((error: unknown) => error);
    expect(limited).toMatchObject({ retryable: true });
    expect((limited as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(590_000);
    gh.fail({ match: () => true, times: 5, status: 503 });
    await expect(github.branchHead('main')).rejects.toMatchObject({ retryable: true, status: 503 });
  });
});
