import { describe, expect, it } from 'vitest';
import { AdrRepository } from '../../../src/db/adr-repository.js';
import { migrate } from '../../../src/db/migrate.js';
import { openDatabase } from '../../../src/db/open.js';
import { PublishingRepository } from '../../../src/db/publishing-repository.js';
import type { GitProvider, RepositoryTarget } from '../../../src/integrations/git-provider.js';
import { TokenCipher } from '../../../src/security/token-cipher.js';
import { ImportService } from '../../../src/services/import-service.js';
import { type RepositoryInput, RepositoryService } from '../../../src/services/repository-service.js';
import { storeOf } from '../../support/stores.js';

const ALICE = { teamId: 'T1', userId: 'U_ALICE' };
const input: RepositoryInput = {
  provider: 'github',
  repository: 'acme/payments',
  baseBranch: 'main',
  folder: 'docs/adr',
  profile: 'madr',
  token: 'github_pat_secret',
  apiUrl: '',
};

function service(options: { cipher?: boolean; admin?: boolean; githubApiUrl?: string } = {}) {
  const db = openDatabase(':memory:');
  migrate(db);
  const store = new PublishingRepository(storeOf(db));
  const built: { target: RepositoryTarget; token: string }[] = [];
  const repositories = new RepositoryService(
    store,
    options.cipher === false ? null : new TokenCipher(Buffer.alloc(32, 7)),
    { githubApiUrl: options.githubApiUrl ?? 'https://api.github.com', gitlabUrl: 'https://gitlab.com' },
    (target, token) => {
      built.push({ target, token });
      return { target } as GitProvider;
    },
    new ImportService(new AdrRepository(storeOf(db)), () => new Date()),
    ['seed', 'madr'],
    async () => options.admin ?? true,
    () => new Date('2026-12-02T00:00:00Z'),
  );
  return { repositories, store, built };
}

describe('RepositoryService', () => {
  it('seals the token, never returns it, and opens it only to build the provider', async () => {
    const { repositories, store, built } = service();
    const saved = await repositories.save(ALICE, { ...input, folder: 'docs/adr/', repository: 'acme/payments.git' });
    expect(saved).toMatchObject({
      ok: true,
      value: { repository: 'acme/payments', folder: 'docs/adr', hasToken: true },
    });
    expect(JSON.stringify(await repositories.get('T1'))).not.toContain('github_pat_secret');
    expect((await store.settings('T1'))?.tokenSealed).not.toContain('github_pat_secret');
    expect((await repositories.providerFor('T1')).ok).toBe(true);
    expect(built).toEqual([
      {
        target: {
          provider: 'github',
          apiUrl: 'https://api.github.com',
          repository: 'acme/payments',
          baseBranch: 'main',
        },
        token: 'github_pat_secret',
      },
    ]);
    // A blank token on a later save keeps the stored one.
    expect((await repositories.save(ALICE, { ...input, token: '', baseBranch: 'trunk' })).ok).toBe(true);
    await repositories.providerFor('T1');
    expect(built.at(-1)).toMatchObject({ token: 'github_pat_secret', target: { baseBranch: 'trunk' } });
    // Another workspace's row cannot be opened with this workspace's context.
    expect((await repositories.providerFor('T2')).ok).toBe(false);
  });

  it('re-seals a token sealed with an older key once the key rotates', async () => {
    const { repositories, store } = service();
    await repositories.save(ALICE, input);
    const before = (await store.settings('T1'))?.tokenSealed as string;
    const newKey = new TokenCipher(Buffer.alloc(32, 9), [Buffer.alloc(32, 7)]);
    const rotated = new RepositoryService(
      store,
      newKey,
      { githubApiUrl: 'https://api.github.com', gitlabUrl: 'https://gitlab.com' },
      () => ({}) as GitProvider,
      {} as ImportService,
      ['madr'],
      async () => true,
      () => new Date(),
    );
    expect(await rotated.resealStale()).toEqual({ resealed: 1, unreadable: [] });
    const after = (await store.settings('T1'))?.tokenSealed as string;
    expect(after).not.toBe(before);
    expect(newKey.isStale(after)).toBe(false);
    expect(newKey.decrypt(after, 'repository-token:T1')).toBe('github_pat_secret');
    expect(await rotated.resealStale()).toEqual({ resealed: 0, unreadable: [] });
  });

  it('says which field is wrong', async () => {
    const { repositories } = service();
    const field = async (change: Partial<RepositoryInput>) => {
      const outcome = await repositories.save(ALICE, { ...input, ...change });
      return outcome.ok ? null : outcome.field;
    };
    expect(await field({ repository: 'payments' })).toBe('repository');
    expect(await field({ provider: 'gitlab', repository: 'just-one' })).toBe('repository');
    expect(await field({ provider: 'gitlab', repository: 'group/sub/project' })).toBeNull();
    expect(await field({ folder: '../etc' })).toBe('folder');
    expect(await field({ folder: '/abs' })).toBe('folder');
    expect(await field({ baseBranch: 'bad..branch' })).toBe('baseBranch');
    expect(await field({ profile: 'docx' })).toBe('profile');
    expect(await field({ provider: 'bitbucket' })).toBe('provider');
    expect(await field({ provider: 'github_enterprise' })).toBe('apiUrl');
    expect(await field({ provider: 'github_enterprise', apiUrl: 'https://ghe.example.com/api/v3' })).toBeNull();
    expect(await field({ apiUrl: 'not a url' })).toBe('apiUrl');
  });

  it('takes GitHub Enterprise Server from GITHUB_API_URL when the workspace gives none', async () => {
    const { repositories } = service({ githubApiUrl: 'https://ghe.example.com/api/v3' });
    expect((await repositories.save(ALICE, { ...input, provider: 'github_enterprise' })).ok).toBe(true);
    expect(repositories.apiUrlOf({ provider: 'github_enterprise', apiUrl: null })).toBe(
      'https://ghe.example.com/api/v3',
    );
  });

  it('refuses a token without TOKEN_ENCRYPTION_KEY, and anyone but a settings admin', async () => {
    const noKey = await service({ cipher: false }).repositories.save(ALICE, input);
    expect(noKey).toMatchObject({ ok: false, field: 'token' });
    expect(noKey.ok ? '' : noKey.reason).toContain('TOKEN_ENCRYPTION_KEY');
    const stranger = await service({ admin: false }).repositories.save(ALICE, input);
    expect(stranger).toMatchObject({ ok: false, reason: 'Only the settings admins can connect a repository.' });
  });
});
