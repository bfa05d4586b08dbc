import { CliFailure } from './spec.js';

const PLAIN_REASONS: Record<string, string> = {
  ENOENT: 'does not exist',
  EACCES: 'is not accessible (permission denied)',
  EPERM: 'is not accessible (operation not permitted)',
  ENOTDIR: 'is not a folder, or a part of its path is a file',
  EISDIR: 'is a folder, not a file',
  ENOSPC: 'cannot be written: the disk is full',
  EROFS: 'cannot be written: the file system is read-only',
  EEXIST: 'already exists',
  EMFILE: 'cannot be opened: too many open files',
};

/** A file system error as one sentence about the path ("… does not exist"), without a stack trace. */
export function fileFailure(what: string, path: string, error: unknown): CliFailure {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = code ? PLAIN_REASONS[code] : undefined;
  return new CliFailure(
    `${what} ${path} ${reason ?? `cannot be used: ${error instanceof Error ? error.message : String(error)}`}.`,
  );
}
