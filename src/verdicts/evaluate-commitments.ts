import type { Logger } from 'pino';
import { assignObjects } from '../commitments/assign-objects.js';
import { guardMassDisappearance } from '../commitments/guard-mass-disappearance.js';
import type { Commitment, CommitmentLookup, CommitmentStatus } from '../commitments/model.js';
import { rankClaims, type Claim } from '../commitments/rank-claims.js';
import { resolveCommitmentStatus } from '../commitments/resolve-commitment-status.js';
import { isGatewayError } from '../errors/gateway-error.js';
import type { UpstreamLoaders } from '../loaders/upstream-loaders.js';
import { evaluateSourceCode } from './evaluate-source-code.js';
import { fetchCommitmentLookup, type RememberedObject } from './fetch-commitment-lookup.js';
import type { UpstreamHealth } from './upstream-health.js';
import type { VerdictMemory } from './verdict-memory.js';

export interface EvaluationDependencies {
  readonly commitments: readonly Commitment[];
  readonly loaders: UpstreamLoaders;
  readonly memory: VerdictMemory;
  readonly health: UpstreamHealth;
  readonly now: () => Date;
  readonly logger?: Pick<Logger, 'warn'>;
}

function rememberedObject(previous: CommitmentStatus | null): RememberedObject | null {
  if (previous?.dataset) return { collection: 'datasets', id: previous.dataset.id, title: previous.dataset.title };
  if (previous?.dataservice) return { collection: 'dataservices', id: previous.dataservice.id, title: previous.dataservice.title };
  return null;
}

/** Whether a lookup rests on a 404 for something that should exist: a record's link or an object seen before. */
function hasSuspectNotFound(lookup: CommitmentLookup): boolean {
  return lookup.kind === 'FETCHED' && (lookup.linked.some((read) => read.object === null) || lookup.remembered?.object === null);
}

/**
 * Judges every commitment at once (ARCHITECTURE's verdict pipeline):
 * lookups (batched I/O) -> upstream check -> global assignment (one object,
 * one commitment) -> per-commitment judgement -> mass-disappearance guard ->
 * memory. A commitment's verdict depends on the others' claims, so even one
 * commitment asked costs the evaluation of all (upstream reads are cached).
 *
 * A 404 for a record's link or for an object seen before is only believed when
 * data.gouv.fr's own site endpoint answers (the canary); otherwise those
 * lookups count as upstream failures and earlier verdicts are served stale.
 */
export async function evaluateCommitments(deps: EvaluationDependencies): Promise<Map<string, CommitmentStatus>> {
  return new Map((await runEvaluation(deps)).statuses);
}

/** What one evaluation concluded, with what the recorder needs to tell changes from outages. */
export interface EvaluationOutcome {
  readonly statuses: ReadonlyMap<string, CommitmentStatus>;
  /** Keys whose new verdict the mass-disappearance guard held back. */
  readonly held: ReadonlySet<string>;
  /** The verdict memory as it was before this evaluation, by key. */
  readonly previous: ReadonlyMap<string, CommitmentStatus>;
}

/** `evaluateCommitments`, with the guard's decisions and the memory it started from. */
export async function runEvaluation(deps: EvaluationDependencies): Promise<EvaluationOutcome> {
  const { commitments, memory } = deps;
  const previous = new Map<string, CommitmentStatus>();
  for (const commitment of commitments) {
    const remembered = memory.get(commitment.key);
    if (remembered) previous.set(commitment.key, remembered);
  }
  // Source code is judged against code.gouv.fr, alongside, and joins the others after the data.gouv.fr guard.
  const sourceCode = evaluateSourceCode({ commitments, memory, now: deps.now, ...(deps.loaders.codegouv ? { loaders: deps.loaders.codegouv } : {}) });
  let lookups = await Promise.all(
    commitments.map((commitment) => fetchCommitmentLookup(commitment, {
      loaders: deps.loaders,
      remembered: rememberedObject(memory.get(commitment.key)),
    })),
  );

  const now = deps.now();
  if (lookups.some(hasSuspectNotFound)) {
    const canary = await deps.loaders.site().then(() => null, (error: unknown) => error);
    if (canary !== null) {
      const code = isGatewayError(canary) ? canary.code : 'UPSTREAM_UNAVAILABLE';
      const failed: CommitmentLookup = {
        kind: 'UPSTREAM_FAILED',
        error: { code: 'UPSTREAM_UNUSABLE', message: `objects answer 404 while data.gouv.fr's site endpoint fails (${code})` },
      };
      lookups = lookups.map((lookup) => (hasSuspectNotFound(lookup) ? failed : lookup));
    }
  }
  const looked = lookups.filter((lookup) => lookup.kind !== 'NOT_APPLICABLE');
  const firstFailure = looked.find((lookup) => lookup.kind === 'UPSTREAM_FAILED');
  if (looked.length > 0 && looked.every((lookup) => lookup.kind === 'UPSTREAM_FAILED') && firstFailure?.kind === 'UPSTREAM_FAILED') {
    deps.health.report('UNUSABLE', `${firstFailure.error.code}: ${firstFailure.error.message}`, now);
  } else if (looked.some((lookup) => lookup.kind === 'FETCHED')) {
    deps.health.report('USABLE', null, now);
  }

  const claims = new Map<string, readonly Claim[]>();
  commitments.forEach((commitment, index) => {
    const lookup = lookups[index];
    if (lookup?.kind === 'FETCHED') claims.set(commitment.key, rankClaims(commitment, lookup));
  });
  const assignments = assignObjects(claims);

  const judged = new Map<string, CommitmentStatus>();
  commitments.forEach((commitment, index) => {
    // Judged against code.gouv.fr; kept out of the data.gouv.fr guard's counts.
    if (commitment.kind === 'SOURCE_CODE') return;
    const lookup = lookups[index] as CommitmentLookup;
    const assignment = assignments.get(commitment.key);
    judged.set(commitment.key, resolveCommitmentStatus({
      commitment,
      now,
      lookup,
      previous: memory.get(commitment.key),
      ...(assignment ? { assignment } : {}),
    }));
  });

  const guarded = guardMassDisappearance(judged, (key) => memory.get(key));
  if (guarded.held.length > 0) {
    deps.logger?.warn(
      { held: guarded.held, vanished: guarded.vanished, previouslyFound: guarded.previouslyFound },
      'too many previously found commitments vanished at once; earlier verdicts kept, flagged stale',
    );
    deps.health.report('UNUSABLE', `${guarded.vanished} of ${guarded.previouslyFound} previously found objects vanished at once`, now);
  }
  const held = new Set(guarded.held);
  const statuses = new Map(guarded.statuses);
  for (const [key, status] of await sourceCode) statuses.set(key, status);
  for (const [key, status] of statuses) {
    if (!held.has(key)) memory.remember(key, status);
  }
  return { statuses, held, previous };
}
