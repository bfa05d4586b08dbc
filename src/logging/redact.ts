/**
 * Slack tokens (bot, user, refresh, rotated `xoxe.` forms), app-level tokens, OpenAI-style keys, and the GitHub
 * (`ghp_`, `github_pat_`, `gho_`…) and GitLab (`glpat-`…) tokens a repository is connected with. Matched
 * anywhere in a log line, so a token inside an error message or a URL never reaches the log.
 */
const SECRET_PATTERNS: RegExp[] = [
  /\bxox[a-z](?:\.xox[a-z])?-[A-Za-z0-9-]+/gi,
  /\bxapp-[A-Za-z0-9-]+/gi,
  /\bsk-[A-Za-z0-9_-]{6,}/g,
  /\b(?:github_pat|gh[pousr])_[A-Za-z0-9_]{6,}/g,
  /\bgl(?:pat|dt|oas|rt|cbt|ptt|ft)-[A-Za-z0-9_-]{6,}/g,
];

export const REDACTED = '[redacted]';

/**
 * Replaces every token-shaped substring and every exact `secrets` value (signing secret, client secret,
 * encryption key: they have no recognisable shape) with `[redacted]`.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const pattern of SECRET_PATTERNS) result = result.replace(pattern, REDACTED);
  for (const secret of secrets) {
    if (secret.length < 6) continue;
    // Also the JSON-escaped form, since log lines are JSON.
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)])) {
      result = result.split(form).join(REDACTED);
    }
  }
  return result;
}
