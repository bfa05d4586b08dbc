// A local stand-in for GitHub's REST API (the endpoints publishing uses), answering as GitHub documents: it checks
// the token and what it grants on which repository, keeps a real git object store per repository, and can be told
// to fail (5xx, rate limits) or to hold a request in flight so a test can kill the app mid-way.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGitRepository } from './fake-git.js';

export type Access = 'none' | 'read' | 'write';

export interface GitHubGrant {
  /** `owner/name` of the one repository a fine-grained token was given. */
  repository: string;
  contents: Access;
  pullRequests: Access;
}

export interface GitHubCall {
  index: number;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  token: string | undefined;
  status?: number;
}

export interface GitHubPull {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  merged: boolean;
  html_url: string;
}

export interface GitHubFault {
  match: (call: GitHubCall) => boolean;
  times: number;
  status: number;
  headers?: Record<string, string>;
  message?: string;
}

export interface FakeGitHub {
  url: string;
  calls: GitHubCall[];
  repos: Map<string, FakeGitRepository>;
  pulls: Map<string, GitHubPull[]>;
  addRepository(fullName: string, files?: Record<string, string>): FakeGitRepository;
  grant(token: string, grant: GitHubGrant): void;
  revoke(token: string): void;
  /** The next `times` calls matching fail with `status` (and headers, e.g. retry-after). */
  fail(fault: GitHubFault): void;
  /** Neither applies nor answers the next matching call (the app is killed meanwhile); resolves when it came. */
  hold(match: (call: GitHubCall) => boolean): Promise<GitHubCall>;
  merge(repository: string, number: number): void;
  /** Closes a pull request without merging it, as a reviewer would. */
  closePull(repository: string, number: number): void;
  /** Resolves with the first call (past or future) matching once it has been answered. */
  waitFor(match: (call: GitHubCall) => boolean): Promise<GitHubCall>;
  close(): Promise<void>;
}

const FORBIDDEN = 'Resource not accessible by personal access token';

class Answer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

function errorBody(message: string, errors?: unknown[]) {
  return {
    message,
    documentation_url: 'https://docs.github.com/rest',
    ...(errors ? { errors } : {}),
    status: undefined,
  };
}

const fail = (status: number, message: string, errors?: unknown[]) => new Answer(status, errorBody(message, errors));

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const calls: GitHubCall[] = [];
  const repos = new Map<string, FakeGitRepository>();
  const pulls = new Map<string, GitHubPull[]>();
  const grants = new Map<string, GitHubGrant>();
  const faults: GitHubFault[] = [];
  const holds: { match: (call: GitHubCall) => boolean; resolve: (call: GitHubCall) => void }[] = [];
  const waiters: { match: (call: GitHubCall) => boolean; resolve: (call: GitHubCall) => void }[] = [];
  let url = '';

  function need(call: GitHubCall, repository: string, kind: 'contents' | 'pullRequests', level: Access): Answer | null {
    const grant = call.token ? grants.get(call.token) : undefined;
    if (!grant) return fail(401, 'Bad credentials');
    if (grant.repository.toLowerCase() !== repository.toLowerCase() || !repos.has(repository)) {
      return fail(404, 'Not Found');
    }
    const has = grant[kind];
    const ok = level === 'read' ? has !== 'none' : has === 'write';
    return ok ? null : fail(403, FORBIDDEN);
  }

  function pullJson(repository: string, pull: GitHubPull) {
    const [owner] = repository.split('/');
    return {
      number: pull.number,
      html_url: pull.html_url,
      url: `${url}/repos/${repository}/pulls/${pull.number}`,
      state: pull.state,
      title: pull.title,
      body: pull.body,
      merged: pull.merged,
      merged_at: pull.merged ? '2026-12-01T00:00:00Z' : null,
      head: { ref: pull.head, label: `${owner}:${pull.head}` },
      base: { ref: pull.base },
    };
  }

  function route(call: GitHubCall): Answer {
    const match = /^\/repos\/([^/]+)\/([^/]+)(?:\/(.*))?$/.exec(call.path);
    if (!match) return fail(404, 'Not Found');
    const repository = `${match[1]}/${match[2]}`;
    const rest = match[3] ?? '';
    const repo = repos.get(repository);
    const method = call.method;
    const body = (call.body ?? {}) as Record<string, unknown>;

    if (method === 'GET' && rest === '') {
      const denied = need(call, repository, 'contents', 'read');
      if (denied || !repo) return denied ?? fail(404, 'Not Found');
      const grant = grants.get(call.token ?? '') as GitHubGrant;
      return new Answer(200, {
        id: 1,
        full_name: repository,
        default_branch: repo.defaultBranch,
        permissions: { admin: false, push: grant.contents === 'write', pull: true },
      });
    }
    const isPull = rest.startsWith('pulls');
    const denied = need(call, repository, isPull ? 'pullRequests' : 'contents', method === 'GET' ? 'read' : 'write');
    if (denied || !repo) return denied ?? fail(404, 'Not Found');

    const on = (verb: string, pattern: RegExp) => (method === verb ? pattern.exec(rest) : null);
    let m: RegExpExecArray | null;
    m = on('GET', /^git\/ref\/heads\/(.+)$/);
    if (m) {
      const sha = repo.refs.get(m[1] as string);
      if (!sha) return fail(404, 'Not Found');
      return new Answer(200, { ref: `refs/heads/${m[1]}`, object: { sha, type: 'commit' } });
    }
    m = on('GET', /^contents\/?(.*)$/);
    if (m) {
      const ref = call.query.ref ?? repo.defaultBranch;
      if (!repo.refs.has(ref) && !repo.commit(ref)) return fail(404, `No commit found for the ref ${ref}`);
      const path = (m[1] as string).replace(/\/+$/, '');
      const entry = repo.entryAt(ref, path);
      if (!entry) return fail(404, 'Not Found');
      if (entry.mode === '40000') {
        return new Answer(
          200,
          (repo.tree(entry.sha) ?? []).map((child) => ({
            type: child.mode === '40000' ? 'dir' : 'file',
            name: child.name,
            path: path ? `${path}/${child.name}` : child.name,
            sha: child.sha,
          })),
        );
      }
      const content = repo.fileAt(ref, path) ?? '';
      return new Answer(200, {
        type: 'file',
        encoding: 'base64',
        name: path.split('/').pop(),
        path,
        sha: entry.sha,
        size: Buffer.byteLength(content),
        content: Buffer.from(content)
          .toString('base64')
          .replace(/(.{60})/g, '$1\n'),
      });
    }
    m = on('GET', /^git\/commits\/([0-9a-f]{40})$/);
    if (m) {
      const commit = repo.commit(m[1] as string);
      if (!commit) return fail(404, 'Not Found');
      return new Answer(200, {
        sha: m[1],
        tree: { sha: commit.tree },
        parents: commit.parents.map((sha) => ({ sha })),
        message: commit.message,
      });
    }
    if (method === 'POST' && rest === 'git/refs') {
      const ref = String(body.ref ?? '');
      const sha = String(body.sha ?? '');
      if (!ref.startsWith('refs/heads/') || ref.split('/').length < 3) return fail(422, 'Reference name is invalid');
      if (!repo.commit(sha)) return fail(422, 'Object does not exist');
      const branch = ref.slice('refs/heads/'.length);
      if (repo.refs.has(branch)) return fail(422, 'Reference already exists');
      repo.refs.set(branch, sha);
      return new Answer(201, { ref, object: { sha, type: 'commit' } });
    }
    m = on('PATCH', /^git\/refs\/heads\/(.+)$/);
    if (m) {
      const branch = m[1] as string;
      const current = repo.refs.get(branch);
      const sha = String(body.sha ?? '');
      if (!current) return fail(422, 'Reference does not exist');
      if (!repo.commit(sha)) return fail(422, 'Object does not exist');
      if (body.force !== true && !repo.isAncestor(current, sha)) return fail(422, 'Update is not a fast forward');
      repo.refs.set(branch, sha);
      return new Answer(200, { ref: `refs/heads/${branch}`, object: { sha, type: 'commit' } });
    }
    if (method === 'POST' && rest === 'git/trees') {
      const base = body.base_tree ? String(body.base_tree) : null;
      if (base && !repo.tree(base)) return fail(422, 'Invalid tree info');
      const entries = Array.isArray(body.tree) ? (body.tree as Record<string, unknown>[]) : [];
      if (entries.some((entry) => typeof entry.path !== 'string' || typeof entry.content !== 'string')) {
        return fail(422, 'Invalid tree info');
      }
      const sha = repo.writeTreeWith(
        base,
        entries.map((entry) => ({ path: String(entry.path), content: String(entry.content) })),
      );
      return new Answer(201, { sha, tree: repo.tree(sha) });
    }
    if (method === 'POST' && rest === 'git/commits') {
      const tree = String(body.tree ?? '');
      const parents = Array.isArray(body.parents) ? body.parents.map(String) : [];
      if (!repo.tree(tree) || parents.some((parent) => !repo.commit(parent)))
        return fail(422, 'Tree SHA does not exist');
      const sha = repo.writeCommit(tree, parents, String(body.message ?? ''));
      return new Answer(201, { sha, tree: { sha: tree }, parents: parents.map((p) => ({ sha: p })) });
    }
    const list = pulls.get(repository) ?? [];
    if (method === 'GET' && rest === 'pulls') {
      const head = call.query.head?.split(':').pop();
      const state = call.query.state ?? 'open';
      const found = list.filter(
        (pull) =>
          (!head || pull.head === head) &&
          (!call.query.base || pull.base === call.query.base) &&
          (state === 'all' || pull.state === state),
      );
      return new Answer(
        200,
        found.map((pull) => pullJson(repository, pull)),
      );
    }
    if (method === 'POST' && rest === 'pulls') {
      const head = String(body.head ?? '');
      const base = String(body.base ?? '');
      if (!repo.refs.has(head)) {
        return fail(422, 'Validation Failed', [{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
      }
      if (!repo.refs.has(base)) {
        return fail(422, 'Validation Failed', [{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
      }
      if (list.some((pull) => pull.head === head && pull.base === base && pull.state === 'open')) {
        const owner = repository.split('/')[0];
        return fail(422, 'Validation Failed', [
          { resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${owner}:${head}.` },
        ]);
      }
      const number = list.length + 1;
      const pull: GitHubPull = {
        number,
        head,
        base,
        title: String(body.title ?? ''),
        body: String(body.body ?? ''),
        state: 'open',
        merged: false,
        html_url: `https://github.example.test/${repository}/pull/${number}`,
      };
      pulls.set(repository, [...list, pull]);
      return new Answer(201, pullJson(repository, pull));
    }
    m = on('GET', /^pulls\/(\d+)$/);
    if (m) {
      const pull = list.find((p) => p.number === Number(m?.[1]));
      return pull ? new Answer(200, pullJson(repository, pull)) : fail(404, 'Not Found');
    }
    return fail(404, 'Not Found');
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const parsed = new URL(req.url ?? '/', 'http://fake');
    // GitHub Enterprise Server serves the same API under /api/v3.
    const path = decodeURIComponent(parsed.pathname.replace(/^\/api\/v3/, ''));
    const auth = req.headers.authorization;
    const call: GitHubCall = {
      index: calls.length,
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(parsed.searchParams),
      body: raw ? JSON.parse(raw) : undefined,
      token: auth ? auth.replace(/^(token|bearer)\s+/i, '') : undefined,
    };
    calls.push(call);
    const held = holds.findIndex((h) => h.match(call));
    if (held >= 0) {
      const [hold] = holds.splice(held, 1);
      hold?.resolve(call);
      return; // neither applied nor answered: the client is killed while it waits
    }
    const fault = faults.find((f) => f.times > 0 && f.match(call));
    let answer: Answer;
    if (fault) {
      fault.times -= 1;
      answer = new Answer(fault.status, errorBody(fault.message ?? 'Server Error'), fault.headers ?? {});
    } else {
      answer = route(call);
    }
    call.status = answer.status;
    const payload = answer.body === undefined ? '' : JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      'content-type': 'application/json; charset=utf-8',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-github-api-version-selected': '2022-11-28',
      ...answer.headers,
    });
    res.end(payload);
    for (const waiter of waiters.filter((w) => w.match(call))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(call);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    calls,
    repos,
    pulls,
    addRepository(fullName, files) {
      const repo = new FakeGitRepository(fullName, 'main', files);
      repos.set(fullName, repo);
      return repo;
    },
    grant(token, grant) {
      grants.set(token, grant);
    },
    revoke(token) {
      grants.delete(token);
    },
    fail(fault) {
      faults.push(fault);
    },
    hold(match) {
      return new Promise((resolve) => holds.push({ match, resolve }));
    },
    waitFor(match) {
      const done = calls.find((call) => call.status !== undefined && match(call));
      return done ? Promise.resolve(done) : new Promise((resolve) => waiters.push({ match, resolve }));
    },
    closePull(repository, number) {
      const pull = pulls.get(repository)?.find((p) => p.number === number);
      if (!pull) throw new Error(`no pull request #${number}`);
      pull.state = 'closed';
    },
    merge(repository, number) {
      const pull = pulls.get(repository)?.find((p) => p.number === number);
      if (!pull) throw new Error(`no pull request #${number}`);
      const repo = repos.get(repository) as FakeGitRepository;
      const head = repo.refs.get(pull.head) as string;
      repo.refs.set(pull.base, head);
      pull.state = 'closed';
      pull.merged = true;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
