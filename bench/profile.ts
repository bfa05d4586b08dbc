/**
 * Where the app spends its time on one HTTP case: starts the app under `--cpu-prof`, loads it with the case's
 * requests, stops it, and prints the functions with the most self time and the files with the most inclusive time.
 * Run: `npx tsx bench/profile.ts "/adr list" [seconds] [connections]` (cases by name from bench/http.ts).
 * `--compare` skips the profiler and measures the app and bare Bolt in turn (three rounds each) instead.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeSlack } from '../test/support/fake-slack.js';
import { teamIdOf } from './content.js';
import { runDbScale } from './db-scale.js';
import { HTTP_CASES } from './http.js';
import { runLoad, sendSigned } from './load.js';
import { compiledBenchScript, startNode } from './processes.js';
import { RequestRecorder } from './slack-requests.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const SIGNING_SECRET = 'bench-signing-secret';
const BOT_TOKEN = 'xoxb-bench-token';

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const src = url.indexOf('/src/');
  return src >= 0 ? url.slice(src + 1) : url.replace(/^file:\/\//, '') || '(native)';
}

function summarise(profile: Profile, top: number): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...selfTime.values()].reduce((a, b) => a + b, 0);
  const idle = [...selfTime.entries()]
    .filter(([id]) =>
      ['(idle)', '(program)', '(garbage collector)'].includes(byId.get(id)?.callFrame.functionName ?? ''),
    )
    .map(([id, t]) => `${byId.get(id)?.callFrame.functionName} ${((100 * t) / total).toFixed(1)} %`);
  console.log(`total ${(total / 1000).toFixed(0)} ms sampled; ${idle.join(', ')}`);

  const selfByFunction = new Map<string, number>();
  const inclusiveByFile = new Map<string, number>();
  const inclusiveByFunction = new Map<string, number>();
  for (const [id, time] of selfTime) {
    const node = byId.get(id);
    if (!node) continue;
    const key = `${node.callFrame.functionName || '(anonymous)'} ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + time);
    const files = new Set<string>();
    const functions = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame?.url) continue;
      files.add(shortUrl(frame.url).split('/').slice(0, 3).join('/'));
      functions.add(`${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`);
    }
    for (const file of files) inclusiveByFile.set(file, (inclusiveByFile.get(file) ?? 0) + time);
    for (const fn of functions) inclusiveByFunction.set(fn, (inclusiveByFunction.get(fn) ?? 0) + time);
  }
  const print = (title: string, entries: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [key, time] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${((100 * time) / total).toFixed(1).padStart(5)} %  ${key}`);
    }
  };
  print('self time by function', selfByFunction);
  print('inclusive time by file', inclusiveByFile);
  print('inclusive time by function', inclusiveByFunction);
}

async function main(): Promise<void> {
  const compare = process.argv.includes('--compare');
  const [caseName = '/adr help', seconds = '4', connections = '100'] = process.argv
    .slice(2)
    .filter((arg) => !arg.startsWith('--'));
  const httpCase = HTTP_CASES.find((c) => c.name === caseName);
  if (!httpCase) throw new Error(`no case "${caseName}"; cases: ${HTTP_CASES.map((c) => c.name).join(', ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'adr-profile-'));
  const databasePath = join(dir, 'adr.sqlite');
  const scale = await runDbScale({ databasePath, workspaces: 2, adrsPerWorkspace: 1_000, operations: 20 });
  const teamId = teamIdOf(0);
  const fake = await startFakeSlack({ teamId, botToken: BOT_TOKEN });
  const profiles = process.env.PROFILE_DIR ?? join(dir, 'profiles');
  const env = {
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: fake.url,
    DATABASE_PATH: databasePath,
    LOG_LEVEL: 'error',
  };
  const app = await startNode('dist/app.js', env, 30_000, compare ? [] : ['--cpu-prof', `--cpu-prof-dir=${profiles}`]);
  const bare = compare ? await startNode(await compiledBenchScript('bench/bare-bolt.ts'), env) : undefined;
  try {
    const recorder = new RequestRecorder({ baseUrl: app.origin, signingSecret: SIGNING_SECRET, fake, teamId });
    const requests = await httpCase.prepare({
      recorder,
      fake,
      appOrigin: app.origin,
      signingSecret: SIGNING_SECRET,
      userId: 'U00000001',
      channelId: 'C_DECISIONS',
      scoringAdr: scale.proposedSample ?? 1,
    });
    const problem = httpCase.check(await sendSigned(app.origin, SIGNING_SECRET, requests[0] as never));
    if (problem) throw new Error(problem);
    const load = async (origin: string) => {
      const result = await runLoad({
        origin,
        signingSecret: SIGNING_SECRET,
        requests,
        concurrency: Number(connections),
        warmupMs: 500,
        durationMs: Number(seconds) * 1000,
      });
      return `${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.latency.p50.toFixed(1)} ms, p99 ${result.latency.p99.toFixed(1)} ms`;
    };
    if (bare) {
      for (let round = 0; round < 3; round++) {
        console.log(`${caseName} @${connections}: app ${await load(app.origin)}; bare Bolt ${await load(bare.origin)}`);
      }
      return;
    }
    console.log(`${caseName} @${connections}: ${await load(app.origin)} (under the profiler)`);
  } finally {
    await app.stop();
    await bare?.stop();
    await fake.close();
  }
  if (compare) {
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  const file = readdirSync(profiles).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('the app wrote no profile');
  summarise(JSON.parse(readFileSync(join(profiles, file), 'utf8')) as Profile, Number(process.env.PROFILE_TOP ?? 30));
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
