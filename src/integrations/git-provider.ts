/**
 * What publishing needs from a Git host, whichever it is: read the folder, make one branch with one commit, open
 * one pull request (GitLab: merge request) and look it up again. GitHub and GitLab implement it with their
 * maintained SDKs (github-provider.ts, gitlab-provider.ts); nothing else in the app speaks HTTP to them.
 */

export const PROVIDER_KINDS = ['github', 'github_enterprise', 'gitlab', 'gitlab_self_managed'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const PROVIDER_LABELS: Record<ProviderKind, string> = {
  github: 'GitHub',
  github_enterprise: 'GitHub Enterprise Server',
  gitlab: 'GitLab.com',
  gitlab_self_managed: 'Self-managed GitLab',
};

export function isGitLab(kind: ProviderKind): boolean {
  return kind === 'gitlab' || kind === 'gitlab_self_managed';
}

/** Where to publish: the host's API, the repository (`owner/name`, or a GitLab project path) and its base branch. */
export interface RepositoryTarget {
  provider: ProviderKind;
  /** GitHub: the REST API root (`https://api.github.com`, `https://HOST/api/v3`); GitLab: the instance URL. */
  apiUrl: string;
  repository: string;
  baseBranch: string;
}

export type PullRequestState = 'open' | 'merged' | 'closed';

export interface PullRequest {
  /** GitHub's pull request number, GitLab's merge request iid. */
  number: number;
  url: string;
  state: PullRequestState;
}

export interface RepoFile {
  path: string;
  content: string;
  /** The git blob id of the content (the same on every host, and computable locally: domain/git-blob.ts). */
  blobSha: string;
}

export interface FileChange {
  path: string;
  content: string;
}

/** What *Test connection* found: each check, and a sentence for each one that failed. */
export interface AccessReport {
  repository: boolean;
  branch: boolean;
  folder: boolean;
  push: boolean;
  pullRequests: boolean;
  /** What stops publishing. */
  problems: string[];
  /** Worth knowing, but publishing works (the folder is created by the first pull request). */
  notes: string[];
}

export interface GitProvider {
  readonly target: RepositoryTarget;
  check(folder: string): Promise<AccessReport>;
  /** The file at `ref`, or null when there is none. */
  readFile(ref: string, path: string): Promise<RepoFile | null>;
  /** Paths of the files directly in `folder` at `ref` (empty when the folder does not exist). */
  listFolder(ref: string, folder: string): Promise<string[]>;
  /** The commit a branch points at, or null when the branch does not exist. */
  branchHead(branch: string): Promise<string | null>;
  /** Creates `branch` at `sha`; an existing branch of that name is an error (look it up first). */
  createBranch(branch: string, sha: string): Promise<void>;
  /** One commit on `branch` (whose head is `parentSha`) writing `files`; returns the new commit's sha. */
  commit(branch: string, parentSha: string, message: string, files: FileChange[]): Promise<string>;
  /** The pull request from `branch` into the base branch, in any state, or null. */
  findPullRequest(branch: string): Promise<PullRequest | null>;
  openPullRequest(input: { branch: string; title: string; body: string }): Promise<PullRequest>;
  pullRequest(number: number): Promise<PullRequest | null>;
}

/**
 * A host's answer, sorted into what to do about it. `retryable`: 5xx, timeouts, network errors and rate limits
 * (with the host's wait when it gave one). Anything else (401, 403, 404, 409, 422) needs a person.
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** A host's refusal that no retry changes (401, 403, 404, 422, …), with what the admin can do about it. */
export function refusedBy(host: 'GitHub' | 'GitLab', status: number, message: string): ProviderError {
  const hint =
    status === 401
      ? `${host} refused the repository token (401): it is wrong, expired or revoked. Paste a new one in /adr config → Repository`
      : status === 403
        ? `${host} refused the request (403): the token lacks a permission on the repository; run Test connection in /adr config → Repository`
        : status === 404
          ? `${host} answered 404: the repository or branch is gone, or the token cannot see it`
          : `${host} refused the change (${status})`;
  return new ProviderError(`${hint} (${message})`, status, false);
}

/** Tuning of the SDKs' own retries and pacing; tests make them fast, production keeps the hosts' advice. */
export interface ProviderOptions {
  /** Retries of a 5xx inside one request (Octokit's retry plugin) before the job's own backoff takes over. */
  retries: number;
  /** Base of the retry plugin's delay, in ms (it waits base × n² before retry n). */
  retryBaseMs: number;
  /** Rate-limit waits up to this long are waited inside the request; longer ones go back to the queue. */
  maxInlineWaitMs: number;
  /** Pause between two write requests to one GitHub host (GitHub asks for one second; 3× for notifying ones). */
  writeIntervalMs: number;
  /** How long one request may take. */
  timeoutMs: number;
}

export const DEFAULT_PROVIDER_OPTIONS: ProviderOptions = {
  retries: 2,
  retryBaseMs: 1_000,
  maxInlineWaitMs: 10_000,
  writeIntervalMs: 1_000,
  timeoutMs: 20_000,
};
