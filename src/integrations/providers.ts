import {
  DEFAULT_PROVIDER_OPTIONS,
  type GitProvider,
  isGitLab,
  type ProviderOptions,
  type RepositoryTarget,
} from './git-provider.js';
import { GitHubProvider } from './github-provider.js';
import { GitLabProvider } from './gitlab-provider.js';

/** Builds the provider for a repository setting, with its token (opened from storage just for this). */
export type ProviderFactory = (target: RepositoryTarget, token: string) => GitProvider;

export function providerFactory(options: ProviderOptions = DEFAULT_PROVIDER_OPTIONS): ProviderFactory {
  return (target, token) =>
    isGitLab(target.provider) ? new GitLabProvider(target, token, options) : new GitHubProvider(target, token, options);
}
