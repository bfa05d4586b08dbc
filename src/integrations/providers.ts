import {
  DEFAULT_PROVIDER_OPTIONS,
  type GitProvider,
  isGitLab,
  type ProviderOptions,
  type RepositoryTarget,
} from './git-provider.js';

/** Builds the provider for a repository setting, with its token (opened from storage just for this). */
export type ProviderFactory = (target: RepositoryTarget, token: string) => GitProvider;

export function providerFactory(options: ProviderOptions = DEFAULT_PROVIDER_OPTIONS): ProviderFactory {
  return (target, token) =>
    lazyProvider(target, async () =>
      isGitLab(target.provider)
        ? new (await import('./gitlab-provider.js')).GitLabProvider(target, token, options)
        : new (await import('./github-provider.js')).GitHubProvider(target, token, options),
    );
}

/**
 * A provider whose SDK (Octokit with its retry and throttling plugins and Bottleneck, or Gitbeaker; about 200
 * modules) is loaded and built at its first request, not when the app or the CLI starts.
 */
function lazyProvider(target: RepositoryTarget, load: () => Promise<GitProvider>): GitProvider {
  let loading: Promise<GitProvider> | undefined;
  const provider = () => {
    loading ??= load();
    return loading;
  };
  return {
    target,
    check: async (folder) => (await provider()).check(folder),
    readFile: async (ref, path) => (await provider()).readFile(ref, path),
    listFolder: async (ref, folder) => (await provider()).listFolder(ref, folder),
    branchHead: async (branch) => (await provider()).branchHead(branch),
    createBranch: async (branch, sha) => (await provider()).createBranch(branch, sha),
    commit: async (branch, parentSha, message, files) => (await provider()).commit(branch, parentSha, message, files),
    findPullRequest: async (branch) => (await provider()).findPullRequest(branch),
    openPullRequest: async (input) => (await provider()).openPullRequest(input),
    pullRequest: async (number) => (await provider()).pullRequest(number),
  };
}
