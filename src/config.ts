import { z } from 'zod';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** How to fix each key, shown next to its error so a failed start tells people what to do. */
const HINTS: Record<string, string> = {
  SLACK_SIGNING_SECRET: 'copy it from your Slack app: Basic Information → App Credentials → Signing Secret',
  SLACK_BOT_TOKEN: 'install the app to your workspace and copy OAuth & Permissions → Bot User OAuth Token (xoxb-…)',
  SLACK_APP_TOKEN:
    'create an app-level token with the connections:write scope (xapp-…), or leave it unset for HTTP mode',
  SLACK_API_URL: 'an absolute http(s) URL such as https://slack.com/api/',
  PORT: 'a port number between 0 and 65535',
  DATABASE_PATH: 'a file path such as ./data/adr.sqlite',
  OPENAI_BASE_URL: 'an absolute http(s) URL of an OpenAI-compatible API, e.g. https://api.openai.com/v1',
  LOG_LEVEL: `one of ${LOG_LEVELS.join(', ')}`,
  AI_TIMEOUT_MS: 'a whole number of milliseconds, e.g. 20000',
  OUTBOX_RETRY_BASE_MS: 'a whole number of milliseconds (0 or more), e.g. 5000',
  OUTBOX_MAX_ATTEMPTS: 'a whole number from 1 to 50, e.g. 10',
  REMINDER_CHECK_INTERVAL_MS: 'a whole number of milliseconds, e.g. 900000 (15 minutes)',
};

const httpUrl = z.url({ protocol: /^https?$/ });

const EnvSchema = z.object({
  SLACK_SIGNING_SECRET: z.string({ error: 'is required' }).trim().min(1, 'is required'),
  SLACK_BOT_TOKEN: z
    .string({ error: 'is required' })
    .trim()
    .regex(/^xox[bp]-/, 'must be a bot token starting with xoxb-'),
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
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText.pipe(httpUrl.optional()),
  OPENAI_MODEL: optionalText.transform((model) => model ?? 'gpt-4o-mini'),
  AI_TIMEOUT_MS: optionalText
    .pipe(z.coerce.number<string>().int().positive().optional())
    .transform((ms) => ms ?? 20_000),
  OUTBOX_RETRY_BASE_MS: optionalText
    .pipe(z.coerce.number<string>().int().min(0).optional())
    .transform((ms) => ms ?? 5_000),
  OUTBOX_MAX_ATTEMPTS: optionalText
    .pipe(z.coerce.number<string>().int().min(1).max(50).optional())
    .transform((n) => n ?? 10),
  REMINDER_CHECK_INTERVAL_MS: optionalText
    .pipe(z.coerce.number<string>().int().positive().optional())
    .transform((ms) => ms ?? 15 * 60_000),
  LOG_LEVEL: optionalText
    .transform((level) => level?.toLowerCase())
    .pipe(z.enum(LOG_LEVELS).optional())
    .transform((level) => level ?? 'info'),
});

export type LogLevelName = (typeof LOG_LEVELS)[number];

export interface Config {
  slack: {
    signingSecret: string;
    botToken: string;
    appToken: string | undefined;
    apiUrl: string;
  };
  port: number;
  databasePath: string;
  ai: { apiKey: string | undefined; baseUrl: string | undefined; model: string; timeoutMs: number };
  logLevel: LogLevelName;
  /** Delivery of channel announcements and DMs (the outbox) and the review/approval reminder loop. */
  notifications: { retryBaseMs: number; maxAttempts: number; reminderCheckIntervalMs: number };
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
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      key: String(issue.path[0] ?? 'environment'),
      message: issue.message,
    }));
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  return {
    slack: {
      signingSecret: e.SLACK_SIGNING_SECRET,
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
    },
    port: e.PORT,
    databasePath: e.DATABASE_PATH,
    ai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL, timeoutMs: e.AI_TIMEOUT_MS },
    logLevel: e.LOG_LEVEL,
    notifications: {
      retryBaseMs: e.OUTBOX_RETRY_BASE_MS,
      maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
      reminderCheckIntervalMs: e.REMINDER_CHECK_INTERVAL_MS,
    },
  };
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
