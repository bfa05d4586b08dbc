import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const valid = { SLACK_SIGNING_SECRET: 'secret', SLACK_BOT_TOKEN: 'xoxb-1' };

describe('publishing configuration', () => {
  it('defaults to the public GitHub and GitLab', () => {
    expect(loadConfig(valid).publishing).toEqual({
      githubApiUrl: 'https://api.github.com',
      gitlabUrl: 'https://gitlab.com',
      retryBaseMs: 30_000,
      maxAttempts: 8,
      checkIntervalMs: 600_000,
    });
  });

  it('takes a GitHub Enterprise Server and a self-managed GitLab, without trailing slashes', () => {
    const config = loadConfig({
      ...valid,
      GITHUB_API_URL: 'https://github.example.com/api/v3/',
      GITLAB_URL: 'https://gitlab.example.com/',
    });
    expect(config.publishing.githubApiUrl).toBe('https://github.example.com/api/v3');
    expect(config.publishing.gitlabUrl).toBe('https://gitlab.example.com');
  });

  it('names a bad URL with how to fix it', () => {
    expect(() => loadConfig({ ...valid, GITHUB_API_URL: 'github.com' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...valid, GITLAB_URL: 'ftp://gitlab' })).toThrow(/GITLAB_URL.*Fix: an absolute http/);
  });
});
