import cluster, { type Worker } from 'node:cluster';
import { pino, type Logger } from 'pino';

export interface ClusterOptions {
  /**
   * How many processes serve (`WEB_CONCURRENCY`). Read through a function so
   * that a configuration error is left to the worker, which reports it.
   */
  readonly workers: () => number;
  /** The primary's logger. Default: pino at info on stdout. */
  readonly logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Unexpected worker exits tolerated per minute before the primary gives up. Default 5. */
  readonly maxRestartsPerMinute?: number;
}

/** Exit code of a worker whose configuration is invalid: restarting it would fail the same way. */
const CONFIG_ERROR_EXIT = 2;

/**
 * Runs `startWorker` in this process (one worker, the default) or in
 * `workers` processes sharing the listening socket through node:cluster. The
 * primary restarts a worker that dies, passes SIGTERM/SIGINT on to every
 * worker so each finishes its requests, and exits once they all have.
 *
 * Each worker is a whole gateway: its own caches, breaker, politeness budget
 * and verdict memory (see the README on what that means for upstream load).
 */
export async function runCluster(startWorker: () => Promise<void>, options: ClusterOptions): Promise<void> {
  let workers = 1;
  try {
    workers = options.workers();
  } catch {
    // The worker reads the configuration again and says what is wrong with it.
  }
  if (workers <= 1 || !cluster.isPrimary) return startWorker();

  const logger = options.logger ?? pino({ base: { service: 'datagouv-commitments-gateway', role: 'primary' } });
  const maxRestarts = options.maxRestartsPerMinute ?? 5;
  const restarts: number[] = [];
  let stopping = false;
  let exitCode = 0;

  const stopAll = (signal: NodeJS.Signals): void => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
  };

  cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
      return;
    }
    if (code === CONFIG_ERROR_EXIT) {
      exitCode = CONFIG_ERROR_EXIT;
      logger.error({ pid: worker.process.pid }, 'a worker refused its configuration; stopping');
      stopAll('SIGTERM');
      return;
    }
    const now = Date.now();
    restarts.push(now);
    while (restarts.length > 0 && (restarts[0] as number) < now - 60_000) restarts.shift();
    if (restarts.length > maxRestarts) {
      exitCode = 1;
      logger.error({ restarts: restarts.length }, 'workers keep dying; stopping');
      stopAll('SIGTERM');
      return;
    }
    logger.warn({ pid: worker.process.pid, code, signal }, 'worker died; starting another');
    cluster.fork();
  });

  for (let index = 0; index < workers; index += 1) cluster.fork();
  logger.info({ workers }, 'cluster started');
  process.once('SIGTERM', () => stopAll('SIGTERM'));
  process.once('SIGINT', () => stopAll('SIGTERM'));
}
