import { z } from 'zod';
import type { DatabaseTarget } from './db/store.js';
import { parseEncryptionKey } from './security/token-cipher.js';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** How to fix each key, shown next to its error so a failed start tells people what to do. */
const HINTS: Record<string, string> = {
  SLACK_SIGNING_SECRET: 'copy it from your Slack app: Basic Information → App Credentials → Signing Secret',
  SLACK_BOT_TOKEN:
    'install the app to your workspace and copy OAuth & Permissions → Bot User OAuth Token (xoxb-…), or set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET instead to install to many workspaces with OAuth',
  SLACK_CLIENT_ID: 'copy it from your Slack app: Basic Information → App Credentials → Client ID',
  SLACK_CLIENT_SECRET: 'copy it from your Slack app: Basic Information → App Credentials → Client Secret',
  SLACK_STATE_SECRET: 'any random string of 16 or more characters, e.g. `openssl rand -hex 32`',
  TOKEN_ENCRYPTION_KEY: '32 random bytes as 64 hex characters or base64, e.g. `openssl rand -hex 32`',
  TOKEN_ENCRYPTION_OLD_KEYS: 'comma-separated keys in the same format as TOKEN_ENCRYPTION_KEY',
  SLACK_API_TIMEOUT_MS: 'a whole number of milliseconds, e.g. 10000',
  SLACK_APP_TOKEN:
    'create an app-level token with the connections:write scope (xapp-…), or leave it unset for HTTP mode',
  SLACK_API_URL: 'an absolute http(s) URL such as https://slack.com/api/',
  PORT: 'a port number between 0 and 65535',
  DATABASE_PATH: 'a file path such as ./data/adr.sqlite',
  DATABASE_URL:
    'a PostgreSQL connection URL such as postgres://adr:secret@db.internal:5432/adr, or leave it unset to use SQLite at DATABASE_PATH',
  DATABASE_POOL_SIZE: 'a whole number of connections from 1 to 100, e.g. 10',
  DATABASE_PREPARED_STATEMENTS: 'on or off (off behind a pooler that does not keep prepared statements)',
  OPENAI_BASE_URL: 'an absolute http(s) URL of an OpenAI-compatible API, e.g. https://api.openai.com/v1',
  LOG_LEVEL: `one of ${LOG_LEVELS.join(', ')}`,
  AI_TIMEOUT_MS: 'a whole number of milliseconds, e.g. 20000',
  OUTBOX_RETRY_BASE_MS: 'a whole number of milliseconds (0 or more), e.g. 5000',
  WORK_LEASE_MS: 'a whole number of milliseconds (at least 500), e.g. 60000',
  OUTBOX_MAX_ATTEMPTS: 'a whole number from 1 to 50, e.g. 10',
  REMINDER_CHECK_INTERVAL_MS: 'a whole number of milliseconds, e.g. 900000 (15 minutes)',
  GITHUB_API_URL:
    'an absolute http(s) URL: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server',
  GITLAB_URL: 'an absolute http(s) URL of the GitLab instance, e.g. https://gitlab.com',
  PUBLISH_RETRY_BASE_MS: 'a whole number of milliseconds (0 or more), e.g. 30000',
  PUBLISH_MAX_ATTEMPTS: 'a whole number from 1 to 50, e.g. 8',
  PULL_REQUEST_CHECK_INTERVAL_MS: 'a whole number of milliseconds, e.g. 600000 (10 minutes)',
};

const httpUrl = z.url({ protocol: /^https?$/ });

const EnvSchema = z.object({
  SLACK_SIGNING_SECRET: z.string({ error: 'is required' }).trim().min(1, 'is required'),
  SLACK_BOT_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^xox[bp]-/, 'must be a bot token starting with xoxb-')
      .optional(),
  ),
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  TOKEN_ENCRYPTION_KEY: optionalText.pipe(
    z
      .string()
      .refine((key) => parseEncryptionKey(key) !== null, 'must be 32 bytes as 64 hex characters or base64')
      .optional(),
  ),
  TOKEN_ENCRYPTION_OLD_KEYS: optionalText.pipe(
    z
      .string()
      .refine(
        (keys) => keys.split(',').every((key) => parseEncryptionKey(key) !== null),
        'every key must be 32 bytes as 64 hex characters or base64',
      )
      .optional(),
  ),
  SLACK_API_TIMEOUT_MS: optionalText
    .pipe(z.coerce.number<string>().int().positive().optional())
    .transform((ms) => ms ?? 10_000),
  SLACK_APP_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^xapp-/, 'must be an app-level token starting with xapp-')
      .optional(),
  ),
  SLACK_API_URL: optionalText
    .pipe(httpUrl.optional())
    .transform((url) => withTrailingSlash(url ?? 'https://slack.com/api/')),
  PORT: optionalText
    .pipe(z.coerce.number<string>().int().min(0).max(65535).optional())
    .transform((port) => port ?? 3000),
  DATABASE_PATH: optionalText.transform((path) => path ?? './data/adr.sqlite'),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .refine(isPostgresUrl, 'must be a postgres:// or postgresql:// URL with a host or a socket folder')
      .optional(),
  ),
  DATABASE_POOL_SIZE: optionalText
    .pipe(z.coerce.number<string>().int().min(1).max(100).optional())
    .transform((n) => n ?? 10),
  DATABASE_PREPARED_STATEMENTS: optionalText
    .pipe(z.enum(['on', 'off']).optional())
    .transform((value) => value !== 'off'),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText.pipe(httpUrl.optional()),
  OPENAI_MODEL: optionalText.transform((model) => model ?? 'gpt-4o-mini'),
  AI_TIMEOUT_MS: optionalText
    .pipe(z.coerce.number<string>().int().positive().optional())
    .transform((ms) => ms ?? 20_000),
  OUTBOX_RETRY_BASE_MS: optionalText
    .pipe(z.coerce.number<string>().int().min(0).optional())
    .transform((ms) => ms ?? 5_000),
  WORK_LEASE_MS: optionalText.pipe(z.coerce.number<string>().int().min(500).optional()).transform((ms) => ms ?? 60_000),
  OUTBOX_MAX_ATTEMPTS: optionalText
    .pipe(z.coerce.number<string>().int().min(1).max(50).optional())
    .transform((n) => n ?? 10),
  REMINDER_CHECK_INTERVAL_MS: optionalText
    .pipe(z.coerce.number<string>().int().positive().optional())
    .transform((ms) => ms ?? 15 * 60_000),
  GITHUB_API_URL: optionalText
    .pipe(httpUrl.optional())
    .transform((url) => withoutTrailingSlash(url ?? 'https://api.github.com')),
  GITLAB_URL: optionalText
    .pipe(httpUrl.optional())
    .transform((url) => withoutTrailingSlash(url ?? 'https://gitlab.com')),
  PUBLISH_RETRY_BASE_MS: optionalText
    .pipe(z.coerce.number<string>().int().min(0).optional())
    .transform((ms) => ms ?? 30_000),
  PUBLISH_MAX_ATTEMPTS: optionalText
    .pipe(z.coerce.number<string>().int().min(1).max(50).optional())
    .transform((n) => n ?? 8),
  PULL_REQUEST_CHECK_INTERVAL_MS: optionalText
    .pipe(z.coerce.number<string>().int().positive().optional())
    .transform((ms) => ms ?? 10 * 60_000),
  LOG_LEVEL: optionalText
    .transform((level) => level?.toLowerCase())
    .pipe(z.enum(LOG_LEVELS).optional())
    .transform((level) => level ?? 'info'),
});

export type LogLevelName = (typeof LOG_LEVELS)[number];

/** `token`: one workspace, SLACK_BOT_TOKEN. `oauth`: any number of workspaces installed through /slack/install. */
export type SlackMode = 'token' | 'oauth';

export interface Config {
  slack: {
    mode: SlackMode;
    signingSecret: string;
    /** Set in token mode only. */
    botToken: string | undefined;
    appToken: string | undefined;
    apiUrl: string;
    /** How long one Web API request may take before it counts as failed. */
    apiTimeoutMs: number;
    /** Set in OAuth mode only. */
    oauth: { clientId: string; clientSecret: string; stateSecret: string } | undefined;
  };
  /** Keys that seal tokens at rest (required in OAuth mode): the current one, then older ones still readable. */
  tokenEncryption: { current: Buffer; previous: Buffer[] } | undefined;
  port: number;
  /** The SQLite file (DATABASE_PATH); the database unless DATABASE_URL names a PostgreSQL one. */
  databasePath: string;
  /** Which engine holds the data (ADR-013): PostgreSQL when DATABASE_URL is set, else SQLite at databasePath. */
  database: DatabaseTarget;
  ai: { apiKey: string | undefined; baseUrl: string | undefined; model: string; timeoutMs: number };
  logLevel: LogLevelName;
  /**
   * How long an instance holds an outbox message or a publish job it claimed (renewed while a job runs): after a
   * crash, another instance (or this one restarted) takes the work over when the lease ends.
   */
  workLeaseMs: number;
  /** Delivery of channel announcements and DMs (the outbox) and the review/approval reminder loop. */
  notifications: { retryBaseMs: number; maxAttempts: number; reminderCheckIntervalMs: number };
  /** Pull requests to the workspace's repository: default API URLs, retries, and how often open ones are checked. */
  publishing: {
    githubApiUrl: string;
    gitlabUrl: string;
    retryBaseMs: number;
    maxAttempts: number;
    checkIntervalMs: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: { key: string; message: string }[]) {
    super(
      [
        'ADR Assistant cannot start: the configuration has problems.',
        ...problems.map(({ key, message }) => `  - ${key}: ${message}${HINTS[key] ? `. Fix: ${HINTS[key]}` : ''}`),
        'Set them in the environment or in a .env file (see .env.example).',
      ].join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Parses the environment into typed config; throws one ConfigError naming every bad key. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ key: String(issue.path[0] ?? 'environment'), message: issue.message }));
  const modeProblems = checkMode(env).filter((problem) => !problems.some((p) => p.key === problem.key));
  problems.push(...modeProblems);
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const oauth =
    e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET
      ? { clientId: e.SLACK_CLIENT_ID, clientSecret: e.SLACK_CLIENT_SECRET, stateSecret: e.SLACK_STATE_SECRET }
      : undefined;
  const currentKey = e.TOKEN_ENCRYPTION_KEY ? parseEncryptionKey(e.TOKEN_ENCRYPTION_KEY) : null;
  const previousKeys = (e.TOKEN_ENCRYPTION_OLD_KEYS?.split(',') ?? [])
    .map((key) => parseEncryptionKey(key))
    .filter((key): key is Buffer => key !== null);
  return {
    slack: {
      mode: oauth ? 'oauth' : 'token',
      signingSecret: e.SLACK_SIGNING_SECRET,
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      apiTimeoutMs: e.SLACK_API_TIMEOUT_MS,
      oauth,
    },
    tokenEncryption: currentKey ? { current: currentKey, previous: previousKeys } : undefined,
    port: e.PORT,
    databasePath: e.DATABASE_PATH,
    database: e.DATABASE_URL
      ? {
          engine: 'postgres',
          url: e.DATABASE_URL,
          poolSize: e.DATABASE_POOL_SIZE,
          preparedStatements: e.DATABASE_PREPARED_STATEMENTS,
        }
      : { engine: 'sqlite', path: e.DATABASE_PATH },
    ai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL, timeoutMs: e.AI_TIMEOUT_MS },
    logLevel: e.LOG_LEVEL,
    workLeaseMs: e.WORK_LEASE_MS,
    notifications: {
      retryBaseMs: e.OUTBOX_RETRY_BASE_MS,
      maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
      reminderCheckIntervalMs: e.REMINDER_CHECK_INTERVAL_MS,
    },
    publishing: {
      githubApiUrl: e.GITHUB_API_URL,
      gitlabUrl: e.GITLAB_URL,
      retryBaseMs: e.PUBLISH_RETRY_BASE_MS,
      maxAttempts: e.PUBLISH_MAX_ATTEMPTS,
      checkIntervalMs: e.PULL_REQUEST_CHECK_INTERVAL_MS,
    },
  };
}

/**
 * Exactly one way to reach Slack: a bot token (one workspace) or OAuth (client id and secret, many
 * workspaces). OAuth also needs a state secret and a key to encrypt the tokens it stores.
 */
function checkMode(env: NodeJS.ProcessEnv): { key: string; message: string }[] {
  const isSet = (key: string) => (env[key] ?? '').trim() !== '';
  const token = isSet('SLACK_BOT_TOKEN');
  const oauth = isSet('SLACK_CLIENT_ID') || isSet('SLACK_CLIENT_SECRET');
  if (token && oauth) {
    return [
      {
        key: 'SLACK_BOT_TOKEN',
        message:
          'cannot be combined with SLACK_CLIENT_ID/SLACK_CLIENT_SECRET: set SLACK_BOT_TOKEN for one workspace, or the OAuth keys for many, not both',
      },
    ];
  }
  if (!token && !oauth) return [{ key: 'SLACK_BOT_TOKEN', message: 'is required' }];
  if (token) return [];
  const required = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'TOKEN_ENCRYPTION_KEY'];
  return required
    .filter((key) => !isSet(key))
    .map((key) => ({ key, message: 'is required in OAuth mode (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set)' }));
}

/** Every configured secret, so the logger can redact them even where they have no recognisable shape. */
export function secretsOf(config: Config): string[] {
  return [
    config.slack.signingSecret,
    config.slack.botToken,
    config.slack.appToken,
    config.slack.oauth?.clientSecret,
    config.slack.oauth?.stateSecret,
    config.ai.apiKey,
    ...(config.database.engine === 'postgres' ? [config.database.url, passwordOf(config.database.url)] : []),
    ...[config.tokenEncryption?.current, ...(config.tokenEncryption?.previous ?? [])].flatMap((key) =>
      key ? [key.toString('hex'), key.toString('base64'), key.toString('base64url')] : [],
    ),
  ].filter((secret): secret is string => typeof secret === 'string' && secret.length > 0);
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'postgres:' || url.protocol === 'postgresql:') &&
      (url.hostname !== '' || url.searchParams.has('host'))
    );
  } catch {
    return false;
  }
}

function passwordOf(databaseUrl: string): string | undefined {
  try {
    return decodeURIComponent(new URL(databaseUrl).password) || undefined;
  } catch {
    return undefined;
  }
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
