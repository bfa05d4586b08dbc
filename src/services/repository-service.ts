import type { PublishingRepository, StoredRepositorySettings } from '../db/publishing-repository.js';
import type { Actor } from '../domain/actor.js';
import type { MarkdownProfile } from '../domain/markdown/conventions.js';
import {
  type AccessReport,
  type GitProvider,
  isGitLab,
  PROVIDER_KINDS,
  type ProviderError,
  type ProviderKind,
} from '../integrations/git-provider.js';
import type { ProviderFactory } from '../integrations/providers.js';
import type { TokenCipher } from '../security/token-cipher.js';
import type { ImportReport, ImportService } from './import-service.js';
import { ok, type Result, refuse } from './result.js';

/** A workspace's repository setting as views show it: never the token, only whether one is stored. */
export interface RepositorySettings {
  provider: ProviderKind;
  repository: string;
  baseBranch: string;
  folder: string;
  profile: MarkdownProfile;
  apiUrl: string | null;
  hasToken: boolean;
}

export interface RepositoryInput {
  provider: string;
  repository: string;
  baseBranch: string;
  folder: string;
  profile: string;
  /** Blank keeps the stored token. */
  token: string;
  apiUrl: string;
}

export type RepositoryField = 'provider' | 'repository' | 'baseBranch' | 'folder' | 'profile' | 'token' | 'apiUrl';
export type SaveOutcome =
  | { ok: true; value: RepositorySettings }
  | { ok: false; field: RepositoryField; reason: string };

export interface ApiDefaults {
  githubApiUrl: string;
  gitlabUrl: string;
}

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';
export const DEFAULT_GITLAB_URL = 'https://gitlab.com';
export const DEFAULT_FOLDER = 'docs/adr';

const GITHUB_REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const GITLAB_PROJECT = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+$/;
const BRANCH = /^(?!\/|.*(\.\.|\/\/|@\{|\.lock$|\/$))[A-Za-z0-9._/-]{1,200}$/;
const FOLDER = /^(?!\/)(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._ /-]{1,200}$/;

/**
 * Which repository a workspace publishes to, and the token for it. The token is sealed with TOKEN_ENCRYPTION_KEY,
 * bound to the workspace; it is opened only to build a provider and never returned.
 */
export class RepositoryService {
  constructor(
    private readonly store: PublishingRepository,
    private readonly cipher: TokenCipher | null,
    private readonly defaults: ApiDefaults,
    private readonly providers: ProviderFactory,
    private readonly importer: ImportService,
    private readonly profiles: readonly MarkdownProfile[],
    private readonly mayConfigure: (teamId: string, userId: string) => Promise<boolean>,
    private readonly now: () => Date,
  ) {}

  async get(teamId: string): Promise<RepositorySettings | null> {
    const stored = await this.store.settings(teamId);
    if (!stored) return null;
    const { tokenSealed: _sealed, teamId: _team, updatedBy: _by, updatedAt: _at, ...shown } = stored;
    return { ...shown, hasToken: true };
  }

  /** The API base URL used for this setting: the workspace's override, else the environment's. */
  apiUrlOf(settings: Pick<RepositorySettings, 'provider' | 'apiUrl'>): string {
    if (settings.apiUrl) return settings.apiUrl;
    return isGitLab(settings.provider) ? this.defaults.gitlabUrl : this.defaults.githubApiUrl;
  }

  async save(actor: Actor, input: RepositoryInput): Promise<SaveOutcome> {
    if (!(await this.mayConfigure(actor.teamId, actor.userId))) {
      return { ok: false, field: 'provider', reason: 'Only the settings admins can connect a repository.' };
    }
    const provider = PROVIDER_KINDS.find((kind) => kind === input.provider);
    if (!provider) return { ok: false, field: 'provider', reason: 'Pick where the repository is hosted.' };
    const repository = input.repository
      .trim()
      .replace(/^\/+|\/+$/g, '')
      .replace(/\.git$/, '');
    if (!(isGitLab(provider) ? GITLAB_PROJECT : GITHUB_REPO).test(repository)) {
      return {
        ok: false,
        field: 'repository',
        reason: isGitLab(provider)
          ? 'Enter the project path, e.g. platform/architecture/docs.'
          : 'Enter the repository as owner/name, e.g. acme/payments.',
      };
    }
    const baseBranch = input.baseBranch.trim() || 'main';
    if (!BRANCH.test(baseBranch)) return { ok: false, field: 'baseBranch', reason: 'That is not a valid branch name.' };
    const folder = (input.folder.trim() || DEFAULT_FOLDER).replace(/\/+$/, '');
    if (!FOLDER.test(folder)) {
      return { ok: false, field: 'folder', reason: 'Enter a folder inside the repository, e.g. docs/adr.' };
    }
    const profile = this.profiles.find((p) => p === input.profile);
    if (!profile) return { ok: false, field: 'profile', reason: 'Pick an export format.' };
    const apiUrl = input.apiUrl.trim().replace(/\/+$/, '') || null;
    if (apiUrl && !/^https?:\/\/[^\s/]+/.test(apiUrl)) {
      return { ok: false, field: 'apiUrl', reason: 'Enter an http(s) URL, e.g. https://github.example.com/api/v3.' };
    }
    const needsOwnServer = provider === 'github_enterprise' || provider === 'gitlab_self_managed';
    const envUrl = isGitLab(provider) ? this.defaults.gitlabUrl : this.defaults.githubApiUrl;
    const envIsPublic = envUrl === DEFAULT_GITHUB_API_URL || envUrl === DEFAULT_GITLAB_URL;
    if (needsOwnServer && !apiUrl && envIsPublic) {
      return {
        ok: false,
        field: 'apiUrl',
        reason:
          provider === 'github_enterprise'
            ? 'Enter your server’s API URL: https://HOST/api/v3 (or set GITHUB_API_URL).'
            : 'Enter your GitLab server’s URL: https://HOST (or set GITLAB_URL).',
      };
    }
    const existing = await this.store.settings(actor.teamId);
    const token = input.token.trim();
    if (!token && !existing) return { ok: false, field: 'token', reason: 'Paste an access token for the repository.' };
    if (token && /\s/.test(token)) return { ok: false, field: 'token', reason: 'A token has no spaces.' };
    if (token && !this.cipher) {
      return {
        ok: false,
        field: 'token',
        reason:
          'The app cannot store a token safely: set TOKEN_ENCRYPTION_KEY (32 random bytes, e.g. `openssl rand -hex 32`) and restart it.',
      };
    }
    const tokenSealed = token
      ? (this.cipher as TokenCipher).encrypt(token, sealContext(actor.teamId))
      : existing?.tokenSealed;
    const stored: StoredRepositorySettings = {
      teamId: actor.teamId,
      provider,
      repository,
      baseBranch,
      folder,
      profile,
      apiUrl,
      tokenSealed: tokenSealed as string,
      updatedBy: actor.userId,
      updatedAt: this.now().toISOString(),
    };
    await this.store.saveSettings(stored);
    return { ok: true, value: (await this.get(actor.teamId)) as RepositorySettings };
  }

  /** Re-seals tokens sealed with an older key (TOKEN_ENCRYPTION_OLD_KEYS) with the current one, at start. */
  async resealStale(): Promise<{ resealed: number; unreadable: string[] }> {
    const result = { resealed: 0, unreadable: [] as string[] };
    if (!this.cipher) return result;
    for (const { teamId, tokenSealed } of await this.store.sealedTokens()) {
      if (!this.cipher.isStale(tokenSealed)) continue;
      try {
        const token = this.cipher.decrypt(tokenSealed, sealContext(teamId));
        await this.store.reseal(teamId, tokenSealed, this.cipher.encrypt(token, sealContext(teamId)));
        result.resealed += 1;
      } catch {
        result.unreadable.push(teamId);
      }
    }
    return result;
  }

  /** The provider for a workspace's repository, or why there is none (not configured, token unreadable). */
  async providerFor(teamId: string): Promise<Result<{ provider: GitProvider; settings: RepositorySettings }>> {
    const stored = await this.store.settings(teamId);
    if (!stored) return refuse('No repository is connected. A settings admin can connect one in /adr config.');
    if (!this.cipher) {
      return refuse('TOKEN_ENCRYPTION_KEY is not set, so the stored repository token cannot be opened.');
    }
    let token: string;
    try {
      token = this.cipher.decrypt(stored.tokenSealed, sealContext(teamId));
    } catch (error) {
      return refuse(`The stored repository token cannot be opened: ${(error as Error).message}`);
    }
    const settings = (await this.get(teamId)) as RepositorySettings;
    const target = {
      provider: stored.provider,
      apiUrl: this.apiUrlOf(stored),
      repository: stored.repository,
      baseBranch: stored.baseBranch,
    };
    return ok({ provider: this.providers(target, token), settings });
  }

  /** *Test connection*: each check, and what to fix. */
  async test(actor: Actor): Promise<Result<AccessReport>> {
    if (!(await this.mayConfigure(actor.teamId, actor.userId)))
      return refuse('Only the settings admins can test the repository.');
    const found = await this.providerFor(actor.teamId);
    if (!found.ok) return found;
    try {
      return ok(await found.value.provider.check(found.value.settings.folder));
    } catch (error) {
      return refuse(`The repository host did not answer: ${(error as ProviderError).message}. Try again shortly.`);
    }
  }

  /** *Import from repository*: reads the folder on the base branch and runs the usual import. */
  async importFolder(actor: Actor): Promise<Result<ImportReport & { folder: string }>> {
    if (!(await this.mayConfigure(actor.teamId, actor.userId))) return refuse('Only the settings admins can import.');
    const found = await this.providerFor(actor.teamId);
    if (!found.ok) return found;
    const { provider, settings } = found.value;
    try {
      const paths = (await provider.listFolder(settings.baseBranch, settings.folder)).filter((path) =>
        path.toLowerCase().endsWith('.md'),
      );
      if (paths.length === 0) {
        return refuse(`${settings.folder} on ${settings.baseBranch} has no Markdown files to import.`);
      }
      const files = [];
      for (const path of paths) {
        const file = await provider.readFile(settings.baseBranch, path);
        if (file) files.push({ fileName: path.split('/').pop() as string, text: file.content });
      }
      return ok({ ...(await this.importer.import(actor.teamId, files)), folder: settings.folder });
    } catch (error) {
      return refuse(`Reading ${settings.folder} failed: ${(error as Error).message}`);
    }
  }
}

/** Binds a sealed token to its workspace and to this use, so it cannot be swapped with another stored secret. */
function sealContext(teamId: string): string {
  return `repository-token:${teamId}`;
}
