import { type Logger, LogLevel } from '@slack/logger';
import { redact } from './redact.js';
import { currentRequest } from './request-context.js';

const SEVERITY: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 10,
  [LogLevel.INFO]: 20,
  [LogLevel.WARN]: 30,
  [LogLevel.ERROR]: 40,
};

export interface JsonLoggerOptions {
  /** Where each line goes; stdout by default. */
  write?: (line: string) => void;
  level?: LogLevel;
  name?: string;
  /** Exact values never to print (signing secret, client secret, keys), on top of the token patterns. */
  secrets?: readonly string[];
  now?: () => Date;
}

/**
 * Bolt's Logger as one JSON object per line: time, level, name, msg, the request id of the Slack request
 * being handled (AsyncLocalStorage), and a serialised error. Every line passes through `redact`.
 */
export class JsonLogger implements Logger {
  private level: LogLevel;
  private name: string;
  private readonly write: (line: string) => void;
  private readonly secrets: readonly string[];
  private readonly now: () => Date;

  constructor(options: JsonLoggerOptions = {}) {
    this.level = options.level ?? LogLevel.INFO;
    this.name = options.name ?? 'adr-assistant';
    this.write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
    this.secrets = options.secrets ?? [];
    this.now = options.now ?? (() => new Date());
  }

  debug(...msg: unknown[]): void {
    this.log(LogLevel.DEBUG, msg);
  }

  info(...msg: unknown[]): void {
    this.log(LogLevel.INFO, msg);
  }

  warn(...msg: unknown[]): void {
    this.log(LogLevel.WARN, msg);
  }

  error(...msg: unknown[]): void {
    this.log(LogLevel.ERROR, msg);
  }

  setLevel(level: LogLevel): void {
    this.level = level;
  }

  getLevel(): LogLevel {
    return this.level;
  }

  setName(name: string): void {
    this.name = name;
  }

  private log(level: LogLevel, parts: unknown[]): void {
    if (SEVERITY[level] < SEVERITY[this.level]) return;
    const texts: string[] = [];
    let err: Record<string, unknown> | undefined;
    for (const part of parts) {
      if (part instanceof Error) err ??= serializeError(part);
      else if (typeof part === 'string') texts.push(part);
      else texts.push(safeStringify(part));
    }
    const request = currentRequest();
    const entry: Record<string, unknown> = {
      time: this.now().toISOString(),
      level,
      name: this.name,
      msg: texts.join(' '),
      ...(request ? { requestId: request.requestId } : {}),
      ...(request?.type ? { requestType: request.type } : {}),
      ...(request?.teamId ? { teamId: request.teamId } : {}),
      ...(err ? { err } : {}),
    };
    try {
      this.write(redact(JSON.stringify(entry), this.secrets));
    } catch {
      // Logging must never take the app down (a closed stdout, say).
    }
  }
}

function serializeError(error: Error): Record<string, unknown> {
  const coded = error as Error & { code?: unknown; data?: { error?: unknown }; statusCode?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof coded.code === 'string' ? { code: coded.code } : {}),
    // A Web API error's Slack code (`not_in_channel`), never the whole response.
    ...(typeof coded.data?.error === 'string' ? { slackError: coded.data.error } : {}),
    ...(typeof coded.statusCode === 'number' ? { statusCode: coded.statusCode } : {}),
    ...(error.stack ? { stack: error.stack } : {}),
  };
}

function safeStringify(value: unknown): string {
  try {
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  } catch {
    return String(value);
  }
}
