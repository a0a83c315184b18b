/**
 * `npm run bench [-- --json] [-- --no-warm]`: latency and upstream call counts
 * of the real gateway (real undici client, real sockets) against the
 * data.gouv.fr emulation, all on 127.0.0.1; the warm reads against the plain
 * node:http limit and the plain yoga baseline (bench/warm-scenarios.ts),
 * written to bench/results/latest.md; the store of record's read and write
 * costs (bench/store.ts, written to bench/results/store.md); then the start-up of `npm start` (time
 * to ready, idle and peak RSS, stop on SIGTERM). Bounded in requests and
 * time; exits 1 only when an upstream call-count invariant or an answer is
 * wrong, never for timings.
 */
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { Agent } from 'undici';
import { startMockUpstream, type MockUpstream } from '../mocks/serve-mock-upstream.js';
import { loadBenchData, type BenchGateway } from './bench-gateway.js';
import { invariants, targets, type BenchResults } from './checks.js';
import { closedLoop } from './measure.js';
import { formatReport } from './report.js';
import { runScenario } from './run-scenario.js';
import { formatStartup, measureStartup } from './startup.js';
import { formatStoreBench, runStoreBench } from './store.js';
import { aliasedDistinctDatasets, aliasedScenario, commitmentsScenario, datasetScenario } from './scenarios.js';
import { runWarmBench } from './warm-scenarios.js';
import { formatWarmMarkdown, writeWarmResults } from './write-results.js';

const THROUGHPUT = { clients: 16, maxRequests: 4_000, maxMs: 8_000 } as const;
/** Warm reads: 6 scenarios × 8 variants × `rounds` runs of `durationSeconds` each, about 4 to 5 minutes in all. */
const WARM = {
  connections: 50,
  durationSeconds: Number(process.env['BENCH_WARM_SECONDS'] ?? 2),
  rounds: 2,
  clusterScenario: 'dashboard (Dashboard.graphql)',
} as const;
const WARM_NOTES = [
  'A POST that carries its document is answered from the response cache like a GET (same key, same ETag, Cache-Control: no-store). ' +
    'An uncached POST is executed; what speeds it up beside plain yoga is the verdicts shared between requests, so operations that ask ' +
    'for verdicts (commitments, scoreboard, dashboard, commitment page) gain, and a dataset or announcement read costs what plain yoga costs.',
  'Where an uncached POST or the peak RSS misses its target, bench/results/post-profile.md (`npx tsx bench/profile-post.ts`) shows why: an unseen ' +
    'document runs the same parse, validation and execution as plain yoga, plus the key and the stored answer.',
  'The machine (2 cores) may be shared with other work while the bench runs; each variant keeps its best round.',
  'A p99 target cannot be met where the plain node:http server, sending the same bytes on the same machine, is itself above it.',
];
/** Stops a run that hangs (a bug, not a slow machine) instead of waiting forever. */
const WATCHDOG_MS = 600_000;
/** Start-ups measured per command (spawn to /ready, idle and peak RSS, SIGTERM to exit). */
const STARTUP_RUNS = 5;

const asJson = process.argv.includes('--json');
/** Microseconds are noise at this scale. */
const roundMs = (_key: string, value: unknown): unknown =>
  typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value;
const progress = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

async function main(): Promise<number> {
  const watchdog = setTimeout(() => {
    process.stderr.write(`bench: still running after ${WATCHDOG_MS / 1000} s, giving up\n`);
    process.exit(2);
  }, WATCHDOG_MS);
  watchdog.unref();

  const data = await loadBenchData();
  const upstream: MockUpstream = await startMockUpstream({ port: 0 });
  const client = new Agent({ connections: 1 });
  const loadClient = new Agent({ connections: THROUGHPUT.clients });
  const open: BenchGateway[] = [];
  try {
    progress(`bench: emulated data.gouv.fr on ${upstream.url}`);
    progress(`bench: ${datasetScenario.name}`);
    const dataset = await runScenario(datasetScenario, upstream, data, client);
    open.push(dataset.gateway);

    progress(`bench: throughput, ${THROUGHPUT.clients} clients, at most ${THROUGHPUT.maxRequests} requests or ${THROUGHPUT.maxMs / 1000} s`);
    upstream.resetCalls();
    const load = await closedLoop({
      ...THROUGHPUT,
      task: async () => {
        const answer = await dataset.gateway.post(datasetScenario.query, loadClient);
        return answer.status === 200 && answer.body.errors === undefined && answer.body.data?.['dataset'] != null;
      },
    });
    const throughput = { ...load, clients: THROUGHPUT.clients, upstreamCalls: upstream.calls.length };
    await dataset.gateway.close();
    open.pop();

    progress(`bench: ${commitmentsScenario.name}`);
    const commitments = await runScenario(commitmentsScenario, upstream, data, client);
    await commitments.gateway.close();

    progress(`bench: ${aliasedScenario.name}`);
    const aliased = await runScenario(aliasedScenario, upstream, data, client);
    await aliased.gateway.close();

    progress('bench: store of record (history reads, one run\'s writes)');
    const store = await runStoreBench();
    const storeFile = new URL('./results/store.md', import.meta.url);
    // Sections written by hand after the measured ones (measurements made with other commands) are kept.
    const handWritten = (await readFile(storeFile, 'utf8').catch(() => '')).split(/^(?=## )/m).slice(1).join('');
    await writeFile(
      storeFile,
      `# Store of record (${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${os.cpus().length} CPUs)\n\n${formatStoreBench(store).replace(/^## Store of record\n\n/, '')}${handWritten ? `\n${handWritten}` : ''}`,
    );

    progress(`bench: start-up of npm start, ${STARTUP_RUNS} runs`);
    const startup = await measureStartup(['npm', 'start', '--silent'], STARTUP_RUNS);

    const results: BenchResults = {
      dataset: dataset.result,
      commitments: commitments.result,
      aliased: aliased.result,
      aliasedDistinctDatasets,
      throughput,
    };
    let warmMarkdown = '';
    if (!process.argv.includes('--no-warm')) {
      progress(`bench: warm reads, ${WARM.connections} connections, ${WARM.durationSeconds} s per run`);
      warmMarkdown = formatWarmMarkdown(await runWarmBench({ ...WARM, progress }), WARM_NOTES);
      await writeWarmResults(warmMarkdown);
      progress('bench: wrote bench/results/latest.md');
    }

    const checks = { invariants: invariants(results), targets: targets(results) };
    const ok = checks.invariants.every((check) => check.ok);
    const environment = `node ${process.version}, ${os.cpus().length} CPUs, ${os.platform()} ${os.arch()}`;
    if (asJson) {
      const { firstData: _d, ...datasetJson } = results.dataset;
      const { firstData: _c, ...commitmentsJson } = results.commitments;
      const { firstData: _a, ...aliasedJson } = results.aliased;
      const json = { environment, ok, dataset: datasetJson, commitments: commitmentsJson, aliased: aliasedJson, throughput, startup, store, ...checks };
      process.stdout.write(`${JSON.stringify(json, roundMs, 2)}\n`);
    } else {
      process.stdout.write(`${formatReport(results, checks, environment)}\n${formatStartup(startup)}\n${formatStoreBench(store)}`);
      if (warmMarkdown !== '') process.stdout.write(`\n${warmMarkdown}`);
    }
    return ok ? 0 : 1;
  } finally {
    await Promise.allSettled(open.map((gateway) => gateway.close()));
    await Promise.allSettled([client.close(), loadClient.close()]);
    await upstream.close();
    clearTimeout(watchdog);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
