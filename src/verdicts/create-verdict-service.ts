import type { Logger } from 'pino';
import type { Commitment, CommitmentStatus } from '../commitments/model.js';
import { nextParisMidnight } from '../commitments/next-paris-midnight.js';
import { toParisDay } from '../commitments/to-paris-day.js';
import type { UpstreamLoaders } from '../loaders/upstream-loaders.js';
import { createSharedEvaluation, type EvaluationReads, type SharedEvaluation } from './create-shared-evaluation.js';
import { evaluateCommitments, type EvaluationDependencies } from './evaluate-commitments.js';
import { createUpstreamHealth, type UpstreamHealth } from './upstream-health.js';
import { createVerdictMemory, type VerdictMemory } from './verdict-memory.js';

/** The verdicts of one complete evaluation run, as requests read them. */
export interface RecordedVerdicts {
  /** The run's id in the store; null when it is not (yet) written there. */
  readonly runId: number | null;
  /** When the run finished, ISO-8601. */
  readonly finishedAt: string;
  readonly statuses: ReadonlyMap<string, CommitmentStatus>;
}

/**
 * Where a request's verdicts come from. Once the evaluator has recorded a
 * run that is still fresh (younger than `recordedMaxAgeMs`, same Paris day),
 * every request reads it and none judges anything; before that, or when the
 * evaluator has fallen behind, a request judges every commitment itself, as
 * the gateway always did (reusing a shared evaluation while its sources are
 * fresh). Process-wide: the memory and health outlive requests.
 */
export interface VerdictService {
  readonly memory: VerdictMemory;
  readonly health: UpstreamHealth;
  /** Every commitment's verdict for one request. */
  forRequest(loaders: UpstreamLoaders, reads?: EvaluationReads): Promise<ReadonlyMap<string, CommitmentStatus>>;
  /** Makes a run's verdicts what requests read; `onAdopt` listeners are told. */
  adopt(recorded: RecordedVerdicts): void;
  /** The run requests read, if any. */
  recorded(): RecordedVerdicts | null;
  /** Forgets kept and recorded verdicts: the records were reloaded. */
  invalidate(): void;
}

export interface VerdictServiceOptions {
  readonly commitments: () => readonly Commitment[];
  readonly now: () => Date;
  /** The upstream client's clock, in which `EvaluationReads` deadlines are counted. */
  readonly upstreamNow: () => number;
  /** Reuse an evaluation between requests while its sources are fresh. Default true. */
  readonly shareEvaluations?: boolean;
  /**
   * How long a recorded run is served as current, in ms (two evaluation
   * intervals: the next run is due after half of it); null: never (no evaluator).
   */
  readonly recordedMaxAgeMs: number | null;
  readonly logger?: Pick<Logger, 'warn'>;
  /** Called when a new run is adopted: answers cached from the previous one are now wrong. */
  readonly onAdopt?: () => void;
}

export function createVerdictService(options: VerdictServiceOptions): VerdictService {
  const memory = createVerdictMemory();
  const health = createUpstreamHealth();
  const shared: SharedEvaluation | null =
    options.shareEvaluations === false ? null : createSharedEvaluation({ upstreamNow: options.upstreamNow, now: options.now });
  let recorded: RecordedVerdicts | null = null;

  /** How much longer the recorded run may be served, in ms; 0 when it may not. */
  const recordedLifetime = (): number => {
    if (recorded === null || options.recordedMaxAgeMs === null) return 0;
    const now = options.now();
    const finishedAt = Date.parse(recorded.finishedAt);
    if (toParisDay(recorded.finishedAt) !== toParisDay(now)) return 0;
    return Math.max(0, Math.min(finishedAt + options.recordedMaxAgeMs, nextParisMidnight(now)) - now.getTime());
  };

  return {
    memory,
    health,
    async forRequest(loaders, reads) {
      const lifetime = recordedLifetime();
      // A run recorded before the tracking table's rows joined the commitments has no verdict on them: judge instead.
      if (recorded !== null && lifetime > 0 && coversAll(recorded.statuses, options.commitments())) {
        // Answers built on it are kept until the next run is due (half its serving time), not for all of it.
        const untilNextRun = Date.parse(recorded.finishedAt) + (options.recordedMaxAgeMs ?? 0) / 2 - options.now().getTime();
        reads?.noteFreshUntil(options.upstreamNow() + Math.max(0, Math.min(lifetime, untilNextRun)));
        return recorded.statuses;
      }
      const deps: EvaluationDependencies = {
        commitments: options.commitments(),
        loaders,
        memory,
        health,
        now: options.now,
        ...(options.logger ? { logger: options.logger } : {}),
      };
      return shared && reads ? shared.evaluate(deps, reads) : evaluateCommitments(deps);
    },
    adopt(next) {
      if (recorded !== null && next.runId !== null && recorded.runId === next.runId) return;
      recorded = next;
      options.onAdopt?.();
    },
    recorded: () => recorded,
    invalidate() {
      recorded = null;
      shared?.invalidate();
    },
  };
}

/** True when a recorded run has a verdict on every commitment listed now. */
function coversAll(statuses: ReadonlyMap<string, CommitmentStatus>, commitments: readonly Commitment[]): boolean {
  return commitments.every((commitment) => statuses.has(commitment.key));
}
