import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';
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

const RetryingOctokit = Octokit.plugin(retry, throttling);

const RepoSchema = z.object({
  full_name: z.string(),
  default_branch: z.string().optional(),
  permissions: z.object({ push: z.boolean().optional(), pull: z.boolean().optional() }).optional(),
});
const RefSchema = z.object({ object: z.object({ sha: z.string() }) });
const CommitSchema = z.object({ sha: z.string(), tree: z.object({ sha: z.string() }) });
const ShaSchema = z.object({ sha: z.string() });
const FileSchema = z.object({
  type: z.literal('file'),
  path: z.string(),
  sha: z.string(),
  content: z.string(),
  encoding: z.literal('base64'),
});
const DirSchema = z.array(z.object({ type: z.string(), path: z.string() }));
const PullSchema = z.object({
  number: z.number().int(),
  html_url: z.string(),
  state: z.enum(['open', 'closed']),
  merged_at: z.string().nullable().optional(),
  merged: z.boolean().optional(),
});

/** One pacer of write requests per GitHub host and process, as GitHub asks of integrations (one write a second). */
const writePacers = new Map<string, Bottleneck.Group>();
function writePacer(apiUrl: string, minTime: number): Bottleneck.Group {
  const key = `${apiUrl}\u0000${minTime}`;
  let group = writePacers.get(key);
  if (!group) {
    group = new Bottleneck.Group({ maxConcurrent: 1, minTime });
    writePacers.set(key, group);
  }
  return group;
}

/** The probe a permission check writes: refused with 403 without the permission, invalid (422) with it. */
const PROBE_BRANCH = 'adr-assistant/permission-check';
const ZERO_SHA = '0000000000000000000000000000000000000000';

function toPull(data: unknown): PullRequest {
  const pull = PullSchema.parse(data);
  const merged = pull.merged === true || (pull.merged_at ?? null) !== null;
  return { number: pull.number, url: pull.html_url, state: merged ? 'merged' : pull.state };
}

function headerOf(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** Sorts an Octokit failure into retry (5xx, rate limits, network) or needs a person (the rest). */
export function githubError(error: unknown, now = Date.now()): ProviderError {
  if (error instanceof ProviderError) return error;
  const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 0;
  const headers = (error as { response?: { headers?: Record<string, unknown> } }).response?.headers;
  const message = error instanceof Error ? error.message : String(error);
  if (status === 0 || status >= 500) {
    return new ProviderError(`GitHub did not answer (${status || 'network error'}): ${message}`, status || null, true);
  }
  const retryAfter = Number(headerOf(headers, 'retry-after'));
  const reset = Number(headerOf(headers, 'x-ratelimit-reset'));
  const limited =
    status === 429 ||
    (status === 403 &&
      (Number.isFinite(retryAfter) ||
        headerOf(headers, 'x-ratelimit-remaining') === '0' ||
        /rate limit/i.test(message)));
  if (limited) {
    const waitMs = Number.isFinite(retryAfter)
      ? retryAfter * 1000
      : Number.isFinite(reset)
        ? Math.max(0, reset * 1000 - now) + 1000
        : 60_000;
    return new ProviderError(`GitHub rate limit: ${message}`, status, true, waitMs);
  }
  return refusedBy('GitHub', status, message);
}

export class GitHubProvider implements GitProvider {
  private readonly octokit: InstanceType<typeof RetryingOctokit>;
  private readonly owner: string;
  private readonly repo: string;

  constructor(
    readonly target: RepositoryTarget,
    token: string,
    options: ProviderOptions,
  ) {
    const [owner, repo] = target.repository.split('/');
    this.owner = owner ?? '';
    this.repo = repo ?? '';
    const inline = (retryAfterSeconds: number, retryCount: number) =>
      retryCount < 2 && retryAfterSeconds * 1000 <= options.maxInlineWaitMs;
    this.octokit = new RetryingOctokit({
      auth: token,
      baseUrl: target.apiUrl.replace(/\/+$/, ''),
      userAgent: 'adr-assistant',
      log: { debug() {}, info() {}, warn() {}, error() {} },
      request: {
        fetch: (url: string, init: RequestInit) =>
          fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) }),
      },
      retry: { retries: options.retries, retryAfterBaseValue: options.retryBaseMs },
      throttle: {
        id: target.apiUrl,
        write: writePacer(target.apiUrl, options.writeIntervalMs),
        // Requests that notify people (opening a pull request) are paced three times slower, as the plugin does.
        notifications: writePacer(target.apiUrl, options.writeIntervalMs * 3),
        onRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
          inline(retryAfter, retryCount),
        onSecondaryRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
          inline(retryAfter, retryCount),
      },
    });
  }

  private get repoParams() {
    return { owner: this.owner, repo: this.repo };
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw githubError(error);
    }
  }

  private async statusOf(work: () => Promise<unknown>): Promise<number> {
    try {
      await work();
      return 200;
    } catch (error) {
      const failure = githubError(error);
      if (failure.retryable) throw failure;
      return failure.status ?? 0;
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
    const repoStatus = await this.statusOf(async () =>
      RepoSchema.parse((await this.octokit.rest.repos.get(this.repoParams)).data),
    );
    if (repoStatus === 401) {
      report.problems.push('GitHub refused the token (401 Bad credentials): it is wrong, expired or revoked.');
      return report;
    }
    if (repoStatus !== 200) {
      report.problems.push(
        `Repository ${this.target.repository} was not found, or the token was not granted access to it.`,
      );
      return report;
    }
    report.repository = true;
    const head = await this.branchHead(this.target.baseBranch);
    report.branch = head !== null;
    if (!head) report.problems.push(`Branch ${this.target.baseBranch} does not exist in ${this.target.repository}.`);
    else {
      const listing = await this.statusOf(() =>
        this.octokit.rest.repos.getContent({ ...this.repoParams, path: folder, ref: this.target.baseBranch }),
      );
      report.folder = listing === 200;
      if (!report.folder) {
        report.notes.push(
          `Folder ${folder} does not exist on ${this.target.baseBranch} yet: the first pull request creates it.`,
        );
      }
    }
    const push = await this.statusOf(() =>
      this.octokit.rest.git.createRef({ ...this.repoParams, ref: `refs/heads/${PROBE_BRANCH}`, sha: ZERO_SHA }),
    );
    report.push = push === 422;
    if (!report.push) {
      report.problems.push('The token may not push branches: grant Contents read and write on this repository.');
    }
    const pulls = await this.statusOf(() =>
      this.octokit.rest.pulls.create({
        ...this.repoParams,
        title: 'ADR Assistant permission check',
        head: PROBE_BRANCH,
        base: this.target.baseBranch,
      }),
    );
    report.pullRequests = pulls === 422;
    if (!report.pullRequests) {
      report.problems.push(
        'The token may not open pull requests: grant Pull requests read and write on this repository.',
      );
    }
    return report;
  }

  async readFile(ref: string, path: string): Promise<RepoFile | null> {
    try {
      const { data } = await this.octokit.rest.repos.getContent({ ...this.repoParams, path, ref });
      const parsed = FileSchema.safeParse(data);
      if (!parsed.success) return null;
      const content = Buffer.from(parsed.data.content, 'base64').toString('utf8');
      return { path: parsed.data.path, content, blobSha: parsed.data.sha };
    } catch (error) {
      const failure = githubError(error);
      if (failure.status === 404) return null;
      throw failure;
    }
  }

  async listFolder(ref: string, folder: string): Promise<string[]> {
    try {
      const { data } = await this.octokit.rest.repos.getContent({ ...this.repoParams, path: folder, ref });
      const parsed = DirSchema.safeParse(data);
      return parsed.success ? parsed.data.filter((entry) => entry.type === 'file').map((entry) => entry.path) : [];
    } catch (error) {
      const failure = githubError(error);
      if (failure.status === 404) return [];
      throw failure;
    }
  }

  async branchHead(branch: string): Promise<string | null> {
    try {
      const { data } = await this.octokit.rest.git.getRef({ ...this.repoParams, ref: `heads/${branch}` });
      return RefSchema.parse(data).object.sha;
    } catch (error) {
      const failure = githubError(error);
      if (failure.status === 404) return null;
      throw failure;
    }
  }

  async createBranch(branch: string, sha: string): Promise<void> {
    await this.call(() => this.octokit.rest.git.createRef({ ...this.repoParams, ref: `refs/heads/${branch}`, sha }));
  }

  async commit(branch: string, parentSha: string, message: string, files: FileChange[]): Promise<string> {
    return this.call(async () => {
      const parent = CommitSchema.parse(
        (await this.octokit.rest.git.getCommit({ ...this.repoParams, commit_sha: parentSha })).data,
      );
      const tree = ShaSchema.parse(
        (
          await this.octokit.rest.git.createTree({
            ...this.repoParams,
            base_tree: parent.tree.sha,
            tree: files.map((file) => ({ path: file.path, mode: '100644', type: 'blob', content: file.content })),
          })
        ).data,
      );
      const commit = ShaSchema.parse(
        (
          await this.octokit.rest.git.createCommit({
            ...this.repoParams,
            message,
            tree: tree.sha,
            parents: [parent.sha],
          })
        ).data,
      );
      // Not forced: a branch that moved meanwhile is refused (422), never overwritten.
      await this.octokit.rest.git.updateRef({
        ...this.repoParams,
        ref: `heads/${branch}`,
        sha: commit.sha,
        force: false,
      });
      return commit.sha;
    });
  }

  async findPullRequest(branch: string): Promise<PullRequest | null> {
    return this.call(async () => {
      const { data } = await this.octokit.rest.pulls.list({
        ...this.repoParams,
        head: `${this.owner}:${branch}`,
        base: this.target.baseBranch,
        state: 'all',
        per_page: 10,
      });
      const first = z.array(z.unknown()).parse(data)[0];
      return first === undefined ? null : toPull(first);
    });
  }

  async openPullRequest(input: { branch: string; title: string; body: string }): Promise<PullRequest> {
    return this.call(async () => {
      const { data } = await this.octokit.rest.pulls.create({
        ...this.repoParams,
        head: input.branch,
        base: this.target.baseBranch,
        title: input.title,
        body: input.body,
      });
      return toPull(data);
    });
  }

  async pullRequest(number: number): Promise<PullRequest | null> {
    try {
      const { data } = await this.octokit.rest.pulls.get({ ...this.repoParams, pull_number: number });
      return toPull(data);
    } catch (error) {
      const failure = githubError(error);
      if (failure.status === 404) return null;
      throw failure;
    }
  }
}
