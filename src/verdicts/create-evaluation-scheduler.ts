import type { Logger } from 'pino';
import type { StoreAccess } from '../store/create-store-access.js';
import type { VerdictService } from './create-verdict-service.js';
import type { Evaluator } from './create-evaluator.js';

/** The lease that lets one process evaluate at a time. */
export const EVALUATOR_LEASE = 'evaluator';

export interface EvaluationSchedulerOptions {
  readonly evaluator: Evaluator;
  readonly verdicts: VerdictService;
  readonly store: StoreAccess | null;
  /** Between two runs, in ms, before jitter. */
  readonly intervalMs: number;
  /** Share of the interval added or removed at random, so replicas do not tick together. Default 0.1. */
  readonly jitter?: number;
  /** How often a process that does not evaluate looks for a newer run, in ms. Default min(30 s, interval). */
  readonly followMs?: number;
  /** `LIVE` or `MOCK`: only runs recorded from the same source are adopted. */
  readonly source: () => string;
  /** Who holds the lease (host and pid). */
  readonly holder: string;
  readonly now: () => Date;
  readonly logger: Pick<Logger, 'info' | 'warn'>;
  readonly random?: () => number;
}

export interface EvaluationScheduler {
  /**
   * Restores the recorded verdicts and memory, then evaluates once `firstRunAfter`
   * settles (at once by default) if no fresh run exists, and every interval after.
   */
  start(firstRunAfter?: Promise<unknown>): Promise<void>;
  /** One tick: evaluate if due and the lease is ours, else follow the recorded runs. Resolves with what it did. */
  tick(): Promise<'EVALUATED' | 'FOLLOWED' | 'NOT_DUE' | 'LEASE_HELD'>;
  stop(): Promise<void>;
}

/**
 * Runs the evaluator every interval (jittered). With a shared store, a run is
 * due only when the latest recorded one is older than 90 % of the interval,
 * and a process evaluates only while it holds the lease, checked again once
 * taken: so however many processes tick, one evaluates per interval, and the
 * others read its run.
 */
export function createEvaluationScheduler(options: EvaluationSchedulerOptions): EvaluationScheduler {
  const random = options.random ?? Math.random;
  const jitter = options.jitter ?? 0.1;
  const followMs = options.followMs ?? Math.min(30_000, options.intervalMs);
  // Longer than any run, so a crashed evaluator's lease frees itself.
  const leaseMs = Math.max(60_000, options.intervalMs);
  let timer: NodeJS.Timeout | undefined;
  let follower: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | null = null;
  let stopped = false;

  const follow = async (): Promise<boolean> => {
    if (!options.store) return false;
    // The run's id first: the verdicts themselves are read only when there is a newer run to adopt.
    const latest = await options.store.use((store) => store.latestRun());
    if (latest === null || latest.id === options.verdicts.recorded()?.runId || latest.source !== options.source()) return false;
    const current = await options.store.use((store) => store.currentVerdicts());
    // A demo's runs (the emulation) are never served by a gateway reading the live API, nor the reverse.
    if (current === null || current.run.source !== options.source()) return false;
    const adopted = options.verdicts.recorded();
    if (adopted?.runId === current.run.id) return false;
    if (adopted && Date.parse(adopted.finishedAt) > Date.parse(current.run.finishedAt)) return false;
    options.verdicts.memory.restore(current.remembered);
    options.verdicts.adopt({ runId: current.run.id, finishedAt: current.run.finishedAt, statuses: current.verdicts });
    return true;
  };

  const isDue = async (): Promise<boolean> => {
    if (!options.store) return true;
    const latest = await options.store.use((store) => store.latestRun()).catch(() => null);
    return latest === null || options.now().getTime() - Date.parse(latest.finishedAt) >= options.intervalMs * 0.9;
  };

  const tick = async (): Promise<'EVALUATED' | 'FOLLOWED' | 'NOT_DUE' | 'LEASE_HELD'> => {
    if (!(await isDue())) return (await follow().catch(() => false)) ? 'FOLLOWED' : 'NOT_DUE';
    const store = options.store;
    if (store && store.status().state === 'AVAILABLE') {
      const mine = await store.use((s) => s.acquireLease(EVALUATOR_LEASE, options.holder, options.now(), leaseMs)).catch(() => false);
      if (!mine) return (await follow().catch(() => false)) ? 'FOLLOWED' : 'LEASE_HELD';
      try {
        // Another process may have finished a run between our look and our lease.
        if (!(await isDue())) return (await follow().catch(() => false)) ? 'FOLLOWED' : 'NOT_DUE';
        await options.evaluator.runOnce();
      } finally {
        await store.use((s) => s.releaseLease(EVALUATOR_LEASE, options.holder)).catch(() => undefined);
      }
      return 'EVALUATED';
    }
    // No store, or none reachable: this process evaluates for itself and queues its runs.
    await options.evaluator.runOnce();
    return 'EVALUATED';
  };

  const guarded = (): Promise<unknown> => {
    running ??= tick()
      .catch((error: unknown) => options.logger.warn({ err: error }, 'evaluation run failed; the next one is scheduled'))
      .finally(() => {
        running = null;
      });
    return running;
  };

  const schedule = (): void => {
    if (stopped) return;
    const delay = options.intervalMs * (1 + jitter * (2 * random() - 1));
    timer = setTimeout(() => void guarded().then(schedule), Math.max(1, delay));
    timer.unref();
  };

  return {
    async start(firstRunAfter = Promise.resolve()) {
      await follow().catch(() => false);
      void firstRunAfter.catch(() => undefined).then(() => (stopped ? undefined : guarded().then(schedule)));
      if (options.store) {
        follower = setInterval(() => {
          if (running === null) void follow().catch(() => false);
        }, followMs);
        follower.unref();
      }
    },
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearInterval(follower);
      await running;
    },
  };
}
