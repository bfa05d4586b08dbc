// Rebuilds a branch of the fake's repository with the real `git` binary, so a test can check it as git sees it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeGitRepository } from './fake-git.js';

export interface GitCheckout {
  /** The tree id git computed for the rebuilt tree (equal to the fake's when the fake hashes as git does). */
  treeSha: string;
  /** `git ls-tree -r --name-only` of the rebuilt commit. */
  paths: string[];
  /** `git show HEAD:<path>`. */
  show(path: string): string;
  /** `git fsck --strict` output (throws when git finds a problem). */
  fsck: string;
  remove(): void;
}

export function checkWithGit(repo: FakeGitRepository, ref: string): GitCheckout {
  const dir = mkdtempSync(join(tmpdir(), 'adr-git-'));
  const git = (args: string[], input?: string) =>
    execFileSync('git', args, {
      cwd: dir,
      input,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 't@example.test',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 't@example.test',
      },
    }).trim();
  git(['init', '--quiet', '--initial-branch=main']);
  const writeTree = (treeSha: string): string => {
    const lines = (repo.tree(treeSha) ?? []).map((entry) => {
      if (entry.mode === '40000') return `040000 tree ${writeTree(entry.sha)}\t${entry.name}`;
      const blob = repo.object(entry.sha);
      if (blob?.type !== 'blob') throw new Error(`missing blob ${entry.sha}`);
      const written = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: dir, input: blob.content })
        .toString()
        .trim();
      return `100644 blob ${written}\t${entry.name}`;
    });
    return git(['mktree'], `${lines.join('\n')}\n`);
  };
  const head = repo.refs.get(ref) ?? ref;
  const commit = repo.commit(head);
  if (!commit) throw new Error(`no commit at ${ref}`);
  const treeSha = writeTree(commit.tree);
  const commitSha = git(['commit-tree', treeSha, '-m', commit.message || 'rebuilt']);
  git(['update-ref', 'refs/heads/main', commitSha]);
  return {
    treeSha,
    paths: git(['ls-tree', '-r', '--name-only', 'HEAD']).split('\n').filter(Boolean),
    show: (path) => execFileSync('git', ['show', `HEAD:${path}`], { cwd: dir, encoding: 'utf8' }),
    fsck: git(['fsck', '--strict', '--full']),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
