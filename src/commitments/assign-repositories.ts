import type { Repository } from '../upstream/codegouv/model.js';
import type { ClaimOrigin, Commitment, CommitmentCandidate, Evidence } from './model.js';
import { toComparableUrl } from './parse-repository-url.js';
import { RESOLUTION_THRESHOLD } from './rank-claims.js';
import { scoreRepository } from './score-repository.js';
import type { RepositoryClaim, SourceCodeLookup } from './source-code-lookup.js';

/** What one source-code commitment holds once every commitment's claims on repositories are settled. */
export interface RepositoryAssignment {
  readonly chosen: RepositoryClaim | null;
  /** Its other claims, best first, each saying which commitment holds the repository when another does. */
  readonly others: readonly CommitmentCandidate[];
  readonly conflicts: readonly Evidence[];
}

const ORIGIN_STRENGTH: Readonly<Record<ClaimOrigin, number>> = { LINK: 2, REMEMBERED: 1, SEARCH: 0 };
const ORIGIN_WORDS: Readonly<Record<ClaimOrigin, string>> = { LINK: 'le dépôt indiqué par son dossier', REMEMBERED: 'une vérification précédente', SEARCH: 'la recherche' };

/** One key per repository whatever the spelling of its URL. */
export function toRepositoryKey(repository: Repository): string {
  return toComparableUrl(repository.htmlUrl);
}

/** Stronger first: the record's link, then the repository of an earlier verdict, then search; then score; then URL. */
function compare(a: RepositoryClaim, b: RepositoryClaim): number {
  return ORIGIN_STRENGTH[b.origin] - ORIGIN_STRENGTH[a.origin] || b.score - a.score || toRepositoryKey(a.repository).localeCompare(toRepositoryKey(b.repository));
}

function isEligible(claim: RepositoryClaim): boolean {
  return claim.origin !== 'SEARCH' || claim.score >= RESOLUTION_THRESHOLD;
}

/** The fuller of two copies of one repository: the API's (with dates) beats an inventory row. */
function fuller(a: Repository, b: Repository): Repository {
  return !a.detailed && b.detailed ? b : a;
}

/**
 * Every repository the lookup brought back, scored as a claim of
 * `commitment`, strongest first, one claim per repository. Pure.
 */
export function rankRepositoryClaims(commitment: Commitment, lookup: Extract<SourceCodeLookup, { kind: 'FETCHED' }>): RepositoryClaim[] {
  const byKey = new Map<string, { repository: Repository; origin: ClaimOrigin }>();
  const add = (repository: Repository, origin: ClaimOrigin): void => {
    const key = toRepositoryKey(repository);
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { repository, origin });
    else byKey.set(key, { repository: fuller(seen.repository, repository), origin: ORIGIN_STRENGTH[origin] > ORIGIN_STRENGTH[seen.origin] ? origin : seen.origin });
  };
  for (const read of lookup.linked) if (read.repository) add(read.repository, 'LINK');
  if (lookup.remembered?.repository) add(lookup.remembered.repository, 'REMEMBERED');
  for (const repository of lookup.found) add(repository, 'SEARCH');
  const claims = [...byKey.values()].map(({ repository, origin }) => {
    const { score, evidence } = scoreRepository(commitment, repository);
    const remembered: Evidence[] = origin === 'REMEMBERED'
      ? [{ kind: 'REMEMBERED_OBJECT', detail: `dépôt retenu lors d’une vérification précédente, relu sur code.gouv.fr`, url: repository.htmlUrl }]
      : [];
    // As for data.gouv.fr objects: the repository of an earlier verdict keeps at least the threshold, so a tweak of the weights cannot drop it.
    return { repository, score: origin === 'REMEMBERED' ? Math.max(score, RESOLUTION_THRESHOLD) : score, evidence: [...remembered, ...evidence], origin };
  });
  return claims.sort(compare);
}

function toCandidate(claim: RepositoryClaim, claimedBy: string | null): CommitmentCandidate {
  return { score: claim.score, dataset: null, dataservice: null, repository: claim.repository, evidence: claim.evidence, origin: claim.origin, claimedBy };
}

/**
 * One repository, one commitment: the strongest claim on a repository keeps
 * it (the record's link, then an earlier verdict, then search; then the
 * higher score; then the smaller key); a commitment that loses takes its next
 * eligible claim, or none, with the conflict in its evidence. The same rule
 * as `assignObjects` for data.gouv.fr objects. Pure.
 */
export function assignRepositories(claimsByKey: ReadonlyMap<string, readonly RepositoryClaim[]>): Map<string, RepositoryAssignment> {
  const pool = [...claimsByKey].flatMap(([key, claims]) => claims.filter(isEligible).map((claim) => ({ key, claim })));
  pool.sort((a, b) => compare(a.claim, b.claim) || a.key.localeCompare(b.key));
  const holderOf = new Map<string, { readonly key: string; readonly claim: RepositoryClaim }>();
  const chosen = new Map<string, RepositoryClaim>();
  const conflicts = new Map<string, Evidence[]>();
  for (const { key, claim } of pool) {
    if (chosen.has(key)) continue;
    const repositoryKey = toRepositoryKey(claim.repository);
    const holder = holderOf.get(repositoryKey);
    if (holder) {
      conflicts.set(key, [
        ...(conflicts.get(key) ?? []),
        {
          kind: 'CLAIM_CONFLICT',
          detail: `« ${claim.repository.fullName} » (score ${claim.score.toFixed(2)}) revient à ${holder.key}, trouvé par ${ORIGIN_WORDS[holder.claim.origin]} avec un score de ${holder.claim.score.toFixed(2)}`,
          url: claim.repository.htmlUrl,
        },
      ]);
      continue;
    }
    holderOf.set(repositoryKey, { key, claim });
    chosen.set(key, claim);
  }
  const result = new Map<string, RepositoryAssignment>();
  for (const [key, claims] of claimsByKey) {
    const kept = chosen.get(key) ?? null;
    const others = [...claims]
      .sort(compare)
      .filter((claim) => claim !== kept)
      .map((claim) => {
        const holder = holderOf.get(toRepositoryKey(claim.repository))?.key ?? null;
        return toCandidate(claim, holder !== key ? holder : null);
      });
    result.set(key, { chosen: kept, others, conflicts: conflicts.get(key) ?? [] });
  }
  return result;
}
