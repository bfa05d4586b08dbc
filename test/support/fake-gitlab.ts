// A local stand-in for GitLab's REST API v4 (the endpoints publishing uses), answering as GitLab documents: tokens
// with scopes and a role per project, a real git object store, 409 for a second open merge request from a branch,
// and 429s (with Retry-After) or 5xx on demand.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGitRepository } from './fake-git.js';

export interface GitLabGrant {
  /** The project path the project access token belongs to. */
  project: string;
  scopes: string[];
  /** 10 guest, 20 reporter, 30 developer, 40 maintainer. */
  accessLevel: number;
}

export interface GitLabCall {
  index: number;
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  token: string | undefined;
  status?: number;
}

export interface GitLabMergeRequest {
  iid: number;
  source_branch: string;
  target_branch: string;
  title: string;
  description: string;
  state: 'opened' | 'closed' | 'merged';
  web_url: string;
}

export interface GitLabFault {
  match: (call: GitLabCall) => boolean;
  times: number;
  status: number;
  headers?: Record<string, string>;
}

export interface FakeGitLab {
  url: string;
  calls: GitLabCall[];
  projects: Map<string, FakeGitRepository>;
  mergeRequests: Map<string, GitLabMergeRequest[]>;
  addProject(path: string, files?: Record<string, string>): FakeGitRepository;
  grant(token: string, grant: GitLabGrant): void;
  fail(fault: GitLabFault): void;
  close(): Promise<void>;
}

class Answer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

const message = (status: number, text: unknown) => new Answer(status, { message: text });

export async function startFakeGitLab(): Promise<FakeGitLab> {
  const calls: GitLabCall[] = [];
  const projects = new Map<string, FakeGitRepository>();
  const mergeRequests = new Map<string, GitLabMergeRequest[]>();
  const grants = new Map<string, GitLabGrant>();
  const faults: GitLabFault[] = [];
  const ids = new Map<string, number>();

  function projectJson(path: string, grant: GitLabGrant) {
    const repo = projects.get(path) as FakeGitRepository;
    return {
      id: ids.get(path),
      path_with_namespace: path,
      default_branch: repo.defaultBranch,
      web_url: `https://gitlab.example.test/${path}`,
      permissions: { project_access: { access_level: grant.accessLevel, notification_level: 3 }, group_access: null },
    };
  }

  function route(call: GitLabCall): Answer {
    const grant = call.token ? grants.get(call.token) : undefined;
    if (!grant) return message(401, '401 Unauthorized');
    if (call.method === 'GET' && call.path === '/personal_access_tokens/self') {
      return new Answer(200, { id: 1, name: 'adr', active: true, revoked: false, scopes: grant.scopes });
    }
    const m = /^\/projects\/([^/]+)(?:\/(.*))?$/.exec(call.path);
    if (!m) return message(404, '404 Not Found');
    const raw = decodeURIComponent(m[1] as string);
    const path = [...ids.entries()].find(([, id]) => String(id) === raw)?.[0] ?? raw;
    const rest = m[2] ?? '';
    const repo = projects.get(path);
    if (!repo || grant.project !== path) return message(404, '404 Project Not Found');
    const write = call.method !== 'GET';
    if (!grant.scopes.includes('api') && !(grant.scopes.includes('read_api') && !write)) {
      return new Answer(403, {
        error: 'insufficient_scope',
        error_description: 'The request requires higher privileges.',
      });
    }
    if (write && grant.accessLevel < 30) return message(403, '403 Forbidden');
    if (rest === '') return new Answer(200, projectJson(path, grant));
    const body = call.body;
    let r: RegExpExecArray | null = /^repository\/branches\/(.+)$/.exec(rest);
    if (call.method === 'GET' && r) {
      const name = decodeURIComponent(r[1] as string);
      const sha = repo.refs.get(name);
      return sha ? new Answer(200, { name, commit: { id: sha } }) : message(404, '404 Branch Not Found');
    }
    if (call.method === 'POST' && rest === 'repository/branches') {
      const name = String(body.branch ?? call.query.branch ?? '');
      const ref = String(body.ref ?? call.query.ref ?? '');
      if (repo.refs.has(name)) return message(400, 'Branch already exists');
      const sha = repo.refs.get(ref) ?? (repo.commit(ref) ? ref : undefined);
      if (!sha) return message(400, 'Invalid reference name');
      repo.refs.set(name, sha);
      return new Answer(201, { name, commit: { id: sha } });
    }
    r = /^repository\/files\/(.+)$/.exec(rest);
    if (call.method === 'GET' && r) {
      const filePath = decodeURIComponent(r[1] as string);
      const ref = call.query.ref ?? '';
      const entry = repo.entryAt(ref, filePath);
      const content = repo.fileAt(ref, filePath);
      if (!entry || content === undefined) return message(404, '404 File Not Found');
      return new Answer(200, {
        file_name: filePath.split('/').pop(),
        file_path: filePath,
        encoding: 'base64',
        content: Buffer.from(content).toString('base64'),
        blob_id: entry.sha,
        ref,
      });
    }
    if (call.method === 'GET' && rest === 'repository/tree') {
      const ref = call.query.ref ?? repo.defaultBranch;
      const folder = (call.query.path ?? '').replace(/\/+$/, '');
      const entry = repo.entryAt(ref, folder);
      if (entry?.mode !== '40000') return message(404, '404 Tree Not Found');
      return new Answer(
        200,
        (repo.tree(entry.sha) ?? []).map((child) => ({
          id: child.sha,
          name: child.name,
          type: child.mode === '40000' ? 'tree' : 'blob',
          path: folder ? `${folder}/${child.name}` : child.name,
          mode: child.mode === '40000' ? '040000' : '100644',
        })),
      );
    }
    if (call.method === 'POST' && rest === 'repository/commits') {
      const branch = String(body.branch ?? '');
      const head = repo.refs.get(branch);
      if (!head) return message(400, 'You can only create or edit files when you are on a branch');
      const actions = Array.isArray(body.actions) ? (body.actions as Record<string, unknown>[]) : [];
      for (const action of actions) {
        const exists = repo.fileAt(branch, String(action.file_path)) !== undefined;
        if (action.action === 'create' && exists) return message(400, 'A file with this name already exists');
        if (action.action === 'update' && !exists) return message(400, "A file with this name doesn't exist");
      }
      const tree = repo.writeTreeWith(
        repo.commit(head)?.tree ?? null,
        actions.map((a) => ({ path: String(a.file_path), content: String(a.content ?? '') })),
      );
      const sha = repo.writeCommit(tree, [head], String(body.commit_message ?? ''));
      repo.refs.set(branch, sha);
      return new Answer(201, { id: sha, short_id: sha.slice(0, 8), title: String(body.commit_message ?? '') });
    }
    const list = mergeRequests.get(path) ?? [];
    if (call.method === 'GET' && rest === 'merge_requests') {
      const state = call.query.state;
      return new Answer(
        200,
        list.filter(
          (mr) =>
            (!call.query.source_branch || mr.source_branch === call.query.source_branch) &&
            (!call.query.target_branch || mr.target_branch === call.query.target_branch) &&
            (!state || state === 'all' || mr.state === state),
        ),
      );
    }
    if (call.method === 'POST' && rest === 'merge_requests') {
      const source = String(body.source_branch ?? '');
      const target = String(body.target_branch ?? '');
      if (!repo.refs.has(source) || !repo.refs.has(target)) return message(404, '404 Branch Not Found');
      const open = list.find(
        (mr) => mr.source_branch === source && mr.target_branch === target && mr.state === 'opened',
      );
      if (open) {
        return message(409, [`Another open merge request already exists for this source branch: !${open.iid}`]);
      }
      const iid = list.length + 1;
      const mr: GitLabMergeRequest = {
        iid,
        source_branch: source,
        target_branch: target,
        title: String(body.title ?? ''),
        description: String(body.description ?? ''),
        state: 'opened',
        web_url: `https://gitlab.example.test/${path}/-/merge_requests/${iid}`,
      };
      mergeRequests.set(path, [...list, mr]);
      return new Answer(201, mr);
    }
    r = /^merge_requests\/(\d+)$/.exec(rest);
    if (call.method === 'GET' && r) {
      const mr = list.find((item) => item.iid === Number(r?.[1]));
      return mr ? new Answer(200, mr) : message(404, '404 Not found');
    }
    return message(404, '404 Not Found');
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const parsed = new URL(req.url ?? '/', 'http://fake');
    if (!parsed.pathname.startsWith('/api/v4/')) {
      res.writeHead(404).end();
      return;
    }
    let body: Record<string, unknown> = {};
    if (raw) {
      body = (req.headers['content-type'] ?? '').includes('json')
        ? (JSON.parse(raw) as Record<string, unknown>)
        : Object.fromEntries(new URLSearchParams(raw));
    }
    const auth = req.headers['private-token'] ?? req.headers.authorization?.replace(/^bearer\s+/i, '');
    const call: GitLabCall = {
      index: calls.length,
      method: req.method ?? 'GET',
      // Path segments stay encoded (a project path is one segment, `group%2Fproject`).
      path: parsed.pathname.slice('/api/v4'.length),
      query: Object.fromEntries(parsed.searchParams),
      body,
      token: typeof auth === 'string' ? auth : undefined,
    };
    calls.push(call);
    const fault = faults.find((f) => f.times > 0 && f.match(call));
    let answer: Answer;
    if (fault) {
      fault.times -= 1;
      answer = new Answer(fault.status, { message: `${fault.status} Error` }, fault.headers ?? {});
    } else answer = route(call);
    call.status = answer.status;
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    projects,
    mergeRequests,
    addProject(path, files) {
      const repo = new FakeGitRepository(path, 'main', files);
      projects.set(path, repo);
      ids.set(path, ids.size + 101);
      return repo;
    },
    grant(token, grant) {
      grants.set(token, grant);
    },
    fail(fault) {
      faults.push(fault);
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
