import type { CommitmentCandidate, Evidence } from './model.js';
import { compareClaims, isEligible, toObjectKey, type Claim } from './rank-claims.js';
import { isDataservice } from './is-dataservice.js';

/** What one commitment holds once every commitment's claims are settled. */
export interface Assignment {
  /** The claim it keeps; null when it has none (or lost them all). */
  readonly chosen: Claim | null;
  /** Its other claims, best first, each saying which commitment holds the object when another does. */
  readonly others: readonly CommitmentCandidate[];
  /** One CLAIM_CONFLICT per eligible claim lost to a stronger one. */
  readonly conflicts: readonly Evidence[];
}

function toCandidate(claim: Claim, claimedBy: string | null): CommitmentCandidate {
  const { object, score, evidence, origin } = claim;
  return isDataservice(object)
    ? { score, dataset: null, dataservice: object, evidence, origin, claimedBy }
    : { score, dataset: object, dataservice: null, evidence, origin, claimedBy };
}

const ORIGIN_WORDS = { LINK: 'un lien explicite', REMEMBERED: 'une vérification précédente', SEARCH: 'la recherche' } as const;

/**
 * One object, one commitment: settles all commitments' claims at once. The
 * strongest claim on an object keeps it (an explicit link beats an earlier
 * verdict, which beats search; then the higher score; then the smaller key);
 * a commitment that loses its best claim takes its next eligible one, or none,
 * and the conflict is named in its evidence. Greedy over claims sorted by
 * strength, so the result does not depend on the order of `claimsByKey`. Pure.
 *
 * @param claimsByKey each commitment's claims (any order).
 */
export function assignObjects(claimsByKey: ReadonlyMap<string, readonly Claim[]>): Map<string, Assignment> {
  const pool = [...claimsByKey].flatMap(([key, claims]) => claims.filter(isEligible).map((claim) => ({ key, claim })));
  pool.sort((a, b) => compareClaims(a.claim, b.claim) || a.key.localeCompare(b.key));

  const holderOf = new Map<string, { readonly key: string; readonly claim: Claim }>();
  const chosen = new Map<string, Claim>();
  const conflicts = new Map<string, Evidence[]>();
  for (const { key, claim } of pool) {
    if (chosen.has(key)) continue;
    const objectKey = toObjectKey(claim.object);
    const holder = holderOf.get(objectKey);
    if (holder) {
      const title = claim.object.title ?? claim.object.id;
      conflicts.set(key, [
        ...(conflicts.get(key) ?? []),
        {
          kind: 'CLAIM_CONFLICT',
          detail: `« ${title} » (score ${claim.score.toFixed(2)}) revient à ${holder.key}, trouvé par ${ORIGIN_WORDS[holder.claim.origin]} avec un score de ${holder.claim.score.toFixed(2)}`,
          url: claim.object.webUrl,
        },
      ]);
      continue;
    }
    holderOf.set(objectKey, { key, claim });
    chosen.set(key, claim);
  }

  const result = new Map<string, Assignment>();
  for (const [key, claims] of claimsByKey) {
    const kept = chosen.get(key) ?? null;
    const others = [...claims]
      .sort(compareClaims)
      .filter((claim) => claim !== kept)
      .map((claim) => {
        const holder = holderOf.get(toObjectKey(claim.object))?.key ?? null;
        return toCandidate(claim, holder !== key ? holder : null);
      });
    result.set(key, { chosen: kept, others, conflicts: conflicts.get(key) ?? [] });
  }
  return result;
}

/** The assignment of a commitment judged on its own (no competing claims). */
export function assignAlone(key: string, claims: readonly Claim[]): Assignment {
  return assignObjects(new Map([[key, claims]])).get(key) as Assignment;
}
