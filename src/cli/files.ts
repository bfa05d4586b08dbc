import { closeSync, constants, ftruncateSync, openSync, writeSync } from 'node:fs';
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

/**
 * Writes `content` to `path` as writeFileSync would, but over the old bytes instead of truncating the file first:
 * ext4 flushes a file that was truncated to zero and written again when it is closed (its `auto_da_alloc` guard),
 * which made re-exporting 100 files over an earlier export take 30-300 ms instead of 2. The file is then cut to
 * the new length, so it holds exactly `content`.
 */
export function writeFileOver(path: string, content: string): void {
  const bytes = Buffer.from(content, 'utf8');
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT, 0o666);
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written, written);
    ftruncateSync(fd, bytes.length);
  } finally {
    closeSync(fd);
  }
}
