/**
 * `npm run bench:replicas`: the same workload against 1, 2 and 4 gateway
 * processes (built `dist/cli.js`, each on its own port, as replicas on
 * several machines behind a load balancer), each with and without one shared
 * Redis, against the data.gouv.fr emulation on 127.0.0.1:
 *
 * - cold reads: every object of the workload asked once on every replica at
 *   the same moment (what a load balancer spreading a dashboard's first
 *   visitors does); the upstream calls for those objects are counted at the
 *   emulation;
 * - warm GET throughput: one response-cacheable GET spread round-robin over
 *   the replicas by a closed loop of clients, once every replica has it.
 *
 * `BENCH_REPLICAS_PROCESSES=1,2` picks the process counts, `BENCH_REPLICAS_SECONDS`
 * the length of a warm round. Results go to bench/results/replicas.md. Targets: upstream calls with Redis
 * within 10 % of one process; warm GET throughput with Redis at least 90 % of
 * the same without. Exits 1 when an answer is wrong, never for timings.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { codegouvBeside, startMockUpstream, type MockUpstream } from '../mocks/serve-mock-upstream.js';
import { startRedis, type RedisServer } from '../tests/helpers/redis-server.js';
import { closedLoop } from './measure.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = join(ROOT, 'dist/cli.js');
const RESULTS = join(ROOT, 'bench/results/replicas.md');
const PROCESS_COUNTS = (process.env['BENCH_REPLICAS_PROCESSES'] ?? '1,2,4').split(',').map(Number);
const WARM = { clients: 32, maxRequests: 200_000, maxMs: Number(process.env['BENCH_REPLICAS_SECONDS'] ?? 3) * 1_000 } as const;
/** Warm rounds per configuration; the best is kept, as the machine is shared and one round can lose a core to anything. */
const WARM_ROUNDS = 4;
/** Left to the processes after start-up: each reads code.gouv.fr's inventory and runs its first evaluation in the background. */
const SETTLE_MS = 3_000;
const START_TIMEOUT_MS = 30_000;

/** Objects of the emulation that the evaluator never reads (it reads the commitments' own datasets), so every call for them is the workload's. */
const COLD_READS: readonly { readonly query: string; readonly path: string }[] = [
  { query: '{ dataset(idOrSlug: "53699d0ea3a729239d205b2e") { id title } }', path: '/api/1/datasets/53699d0ea3a729239d205b2e/' },
  { query: '{ dataset(idOrSlug: "fichier-des-personnes-decedees") { id title } }', path: '/api/1/datasets/fichier-des-personnes-decedees/' },
  { query: '{ dataset(idOrSlug: "catalogue-des-donnees-de-data-gouv-fr") { id title } }', path: '/api/1/datasets/catalogue-des-donnees-de-data-gouv-fr/' },
  { query: '{ dataset(idOrSlug: "5a5f4f6c88ee387da4d252a3") { id title } }', path: '/api/1/datasets/5a5f4f6c88ee387da4d252a3/' },
  { query: '{ dataset(idOrSlug: "605d268f4661cf23272817c3") { id title } }', path: '/api/1/datasets/605d268f4661cf23272817c3/' },
  { query: '{ dataset(idOrSlug: "5530fbacc751df5ff937dddb") { id title } }', path: '/api/1/datasets/5530fbacc751df5ff937dddb/' },
  { query: '{ organization(idOrSlug: "data-gouv-fr") { id name } }', path: '/api/1/organizations/data-gouv-fr/' },
  { query: '{ organization(idOrSlug: "534fff75a3a7292c64a77de4") { id name } }', path: '/api/1/organizations/534fff75a3a7292c64a77de4/' },
  { query: '{ dataservice(idOrSlug: "672cf67802ef6b1be63b8975") { id title } }', path: '/api/1/dataservices/672cf67802ef6b1be63b8975/' },
];
const WARM_GET = `/graphql?query=${encodeURIComponent('{ dataset(idOrSlug: "53699d0ea3a729239d205b2e") { id title } }')}`;

interface Replica {
  readonly child: ChildProcess;
  readonly origin: string;
}

interface Row {
  readonly processes: number;
  readonly redis: boolean;
  readonly upstreamCalls: number;
  /** Uses of Redis that fell back to a replica alone (timeouts under load) during the cold reads, summed over the replicas. */
  readonly degraded: number;
  readonly warmPerSecond: number;
  readonly warmFailures: number;
  /** Every round's rate, in the order run, to show how much the machine moved under the best one. */
  readonly warmRounds: readonly number[];
}

const progress = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

function startReplica(upstream: MockUpstream, env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, [CLI], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      LOG_LEVEL: 'info',
      DATAGOUV_API_URL: upstream.url,
      DATAGOUV_SOURCE: 'MOCK',
      ...codegouvBeside(upstream.url),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`a gateway did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)\/graphql"/.exec(output);
      if (match) {
        clearTimeout(timer);
        // Only the start-up line is wanted: the rest is drained unread.
        output = '';
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        resolve({ child, origin: match[1] as string });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`a gateway exited (${String(code)}) before listening`));
    });
  });
}

async function stopReplicas(replicas: readonly Replica[]): Promise<void> {
  await Promise.all(
    replicas.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
}

async function post(agent: Agent, replica: Replica, query: string): Promise<boolean> {
  const answer = await request(`${replica.origin}/graphql`, {
    dispatcher: agent,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await answer.body.json()) as { data?: unknown; errors?: unknown };
  return answer.statusCode === 200 && body.errors === undefined && body.data != null;
}

async function get(agent: Agent, replica: Replica): Promise<boolean> {
  const answer = await request(`${replica.origin}${WARM_GET}`, { dispatcher: agent, headers: { accept: 'application/json' } });
  await answer.body.dump();
  return answer.statusCode === 200;
}

async function readyState(replica: Replica): Promise<string> {
  const answer = await request(`${replica.origin}/ready`);
  const body = (await answer.body.json()) as { sharedTier?: { state?: string } };
  return body.sharedTier?.state ?? 'UNKNOWN';
}

/** One set of replicas (with or without Redis) and what it took to fill it. */
interface ReplicaSet {
  readonly withRedis: boolean;
  readonly replicas: readonly Replica[];
  readonly upstreamCalls: number;
  /** Uses of Redis that fell back to a replica alone during the cold reads. */
  readonly degraded: number;
  close(): Promise<void>;
}

/** Sum of `gateway_shared_tier_degraded_total` over the replicas. */
async function degradedUses(replicas: readonly Replica[]): Promise<number> {
  let sum = 0;
  for (const replica of replicas) {
    const text = await (await request(`${replica.origin}/metrics`)).body.text();
    for (const line of text.split('\n')) if (line.startsWith('gateway_shared_tier_degraded_total')) sum += Number(line.split(' ').at(-1));
  }
  return sum;
}

/** Starts `processes` replicas on their own emulation (and Redis), and asks them the cold reads. */
async function startSet(processes: number, withRedis: boolean, agent: Agent): Promise<ReplicaSet> {
  const upstream = await startMockUpstream({ port: 0 });
  const redis: RedisServer | null = withRedis ? await startRedis() : null;
  const dataDir = mkdtempSync(join(os.tmpdir(), 'bench-replicas-'));
  const replicas: Replica[] = [];
  const close = async (): Promise<void> => {
    await stopReplicas(replicas);
    await redis?.stop();
    await upstream.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const env: Record<string, string> = { DATA_DIR: dataDir, ...(redis ? { REDIS_URL: redis.url } : {}) };
    for (let index = 0; index < processes; index += 1) replicas.push(await startReplica(upstream, env));
    if (redis) {
      const deadline = Date.now() + 10_000;
      while ((await Promise.all(replicas.map(readyState))).some((state) => state !== 'SHARED')) {
        if (Date.now() > deadline) throw new Error('the replicas did not reach Redis');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    // The first request of a process builds its schema and caches: not what is measured.
    await Promise.all(replicas.map((replica) => post(agent, replica, '{ __typename }')));

    const paths = new Set(COLD_READS.map((read) => read.path));
    const countCalls = (): number => upstream.calls.filter((call) => paths.has(new URL(call.url).pathname)).length;
    const before = countCalls();
    const degradedBefore = redis ? await degradedUses(replicas) : 0;
    for (const read of COLD_READS) {
      const answers = await Promise.all(replicas.map((replica) => post(agent, replica, read.query)));
      if (answers.some((ok) => !ok)) throw new Error(`a wrong answer to ${read.query}`);
    }
    const upstreamCalls = countCalls() - before;
    const degraded = redis ? (await degradedUses(replicas)) - degradedBefore : 0;
    for (const replica of replicas) {
      if (!(await get(agent, replica))) throw new Error('the warm GET failed');
    }
    return { withRedis, replicas, upstreamCalls, degraded, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Both sets of `processes` replicas, alive together; their warm rounds
 * alternate (without, with, without, ...) so that whatever else the machine
 * does weighs on both alike.
 */
async function measure(processes: number): Promise<Row[]> {
  const agent = new Agent({ connections: WARM.clients });
  const sets: ReplicaSet[] = [];
  try {
    for (const withRedis of [false, true]) sets.push(await startSet(processes, withRedis, agent));
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const best = sets.map(() => ({ perSecond: 0, failures: 0 }));
    const rounds = sets.map((): number[] => []);
    for (let round = 0; round < WARM_ROUNDS; round += 1) {
      // Each set goes first every other round: a set that always ran first or second would carry that bias.
      const order = round % 2 === 0 ? [...sets.entries()] : [...sets.entries()].reverse();
      for (const [index, set] of order) {
        let turn = 0;
        const load = await closedLoop({ ...WARM, task: () => get(agent, set.replicas[(turn += 1) % set.replicas.length] as Replica) });
        rounds[index]?.push(load.perSecond);
        if (load.perSecond > (best[index]?.perSecond ?? 0)) best[index] = load;
      }
    }
    return sets.map((set, index) => ({
      processes,
      redis: set.withRedis,
      upstreamCalls: set.upstreamCalls,
      degraded: set.degraded,
      warmPerSecond: best[index]?.perSecond ?? 0,
      warmFailures: best[index]?.failures ?? 0,
      warmRounds: rounds[index] ?? [],
    }));
  } finally {
    for (const set of sets) await set.close();
    await agent.close();
  }
}

function format(rows: readonly Row[]): string {
  const single = rows.find((row) => row.processes === 1 && !row.redis)?.upstreamCalls ?? Number.NaN;
  const lines = [
    '# Replicas sharing one Redis',
    '',
    `\`npm run bench:replicas\`, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}.`,
    `Each gateway is a \`node dist/cli.js\` process on its own port; the emulation, Redis and the load generator share the same machine.`,
    '',
    `Workload: ${COLD_READS.length} objects (datasets, organizations, a dataservice), each asked by POST on every replica at the same moment; then one GraphQL GET spread round-robin over the replicas by ${WARM.clients} clients, ${WARM_ROUNDS} rounds of ${WARM.maxMs / 1000} s after ${SETTLE_MS / 1000} s of settling, the best round kept; both sets of replicas (without and with Redis) run side by side and their rounds alternate.`,
    'Calls are counted at the emulation for the workload\'s objects only (the evaluator and the reachability probe read others). One organization is asked by id and by slug: one process makes one call for both.',
    '',
    `Load average when the report was written: ${os.loadavg().map((value) => value.toFixed(2)).join(', ')} (1, 5, 15 min).`,
    '',
    '| processes | Redis | upstream calls | vs one process | Redis uses fallen back | warm GET req/s (best round) | with Redis vs without | every round, req/s |',
    '|---:|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const row of rows) {
    const without = rows.find((other) => other.processes === row.processes && !other.redis);
    const ratio = row.redis && without ? `${Math.round((row.warmPerSecond / without.warmPerSecond) * 100)} %` : '';
    lines.push(
      `| ${row.processes} | ${row.redis ? 'yes' : 'no'} | ${row.upstreamCalls} | ${Math.round((row.upstreamCalls / single) * 100)} % | ${row.redis ? row.degraded : ''} | ${Math.round(row.warmPerSecond)}${row.warmFailures > 0 ? ` (${row.warmFailures} failed)` : ''} | ${ratio} | ${row.warmRounds.map((rate) => Math.round(rate)).join(', ')} |`,
    );
  }
  const shared = rows.filter((row) => row.redis);
  const callsMet = shared.every((row) => Math.abs(row.upstreamCalls - single) <= single * 0.1);
  const throughputMet = shared.every((row) => {
    const without = rows.find((other) => other.processes === row.processes && !other.redis);
    return without !== undefined && row.warmPerSecond >= without.warmPerSecond * 0.9;
  });
  lines.push(
    '',
    `- Upstream calls with Redis within 10 % of one process: ${callsMet ? 'met' : 'NOT met'}.`,
    `- Warm GET throughput with Redis at least 90 % of without: ${throughputMet ? 'met' : 'NOT met'}.`,
    '- "Redis uses fallen back", during the cold reads: commands that took longer than `REDIS_COMMAND_TIMEOUT_MS` (250 ms) or found Redis away; each sends that replica to its own cache for a second, which can cost an extra upstream call on a loaded machine.',
    '- Warm GETs are answered from each process\'s own response cache: Redis is not asked on that path (rate limiting off, as by default).',
    '- With more processes than cores, processes compete with each other and with the load generator: throughput across rows of different process counts says little on this machine.',
    '',
  );
  return lines.join('\n');
}

async function main(): Promise<number> {
  const rows: Row[] = [];
  for (const processes of PROCESS_COUNTS) {
    progress(`bench:replicas: ${processes} process${processes > 1 ? 'es' : ''}, without and with Redis`);
    for (const row of await measure(processes)) {
      progress(`  ${row.redis ? 'with' : 'without'} Redis: upstream calls ${row.upstreamCalls}, warm GET ${Math.round(row.warmPerSecond)} req/s`);
      rows.push(row);
    }
  }
  const report = format(rows);
  await writeFile(RESULTS, report);
  process.stdout.write(report);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench:replicas failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  },
);
