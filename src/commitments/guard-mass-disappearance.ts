import type { CommitmentState, CommitmentStatus } from './model.js';

/**
 * Share of previously found objects that may vanish in one evaluation before
 * the change is held as suspect. A catalogue does not lose a tenth of a
 * government's openings at once; an API root, a proxy or a search index that
 * broke does. transport.data.gouv.fr guards its imports the same way.
 */
export const MASS_DISAPPEARANCE_SHARE = 0.1;

/** Fewer disappearances than this are never held, so one real withdrawal in a short list still shows. */
export const MASS_DISAPPEARANCE_MIN_COUNT = 2;

const FOUND: ReadonlySet<CommitmentState> = new Set([
  'PUBLISHED', 'PUBLISHED_ON_TIME', 'PUBLISHED_LATE', 'PUBLISHED_BEFORE_ANNOUNCEMENT',
]);
const VANISHED: ReadonlySet<CommitmentState> = new Set(['PENDING', 'OVERDUE', 'WITHDRAWN']);

export interface GuardOutcome {
  /** The verdicts to serve: the new ones, or the earlier ones held stale. */
  readonly statuses: ReadonlyMap<string, CommitmentStatus>;
  /** Keys whose new verdict was held back. */
  readonly held: readonly string[];
  /** Previously found objects in this evaluation, and how many vanished. */
  readonly previouslyFound: number;
  readonly vanished: number;
}

/**
 * Holds back a mass disappearance: when more than MASS_DISAPPEARANCE_SHARE of
 * the commitments found before (and at least MASS_DISAPPEARANCE_MIN_COUNT)
 * would turn not found or withdrawn in one evaluation, each of them keeps its
 * earlier verdict, flagged stale with HELD_BY_GUARD evidence. Pure.
 *
 * @param next the verdicts just judged, by commitment key.
 * @param previous the last verdict reached from fresh evidence, by key.
 */
export function guardMassDisappearance(
  next: ReadonlyMap<string, CommitmentStatus>,
  previous: (key: string) => CommitmentStatus | null,
): GuardOutcome {
  const found: string[] = [];
  const vanished: string[] = [];
  for (const [key, status] of next) {
    const before = previous(key);
    if (!before || !FOUND.has(before.state)) continue;
    found.push(key);
    if (VANISHED.has(status.state) && !status.stale) vanished.push(key);
  }
  const suspect = vanished.length >= MASS_DISAPPEARANCE_MIN_COUNT && vanished.length > found.length * MASS_DISAPPEARANCE_SHARE;
  if (!suspect) return { statuses: next, held: [], previouslyFound: found.length, vanished: vanished.length };

  const statuses = new Map(next);
  for (const key of vanished) {
    const before = previous(key) as CommitmentStatus;
    const now = next.get(key) as CommitmentStatus;
    statuses.set(key, {
      ...before,
      stale: true,
      evidence: [
        ...before.evidence.filter((e) => e.kind !== 'HELD_BY_GUARD' && e.kind !== 'STALE_EVIDENCE'),
        {
          kind: 'HELD_BY_GUARD',
          detail: `${vanished.length} des ${found.length} engagements trouvés auparavant disparaîtraient d’un coup (nouveau verdict : ${now.state}) ; un changement de cette ampleur ressemble à une panne de data.gouv.fr, le verdict du ${before.checkedAt ?? '?'} est conservé`,
        },
      ],
    });
  }
  return { statuses, held: vanished, previouslyFound: found.length, vanished: vanished.length };
}
