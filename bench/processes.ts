/** Child processes for the bench: the app and bare Bolt each run in their own Node process. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface NodeProcess {
  child: ChildProcess;
  pid: number;
  origin: string;
  /** Milliseconds from spawn until GET /healthz answered 200. */
  startToHealthyMs: number;
  output(): string;
  stop(): Promise<void>;
}

/** A port nothing listens on right now (the child binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function healthStatus(origin: string): Promise<number> {
  return new Promise((resolve) => {
    const req = get(`${origin}/healthz`, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.setTimeout(1_000, () => req.destroy());
  });
}

/**
 * A bench script (bench/bare-bolt.ts) as JavaScript, so it starts as the compiled app does (ADR-010) and neither
 * pays for tsx: TypeScript's own transpiler, into node_modules/.cache (where its imports resolve as from bench/).
 */
export async function compiledBenchScript(script: string): Promise<string> {
  const { default: ts } = await import('typescript');
  const source = readFileSync(join(REPO_ROOT, script), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const dir = join(REPO_ROOT, 'node_modules/.cache/adr-bench');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, basename(script).replace(/\.ts$/, '.mjs'));
  writeFileSync(out, outputText);
  return out;
}

/**
 * Starts `node <script>` (compiled JavaScript: dist/app.js, or compiledBenchScript's output) with only the given environment (plus PATH and HOME, so a developer's
 * .env or shell cannot change the figures) and waits until GET /healthz answers 200.
 */
export async function startNode(
  script: string,
  env: Record<string, string>,
  timeoutMs = 30_000,
  nodeArgs: string[] = [],
): Promise<NodeProcess> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code) => {
      exited = code;
      resolve();
    });
  });
  const stop = async () => {
    if (exited === undefined) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exit;
    clearTimeout(timer);
  };
  while ((await healthStatus(origin)) !== 200) {
    if (exited !== undefined || performance.now() - started > timeoutMs) {
      await stop();
      throw new Error(`${script} did not become healthy (exit ${exited}):\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const startToHealthyMs = performance.now() - started;
  if (child.pid === undefined) throw new Error(`${script} has no pid`);
  return { child, pid: child.pid, origin, startToHealthyMs, output: () => output, stop };
}

/** Resident set size of a process, from /proc (Linux); undefined elsewhere. */
export function residentBytes(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
