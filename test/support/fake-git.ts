// A small content-addressed git object store (blobs, trees, commits, refs) for the fake GitHub and GitLab. Object
// ids are real git ids (sha1 over "<type> <size>\0<body>"), so a test can rebuild the same objects with the real
// `git` binary and compare.
import { createHash } from 'node:crypto';

export type GitObject =
  | { type: 'blob'; content: Buffer }
  | { type: 'tree'; entries: TreeEntry[] }
  | { type: 'commit'; tree: string; parents: string[]; message: string; author: string; time: number };

export interface TreeEntry {
  name: string;
  mode: '100644' | '40000';
  sha: string;
}

export function gitObjectId(type: string, body: Buffer): string {
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]))
    .digest('hex');
}

/** Git sorts tree entries by name, comparing a subtree's name as if it ended with `/`. */
function sortKey(entry: TreeEntry): string {
  return entry.mode === '40000' ? `${entry.name}/` : entry.name;
}

function sorted(entries: TreeEntry[]): TreeEntry[] {
  return [...entries].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
}

function treeBody(entries: TreeEntry[]): Buffer {
  return Buffer.concat(
    sorted(entries).map((entry) =>
      Buffer.concat([Buffer.from(`${entry.mode} ${entry.name}\0`), Buffer.from(entry.sha, 'hex')]),
    ),
  );
}

function commitBody(commit: Extract<GitObject, { type: 'commit' }>): Buffer {
  const who = `${commit.author} ${commit.time} +0000`;
  const lines = [
    `tree ${commit.tree}`,
    ...commit.parents.map((p) => `parent ${p}`),
    `author ${who}`,
    `committer ${who}`,
  ];
  return Buffer.from(`${lines.join('\n')}\n\n${commit.message}`);
}

export class FakeGitRepository {
  readonly objects = new Map<string, GitObject>();
  readonly refs = new Map<string, string>();
  private clock = 1_700_000_000;

  constructor(
    readonly name: string,
    readonly defaultBranch = 'main',
    files: Record<string, string> = { 'README.md': `# ${name}\n` },
  ) {
    const tree = this.writeTreeWith(
      null,
      Object.entries(files).map(([path, content]) => ({ path, content })),
    );
    this.refs.set(defaultBranch, this.writeCommit(tree, [], 'Initial commit'));
  }

  writeBlob(content: string | Buffer): string {
    const body = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const sha = gitObjectId('blob', body);
    this.objects.set(sha, { type: 'blob', content: body });
    return sha;
  }

  writeTree(entries: TreeEntry[]): string {
    const sha = gitObjectId('tree', treeBody(entries));
    this.objects.set(sha, { type: 'tree', entries: sorted(entries) });
    return sha;
  }

  writeCommit(tree: string, parents: string[], message: string, author = 'ADR Assistant <adr@example.test>'): string {
    this.clock += 60;
    const commit = { type: 'commit' as const, tree, parents, message, author, time: this.clock };
    const sha = gitObjectId('commit', commitBody(commit));
    this.objects.set(sha, commit);
    return sha;
  }

  object(sha: string): GitObject | undefined {
    return this.objects.get(sha);
  }

  commit(sha: string): Extract<GitObject, { type: 'commit' }> | undefined {
    const object = this.objects.get(sha);
    return object?.type === 'commit' ? object : undefined;
  }

  tree(sha: string): TreeEntry[] | undefined {
    const object = this.objects.get(sha);
    return object?.type === 'tree' ? object.entries : undefined;
  }

  /** A new tree: `base` (or empty) with each file written at its path, subtrees created as needed. */
  writeTreeWith(base: string | null, files: { path: string; content: string }[]): string {
    const entries = new Map((base ? (this.tree(base) ?? []) : []).map((entry) => [entry.name, entry]));
    const nested = new Map<string, { path: string; content: string }[]>();
    for (const file of files) {
      const [head, ...rest] = file.path.split('/');
      if (!head) continue;
      if (rest.length === 0) entries.set(head, { name: head, mode: '100644', sha: this.writeBlob(file.content) });
      else nested.set(head, [...(nested.get(head) ?? []), { path: rest.join('/'), content: file.content }]);
    }
    for (const [dir, inner] of nested) {
      const existing = entries.get(dir);
      const subtree = this.writeTreeWith(existing?.mode === '40000' ? existing.sha : null, inner);
      entries.set(dir, { name: dir, mode: '40000', sha: subtree });
    }
    return this.writeTree([...entries.values()]);
  }

  /** The entry at `path` in the tree of commit `ref` (a branch or a commit sha). */
  entryAt(ref: string, path: string): TreeEntry | { name: ''; mode: '40000'; sha: string } | null {
    const commitSha = this.refs.get(ref) ?? ref;
    const commit = this.commit(commitSha);
    if (!commit) return null;
    let current: TreeEntry | { name: ''; mode: '40000'; sha: string } = { name: '', mode: '40000', sha: commit.tree };
    for (const part of path.split('/').filter(Boolean)) {
      if (current.mode !== '40000') return null;
      const next: TreeEntry | undefined = this.tree(current.sha)?.find((entry) => entry.name === part);
      if (!next) return null;
      current = next;
    }
    return current;
  }

  /** The file's text at `ref`, or undefined. */
  fileAt(ref: string, path: string): string | undefined {
    const entry = this.entryAt(ref, path);
    const object = entry && entry.mode === '100644' ? this.objects.get(entry.sha) : undefined;
    return object?.type === 'blob' ? object.content.toString('utf8') : undefined;
  }

  /** Every file path at `ref`, with its blob id. */
  files(ref: string): Map<string, string> {
    const out = new Map<string, string>();
    const root = this.entryAt(ref, '');
    const walk = (treeSha: string, prefix: string) => {
      for (const entry of this.tree(treeSha) ?? []) {
        if (entry.mode === '40000') walk(entry.sha, `${prefix}${entry.name}/`);
        else out.set(`${prefix}${entry.name}`, entry.sha);
      }
    };
    if (root) walk(root.sha, '');
    return out;
  }

  /** Whether `ancestor` is `sha` or reachable from it through parents. */
  isAncestor(ancestor: string, sha: string): boolean {
    const seen = new Set<string>();
    const queue = [sha];
    while (queue.length > 0) {
      const next = queue.pop() as string;
      if (next === ancestor) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(this.commit(next)?.parents ?? []));
    }
    return false;
  }

  /** Writes a commit on `branch` as a person would (a teammate editing a file on the base branch). */
  commitFiles(branch: string, message: string, files: { path: string; content: string }[]): string {
    const head = this.refs.get(branch);
    const base = head ? (this.commit(head)?.tree ?? null) : null;
    const sha = this.writeCommit(
      this.writeTreeWith(base, files),
      head ? [head] : [],
      message,
      'Teammate <t@example.test>',
    );
    this.refs.set(branch, sha);
    return sha;
  }
}
