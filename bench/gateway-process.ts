/**
 * One gateway in a process of its own, as it runs in production, so that its
 * memory is its own and it has a core to itself; with `workers` > 1, that many
 * processes behind runCluster (WEB_CONCURRENCY). Started by `fork` with the
 * settings as JSON in argv[2]; says `{ origin }` once listening, answers
 * `'usage'` with its peak RSS and closes on `'close'`.
 */
import cluster from 'node:cluster';
import { runCluster } from '../src/server/run-cluster.js';
import { loadBenchData, startBenchGateway } from './bench-gateway.js';

export interface GatewayProcessSettings {
  readonly upstreamUrl: string;
  readonly fastPaths: boolean;
  /** Processes sharing the port. Default 1. */
  readonly workers?: number;
}

export type GatewayProcessMessage = { readonly origin: string } | { readonly peakRssMb: number };

const settings = JSON.parse(process.argv[2] ?? '{}') as GatewayProcessSettings;
const workers = settings.workers ?? 1;
const send = (message: GatewayProcessMessage): void => {
  process.send?.(message);
};
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

if (workers > 1 && cluster.isPrimary) {
  // The primary only hands out connections: it speaks for the cluster once every worker listens.
  let listening = 0;
  cluster.on('listening', (_worker, address) => {
    listening += 1;
    if (listening === workers) send({ origin: `http://127.0.0.1:${address.port}` });
  });
  process.on('message', (message: unknown) => {
    if (message === 'usage') send({ peakRssMb: Number.NaN });
    if (message === 'close') process.kill(process.pid, 'SIGTERM');
  });
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

await runCluster(
  async () => {
    // Workers of a cluster listen on port 0 too: node:cluster gives them one shared port.
    const gateway = await startBenchGateway(settings.upstreamUrl, await loadBenchData(), { fastPaths: settings.fastPaths });
    if (workers > 1) return;
    process.on('message', (message: unknown) => {
      if (message === 'usage') send({ peakRssMb: process.resourceUsage().maxRSS / 1024 });
      if (message === 'close') void gateway.close().finally(() => process.exit(0));
    });
    // The parent going away must not leave a server behind.
    process.on('disconnect', () => process.exit(0));
    send({ origin: gateway.origin });
  },
  { workers: () => workers, logger: quiet },
);
