import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AuthenticationError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai/core/error';
import { AiError } from './errors.js';

/** Maps anything the openai SDK throws onto an AiError. Messages never include request content or the key. */
export function toAiError(error: unknown): AiError {
  if (error instanceof AiError) return error;
  // Timeout is a subclass of connection error, so it is checked first.
  if (error instanceof APIConnectionTimeoutError) {
    return new AiError('timeout', 'request timed out', { cause: error });
  }
  if (error instanceof APIConnectionError) {
    return new AiError('network', 'could not connect to the AI service', { cause: error });
  }
  if (error instanceof RateLimitError) {
    return new AiError('rate_limited', 'rate limited (HTTP 429)', { status: 429, cause: error });
  }
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return new AiError('auth', `credentials rejected (HTTP ${error.status})`, { status: error.status, cause: error });
  }
  if (error instanceof APIError) {
    const status = typeof error.status === 'number' ? error.status : undefined;
    return new AiError('server', `AI service error${status === undefined ? '' : ` (HTTP ${status})`}`, {
      ...(status === undefined ? {} : { status }),
      cause: error,
    });
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new AiError('timeout', 'request aborted', { cause: error });
  }
  return new AiError('network', error instanceof Error ? error.message : 'unknown failure', { cause: error });
}
