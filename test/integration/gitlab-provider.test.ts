import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RepositoryTarget } from '../../src/integrations/git-provider.js';
import { GitLabProvider } from '../../src/integrations/gitlab-provider.js';
import { FAST_PROVIDERS } from '../support/app-harness.js';
import { type FakeGitLab, startFakeGitLab } from '../support/fake-gitlab.js';

const TOKEN = 'glpat-test-token';
let gl: FakeGitLab;
let target: RepositoryTarget;

beforeEach(async () => {
  gl = await startFakeGitLab();
  gl.addProject('platform/arch/docs', { 'README.md': '# docs\n', 'docs/adr/README.md': '# ADRs\n' });
  gl.grant(TOKEN, { project: 'platform/arch/docs', scopes: ['api'], accessLevel: 30 });
  target = { provider: 'gitlab_self_managed', apiUrl: gl.url, repository: 'platform/arch/docs', baseBranch: 'main' };
});
afterEach(() => gl.close());

describe('GitLabProvider against the fake GitLab', () => {
  it('makes a branch, one commit and a merge request; a second one is refused with 409', async () => {
    const gitlab = new GitLabProvider(target, TOKEN, FAST_PROVIDERS);
    const head = (await gitlab.branchHead('main')) as string;
    await gitlab.createBranch('adr/001-x', head);
    await gitlab.commit('adr/001-x', head, 'ADR-001', [
      { path: 'docs/adr/0001-x.md', content: '# ADR-001\n' },
      { path: 'docs/adr/README.md', content: '# ADRs\n\n* ADR-001\n' },
    ]);
    expect((await gitlab.readFile('adr/001-x', 'docs/adr/0001-x.md'))?.content).toBe('# ADR-001\n');
    expect(await gitlab.listFolder('adr/001-x', 'docs/adr')).toEqual(['docs/adr/0001-x.md', 'docs/adr/README.md']);
    expect(await gitlab.findPullRequest('adr/001-x')).toBeNull();
    const mr = await gitlab.openPullRequest({ branch: 'adr/001-x', title: 'ADR-001: X', body: 'b' });
    expect(mr).toMatchObject({ number: 1, state: 'open' });
    expect(await gitlab.findPullRequest('adr/001-x')).toEqual(mr);
    await expect(gitlab.openPullRequest({ branch: 'adr/001-x', title: 't', body: 'b' })).rejects.toMatchObject({
      status: 409,
      retryable: false,
    });
  });

  it('rides out 429s inside gitbeaker, and hands persistent 5xx back as retryable', async () => {
    const gitlab = new GitLabProvider(target, TOKEN, FAST_PROVIDERS);
    gl.fail({ match: (c) => c.method === 'GET', times: 3, status: 429, headers: { 'retry-after': '1' } });
    expect(await gitlab.branchHead('main')).not.toBeNull();
    gl.fail({ match: () => true, times: 1, status: 503 });
    await expect(gitlab.branchHead('main')).rejects.toMatchObject({ retryable: true, status: 503 });
  });

  it('says what a token lacks: the api scope, the Developer role, or the project', async () => {
    gl.grant('reporter', { project: 'platform/arch/docs', scopes: ['api'], accessLevel: 20 });
    gl.grant('read', { project: 'platform/arch/docs', scopes: ['read_api'], accessLevel: 30 });
    gl.grant('elsewhere', { project: 'other/project', scopes: ['api'], accessLevel: 40 });
    expect(await new GitLabProvider(target, TOKEN, FAST_PROVIDERS).check('docs/adr')).toMatchObject({
      repository: true,
      branch: true,
      folder: true,
      push: true,
      pullRequests: true,
      problems: [],
    });
    const reporter = await new GitLabProvider(target, 'reporter', FAST_PROVIDERS).check('docs/adr');
    expect(reporter.problems.join(' ')).toContain('Developer role');
    const read = await new GitLabProvider(target, 'read', FAST_PROVIDERS).check('docs/adr');
    expect(read.problems.join(' ')).toContain('api scope');
    const elsewhere = await new GitLabProvider(target, 'elsewhere', FAST_PROVIDERS).check('docs/adr');
    expect(elsewhere.problems).toEqual([
      'Project platform/arch/docs was not found, or the token is not a member of it.',
    ]);
    const bad = await new GitLabProvider(target, 'nope', FAST_PROVIDERS).check('docs/adr');
    expect(bad.problems[0]).toContain('401');
  });
});
