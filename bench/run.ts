/**
 * `npm run bench [-- --json]`: latency and upstream call counts of the real
 * gateway (real undici client, real sockets) against the data.gouv.fr
 * emulation, all on 127.0.0.1; then the start-up of `npm start` (time to
 * ready, idle and peak RSS, stop on SIGTERM). Bounded in requests and time; exits 1 only when
 * an upstream call-count invariant or an answer is wrong, never for timings.
 */
import os from 'node:os';
import { Agent } from 'undici';
import { startMockUpstream, type MockUpstream } from '../mocks/serve-mock-upstream.js';
import { loadBenchData, type BenchGateway } from './bench-gateway.js';
import { invariants, targets, type BenchResults } from './checks.js';
import { closedLoop } from './measure.js';
import { formatReport } from './report.js';
import { runScenario } from './run-scenario.js';
import { formatStartup, measureStartup } from './startup.js';
import { aliasedDistinctDatasets, aliasedScenario, commitmentsScenario, datasetScenario } from './scenarios.js';

const THROUGHPUT = { clients: 16, maxRequests: 4_000, maxMs: 8_000 } as const;
/** Stops a run that hangs (a bug, not a slow machine) instead of waiting forever. */
const WATCHDOG_MS = 300_000;
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

    progress(`bench: start-up of npm start, ${STARTUP_RUNS} runs`);
    const startup = await measureStartup(['npm', 'start', '--silent'], STARTUP_RUNS);

    const results: BenchResults = {
      dataset: dataset.result,
      commitments: commitments.result,
      aliased: aliased.result,
      aliasedDistinctDatasets,
      throughput,
    };
    const checks = { invariants: invariants(results), targets: targets(results) };
    const ok = checks.invariants.every((check) => check.ok);
    const environment = `node ${process.version}, ${os.cpus().length} CPUs, ${os.platform()} ${os.arch()}`;
    if (asJson) {
      const { firstData: _d, ...datasetJson } = results.dataset;
      const { firstData: _c, ...commitmentsJson } = results.commitments;
      const { firstData: _a, ...aliasedJson } = results.aliased;
      const json = { environment, ok, dataset: datasetJson, commitments: commitmentsJson, aliased: aliasedJson, throughput, startup, ...checks };
      process.stdout.write(`${JSON.stringify(json, roundMs, 2)}\n`);
    } else {
      process.stdout.write(`${formatReport(results, checks, environment)}\n${formatStartup(startup)}`);
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
