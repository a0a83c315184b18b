import type { Logger } from 'pino';
import { COMMITMENT_STATES, type Commitment, type CommitmentStatus } from '../commitments/model.js';
import { createUpstreamLoaders } from '../loaders/upstream-loaders.js';
import type { StoreAccess } from '../store/create-store-access.js';
import { digestSnapshot } from '../store/create-verdict-store.js';
import type { RunRecord, RunWrite, VerdictStore } from '../store/verdict-store.js';
import type { CodegouvClient } from '../upstream/codegouv/model.js';
import type { DatagouvClient } from '../upstream/datagouv/datagouv-client.js';
import type { VerdictService } from './create-verdict-service.js';
import { diffEvaluation, toObservationFields, type EvaluationBaseline } from './diff-evaluation.js';
import { runEvaluation } from './evaluate-commitments.js';

export type RunOutcome =
  | { readonly kind: 'RECORDED'; readonly run: RunRecord }
  /** Evaluated, but the store failed: the write waits in the queue. */
  | { readonly kind: 'QUEUED'; readonly queued: number };

export interface EvaluatorStats {
  /** Runs evaluated and waiting for the store. */
  readonly queued: number;
  /** Runs lost because the queue was full. */
  readonly dropped: number;
  /** The last run evaluated: when it finished, whether it was recorded. */
  readonly lastRun: { readonly finishedAt: string; readonly outcome: RunOutcome['kind']; readonly complete: boolean } | null;
}

/**
 * Evaluates every commitment without a visitor and records what changed
 * (ARCHITECTURE's pipeline: lookups -> assign -> judge -> guard -> record).
 * When the store fails, the run's write waits in a bounded queue and is
 * written, oldest first, once it answers again; past the bound the oldest
 * waiting run is dropped, counted and logged.
 */
export interface Evaluator {
  runOnce(): Promise<RunOutcome>;
  stats(): EvaluatorStats;
}

export interface EvaluatorOptions {
  readonly commitments: () => readonly Commitment[];
  readonly datagouv: DatagouvClient;
  /** code.gouv.fr, for source code; without it source code stays UNCHECKED_SOURCE_CODE. */
  readonly codegouv?: CodegouvClient;
  readonly verdicts: VerdictService;
  readonly store: StoreAccess | null;
  readonly now: () => Date;
  readonly logger: Pick<Logger, 'info' | 'warn'>;
  /** Who evaluates (host and pid), recorded with each run. */
  readonly evaluatorId: string;
  /** Brings the commitments up to date before each run (the tracking table's rows); it must not throw. */
  readonly beforeRun?: () => Promise<void>;
  /** Runs kept while the store is down. Default 48 (two days of hourly runs). */
  readonly queueLimit?: number;
}

export function createEvaluator(options: EvaluatorOptions): Evaluator {
  const queue: RunWrite[] = [];
  const queueLimit = options.queueLimit ?? 48;
  let dropped = 0;
  let lastRun: EvaluatorStats['lastRun'] = null;
  // What was last evaluated, for runs made while the store cannot be read.
  let baseline: EvaluationBaseline | null = null;

  const loadBaseline = async (store: VerdictStore): Promise<EvaluationBaseline> => {
    const [observations, snapshots] = await Promise.all([store.latestObservations(), store.latestSnapshots()]);
    return {
      observations: new Map([...observations].map(([key, o]) => [key, toObservationFields(o.verdict, o.held)])),
      snapshots: new Map([...snapshots].map(([key, s]) => [key, { digest: s.digest, snapshot: s.snapshot }])),
    };
  };

  const flush = async (): Promise<RunRecord | null> => {
    let last: RunRecord | null = null;
    while (queue.length > 0 && options.store) {
      const next = queue[0] as RunWrite;
      last = await options.store.use((store) => store.recordRun(next));
      queue.shift();
    }
    return last;
  };

  return {
    async runOnce() {
      await options.beforeRun?.();
      const startedAt = options.now().toISOString();
      const commitments = options.commitments();
      // Another process may have recorded since: start from the store when it answers and nothing of ours waits.
      if (options.store && queue.length === 0) {
        baseline = await options.store.use(loadBaseline).catch(() => baseline);
      }
      const outcome = await runEvaluation({
        commitments,
        loaders: createUpstreamLoaders(options.datagouv, undefined, options.codegouv),
        memory: options.verdicts.memory,
        health: options.verdicts.health,
        now: options.now,
        logger: options.logger,
      });
      const finishedAt = options.now().toISOString();
      const diff = diffEvaluation({
        commitments,
        statuses: outcome.statuses,
        held: outcome.held,
        previous: (key) => outcome.previous.get(key) ?? null,
        baseline: baseline ?? { observations: new Map(), snapshots: new Map() },
        at: finishedAt,
      });
      const counts = Object.fromEntries(COMMITMENT_STATES.map((state) => [state, 0])) as Record<string, number>;
      let complete = true;
      for (const status of outcome.statuses.values()) {
        counts[status.state] = (counts[status.state] ?? 0) + 1;
        if (status.stale || status.state === 'UNVERIFIABLE' || status.state === 'UNCHECKED_SOURCE_CODE') complete = false;
      }
      if (outcome.held.size > 0) complete = false;
      const health = options.verdicts.health.current();
      const write: RunWrite = {
        startedAt,
        finishedAt,
        upstreamState: health.state,
        upstreamReason: health.reason,
        counts,
        complete,
        evaluator: options.evaluatorId,
        // Demo data from either upstream makes the whole run a demo's.
        source: options.datagouv.source() === 'MOCK' || options.codegouv?.source() === 'MOCK' ? 'MOCK' : 'LIVE',
        ...diff,
        current: commitments.flatMap((commitment) => {
          const verdict = outcome.statuses.get(commitment.key);
          return verdict ? [{ commitmentKey: commitment.key, verdict, remembered: options.verdicts.memory.get(commitment.key) }] : [];
        }),
      };
      baseline = advance(baseline, diff, outcome.statuses, outcome.held);

      // Without a store there is nowhere to write: the run is only served.
      if (options.store) queue.push(write);
      if (queue.length > queueLimit) {
        const lost = queue.shift() as RunWrite;
        dropped += 1;
        options.logger.warn({ finishedAt: lost.finishedAt, queueLimit }, 'store of record unavailable too long: the oldest unwritten evaluation run was dropped');
      }
      let result: RunOutcome;
      try {
        const run = options.store ? await flush() : null;
        result = run ? { kind: 'RECORDED', run } : { kind: 'QUEUED', queued: queue.length };
      } catch {
        result = { kind: 'QUEUED', queued: queue.length };
        options.logger.warn({ queued: queue.length }, 'evaluation run kept in memory until the store of record answers');
      }
      lastRun = { finishedAt, outcome: result.kind, complete };
      options.logger.info(
        {
          run: result.kind === 'RECORDED' ? result.run.id : null,
          outcome: result.kind,
          complete,
          durationMs: Date.parse(finishedAt) - Date.parse(startedAt),
          observations: diff.observations.length,
          changes: diff.changes.length,
        },
        'evaluation run finished',
      );
      options.verdicts.adopt({ runId: result.kind === 'RECORDED' ? result.run.id : null, finishedAt, statuses: outcome.statuses });
      return result;
    },
    stats: () => ({ queued: queue.length, dropped, lastRun }),
  };
}

/** The baseline after a run: what it wrote becomes the last observation and snapshot. */
function advance(
  baseline: EvaluationBaseline | null,
  diff: ReturnType<typeof diffEvaluation>,
  statuses: ReadonlyMap<string, CommitmentStatus>,
  held: ReadonlySet<string>,
): EvaluationBaseline {
  const observations = new Map(baseline?.observations ?? []);
  for (const observation of diff.observations) {
    const status = statuses.get(observation.commitmentKey);
    if (status) observations.set(observation.commitmentKey, toObservationFields(status, held.has(observation.commitmentKey)));
  }
  const snapshots = new Map(baseline?.snapshots ?? []);
  for (const snapshot of diff.snapshots) snapshots.set(`${snapshot.kind}:${snapshot.id}`, { digest: digestSnapshot(snapshot), snapshot });
  return { observations, snapshots };
}
