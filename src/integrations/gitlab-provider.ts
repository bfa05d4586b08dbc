import { Gitlab } from '@gitbeaker/rest';
import { z } from 'zod';
import {
  type AccessReport,
  type FileChange,
  type GitProvider,
  ProviderError,
  type ProviderOptions,
  type PullRequest,
  type RepoFile,
  type RepositoryTarget,
  refusedBy,
} from './git-provider.js';

/** GitLab's access levels: Developer (30) may push to unprotected branches and open merge requests. */
const DEVELOPER = 30;

const ProjectSchema = z.object({
  id: z.number().int(),
  path_with_namespace: z.string(),
  permissions: z
    .object({
      project_access: z.object({ access_level: z.number() }).nullable().optional(),
      group_access: z.object({ access_level: z.number() }).nullable().optional(),
    })
    .optional(),
});
const BranchSchema = z.object({ name: z.string(), commit: z.object({ id: z.string() }) });
const FileSchema = z.object({ file_path: z.string(), blob_id: z.string(), content: z.string(), encoding: z.string() });
const TreeSchema = z.array(z.object({ type: z.string(), path: z.string() }));
const CommitSchema = z.object({ id: z.string() });
const TokenSchema = z.object({ scopes: z.array(z.string()), active: z.boolean().optional() });
const MergeRequestSchema = z.object({
  iid: z.number().int(),
  web_url: z.string(),
  state: z.enum(['opened', 'closed', 'locked', 'merged']),
});

function toPull(data: unknown): PullRequest {
  const mr = MergeRequestSchema.parse(data);
  const state = mr.state === 'merged' ? 'merged' : mr.state === 'closed' ? 'closed' : 'open';
  return { number: mr.iid, url: mr.web_url, state };
}

/** Sorts a gitbeaker failure: 5xx, timeouts, network errors and 429s (after gitbeaker's own retries) are retried. */
export function gitlabError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'GitbeakerRetryError') {
    return new ProviderError(`GitLab kept answering 429/502: ${message}`, 429, true);
  }
  if (name === 'GitbeakerTimeoutError' || name === 'TimeoutError') {
    return new ProviderError(`GitLab did not answer in time: ${message}`, null, true);
  }
  const response = (error as { cause?: { response?: Response } }).cause?.response;
  const status = response?.status ?? 0;
  if (status === 0 || status >= 500) {
    return new ProviderError(`GitLab did not answer (${status || 'network error'}): ${message}`, status || null, true);
  }
  if (status === 429) {
    const retryAfter = Number(response?.headers.get('retry-after'));
    return new ProviderError(
      `GitLab rate limit: ${message}`,
      429,
      true,
      Number.isFinite(retryAfter) ? retryAfter * 1000 : null,
    );
  }
  return refusedBy('GitLab', status, message);
}

export class GitLabProvider implements GitProvider {
  private readonly api: InstanceType<typeof Gitlab>;
  private readonly project: string;

  constructor(
    readonly target: RepositoryTarget,
    token: string,
    options: ProviderOptions,
  ) {
    this.project = target.repository;
    this.api = new Gitlab({ host: target.apiUrl.replace(/\/+$/, ''), token, queryTimeout: options.timeoutMs });
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw gitlabError(error);
    }
  }

  private async orNull<T>(work: () => Promise<T>): Promise<T | null> {
    try {
      return await work();
    } catch (error) {
      const failure = gitlabError(error);
      if (failure.status === 404) return null;
      throw failure;
    }
  }

  async check(folder: string): Promise<AccessReport> {
    const report: AccessReport = {
      repository: false,
      branch: false,
      folder: false,
      push: false,
      pullRequests: false,
      problems: [],
      notes: [],
    };
    let project: z.infer<typeof ProjectSchema> | null;
    try {
      project = await this.orNull(async () => ProjectSchema.parse(await this.api.Projects.show(this.project)));
    } catch (error) {
      const failure = gitlabError(error);
      if (failure.status !== 401) throw failure;
      report.problems.push('GitLab refused the token (401 Unauthorized): it is wrong, expired or revoked.');
      return report;
    }
    if (!project) {
      report.problems.push(`Project ${this.project} was not found, or the token is not a member of it.`);
      return report;
    }
    report.repository = true;
    const head = await this.branchHead(this.target.baseBranch);
    report.branch = head !== null;
    if (!head) report.problems.push(`Branch ${this.target.baseBranch} does not exist in ${this.project}.`);
    else {
      report.folder = (await this.listFolder(this.target.baseBranch, folder)).length > 0;
      if (!report.folder) {
        report.notes.push(
          `Folder ${folder} does not exist on ${this.target.baseBranch} yet: the first pull request creates it.`,
        );
      }
    }
    const token = await this.orNull(async () => TokenSchema.parse(await this.api.PersonalAccessTokens.show()));
    const hasApi = token?.scopes.includes('api') ?? false;
    const level = Math.max(
      project.permissions?.project_access?.access_level ?? 0,
      project.permissions?.group_access?.access_level ?? 0,
    );
    report.push = hasApi && level >= DEVELOPER;
    report.pullRequests = report.push;
    if (!hasApi) report.problems.push('The token lacks the api scope: create a project access token with api.');
    if (level < DEVELOPER) {
      report.problems.push(
        'The token may not push branches or open merge requests: give the project access token the Developer role.',
      );
    }
    return report;
  }

  async readFile(ref: string, path: string): Promise<RepoFile | null> {
    const file = await this.orNull(async () =>
      FileSchema.parse(await this.api.RepositoryFiles.show(this.project, path, ref)),
    );
    if (!file) return null;
    const content = Buffer.from(file.content, file.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
    return { path: file.file_path, content, blobSha: file.blob_id };
  }

  async listFolder(ref: string, folder: string): Promise<string[]> {
    const tree = await this.orNull(async () =>
      TreeSchema.parse(await this.api.Repositories.allRepositoryTrees(this.project, { path: folder, ref })),
    );
    return (tree ?? []).filter((entry) => entry.type === 'blob').map((entry) => entry.path);
  }

  async branchHead(branch: string): Promise<string | null> {
    const found = await this.orNull(async () => BranchSchema.parse(await this.api.Branches.show(this.project, branch)));
    return found?.commit.id ?? null;
  }

  async createBranch(branch: string, sha: string): Promise<void> {
    await this.call(() => this.api.Branches.create(this.project, branch, sha));
  }

  async commit(branch: string, _parentSha: string, message: string, files: FileChange[]): Promise<string> {
    return this.call(async () => {
      const actions = [];
      for (const file of files) {
        const exists = (await this.readFile(branch, file.path)) !== null;
        actions.push({
          action: exists ? ('update' as const) : ('create' as const),
          filePath: file.path,
          content: file.content,
        });
      }
      // The branch is the app's own (adr/…): nobody else moves it, and a re-run checks its files before committing.
      const commit = await this.api.Commits.create(this.project, branch, message, actions);
      return CommitSchema.parse(commit).id;
    });
  }

  async findPullRequest(branch: string): Promise<PullRequest | null> {
    return this.call(async () => {
      const found = await this.api.MergeRequests.all({
        projectId: this.project,
        sourceBranch: branch,
        targetBranch: this.target.baseBranch,
        state: undefined,
        perPage: 10,
        maxPages: 1,
      });
      const first = z.array(z.unknown()).parse(found)[0];
      return first === undefined ? null : toPull(first);
    });
  }

  async openPullRequest(input: { branch: string; title: string; body: string }): Promise<PullRequest> {
    return this.call(async () =>
      toPull(
        await this.api.MergeRequests.create(this.project, input.branch, this.target.baseBranch, input.title, {
          description: input.body,
          removeSourceBranch: true,
        }),
      ),
    );
  }

  async pullRequest(number: number): Promise<PullRequest | null> {
    return this.orNull(async () => toPull(await this.api.MergeRequests.show(this.project, number)));
  }
}
