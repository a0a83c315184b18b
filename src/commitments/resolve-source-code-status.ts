import type { Repository } from '../upstream/codegouv/model.js';
import { assignRepositories, rankRepositoryClaims, type RepositoryAssignment } from './assign-repositories.js';
import type { Commitment, CommitmentCandidate, CommitmentState, CommitmentStatus, Evidence, FirstPublication, SearchMade } from './model.js';
import { RESOLUTION_THRESHOLD } from './rank-claims.js';
import { ABSENCE_CONFIDENCE, deadlineEvidence, MAX_LISTED_CANDIDATES, publicationState, RECORD_ONLY_CONFIDENCE, resolveDeadline } from './resolve-commitment-status.js';
import type { SourceCodeLookup } from './source-code-lookup.js';
import { diffDays, toParisDay } from './to-paris-day.js';
import { blankStatus, judgementDay, staleEvidence, withdrawnSinceSeen, type VerdictContext as Context } from './verdict-context.js';

/** Whose failure makes this rule's evidence stale. */
const UPSTREAM = 'code.gouv.fr';

/*
 * The state machine of a source-code commitment, judged against code.gouv.fr
 * (the data.gouv.fr one is in resolve-commitment-status.ts; shared rules are
 * reused from there):
 *
 * 1. The inventory could not be read: the last verdict, flagged stale; without
 *    one, UNCHECKED_SOURCE_CODE saying why. Never OVERDUE: absence from a list
 *    we could not read proves nothing. Any other code.gouv.fr failure: the last
 *    verdict, flagged stale, or UNVERIFIABLE.
 * 2. The repository is the one the assignment (`assignRepositories`) gave the
 *    commitment: the record's repository URL, the repository of its last
 *    verdict, or its best search hit scoring at least RESOLUTION_THRESHOLD.
 * 3. First publication is the earliest of the record's sourced listings
 *    (exact) and the repository's creation on its forge, an upper bound
 *    ("dépôt créé le …", `exact: false`): a repository can be re-imported
 *    after an earlier opening, so a creation after the deadline does not
 *    prove lateness (PUBLISHED). An archived repository is still published.
 * 4. The repository of the last verdict gone from the inventory and answering
 *    the API's own 404: WITHDRAWN.
 * 5. Nothing found: judged on the record's sourced listing when it has one;
 *    otherwise OVERDUE after the deadline, PENDING before it, with the searches
 *    made, the accounts examined and the near misses as evidence.
 */

export interface ResolveSourceCodeStatusInput {
  readonly commitment: Commitment;
  readonly now: Date;
  readonly lookup: SourceCodeLookup;
  /** What the commitment holds after all source-code commitments' claims were settled; when absent, it is judged alone. */
  readonly assignment?: RepositoryAssignment;
  /** Last verdict for this commitment, kept through upstream outages. */
  readonly previous?: CommitmentStatus | null;
}

/** A source-code verdict with nothing resolved yet: no repository, the record's repository URL. */
function blank(state: CommitmentState, context: Context): CommitmentStatus {
  return { ...blankStatus(state, context), repository: null, repositoryUrl: context.commitment.hints.repositoryUrl };
}

function searchEvidence(searches: readonly SearchMade[], inventorySize: number): Evidence[] {
  return searches.map((search) => ({
    kind: 'SEARCH_MADE' as const,
    detail: `recherche « ${search.query} » parmi les ${inventorySize} dépôts de l’inventaire de code.gouv.fr : ${search.total} résultat${search.total > 1 ? 's' : ''}, ${search.examined} examiné${search.examined > 1 ? 's' : ''}`,
  }));
}

function nearMissEvidence(candidates: readonly CommitmentCandidate[]): Evidence[] {
  return candidates.slice(0, 3).flatMap((candidate) => {
    const repository = candidate.repository;
    if (!repository) return [];
    return [{
      kind: 'NEAR_MISS' as const,
      detail: `le plus proche : « ${repository.fullName} », score ${candidate.score.toFixed(2)} (seuil ${RESOLUTION_THRESHOLD})${candidate.claimedBy ? `, attribué à ${candidate.claimedBy}` : ''}`,
      url: repository.htmlUrl,
    }];
  });
}

/** The record's sourced listings and the repository's creation, earliest first (exact before a bound on the same day). */
function resolveFirstPublication(commitment: Commitment, repository: Repository | null): FirstPublication | null {
  const candidates: FirstPublication[] = [];
  for (const listing of commitment.firstListed) {
    const day = toParisDay(listing.on);
    if (day !== null) candidates.push({ at: listing.on, day, source: 'RECORD', url: listing.source, exact: true });
  }
  const created = toParisDay(repository?.createdAt ?? null);
  if (repository?.createdAt && created !== null) {
    candidates.push({ at: repository.createdAt, day: created, source: 'REPOSITORY_CREATED', url: repository.htmlUrl, exact: false });
  }
  const rank = (evidence: FirstPublication): string => `${evidence.day}${evidence.exact ? 0 : 1}`;
  return candidates.reduce<FirstPublication | null>((best, next) => (best === null || rank(next) < rank(best) ? next : best), null);
}

function firstPublicationEvidence(commitment: Commitment, first: FirstPublication): Evidence {
  if (first.source === 'REPOSITORY_CREATED') {
    return {
      kind: 'FIRST_PUBLICATION',
      detail: `dépôt créé le ${first.day} (heure de Paris) : la date de création sur sa forge, une borne haute (un dépôt peut avoir été ouvert avant d’être réimporté) ; elle peut montrer un engagement tenu, jamais un retard`,
      url: first.url,
    };
  }
  const listing = commitment.firstListed.find((l) => l.on === first.day);
  return { kind: 'RECORD_FIRST_LISTING', detail: `première publication le ${first.day} : première mention sourcée dans le dossier${listing ? ` (${listing.where})` : ''}`, url: first.url };
}

/** Why a repository's creation date cannot show lateness, in French. */
function repositoryDateOnly(first: FirstPublication, deadline: string): Evidence {
  return {
    kind: 'REPOSITORY_DATE_ONLY',
    detail: `seule date connue : la création du dépôt le ${first.day}, après l’échéance du ${deadline} ; un dépôt peut être réimporté après une première ouverture : retard non établi`,
    url: first.url,
  };
}

/** The state a first publication gives: the rule of datasets and APIs, with a repository's creation as the upper bound. */
function sourceCodePublicationState(commitment: Commitment, first: FirstPublication) {
  return publicationState(commitment, first, repositoryDateOnly);
}

function resolved(repository: Repository, context: Context): CommitmentStatus {
  const judged: Context = { ...context, stale: context.stale || repository.stale, checkedAt: repository.fetchedAt };
  const kept: Evidence[] = [...context.evidence];
  if (repository.archived === true) {
    kept.push({ kind: 'ARCHIVED', detail: 'dépôt archivé sur sa forge : il reste public, le code est toujours publié', url: repository.htmlUrl });
  }
  const first = resolveFirstPublication(context.commitment, repository);
  const base = (state: CommitmentState, evidence: readonly Evidence[]): CommitmentStatus => ({
    ...blank(state, { ...judged, evidence: [...evidence, ...staleEvidence(judged, UPSTREAM)] }),
    repository,
    firstPublishedAt: first?.at ?? null,
    firstPublication: first,
  });
  if (!first) {
    return base('PUBLISHED', [...kept, { kind: 'NO_PUBLICATION_DATE', detail: 'code.gouv.fr ne donne pas la date de création de ce dépôt', url: repository.htmlUrl }]);
  }
  const state = sourceCodePublicationState(context.commitment, first);
  return { ...base(state.state, [...kept, firstPublicationEvidence(context.commitment, first), ...state.evidence]), daysLate: state.daysLate };
}

/** The repository of the last verdict is gone from the inventory and the API answers its own 404. */
function gone(previous: CommitmentStatus, context: Context): CommitmentStatus {
  const repository = previous.repository ?? null;
  return withdrawnSinceSeen(previous, context, {
    kind: 'GONE',
    detail: `le dépôt retenu lors de la vérification du ${previous.checkedAt ?? '?'} (« ${repository?.fullName ?? '?'} ») a quitté l’inventaire de code.gouv.fr et son API répond qu’il n’existe plus (404)`,
    url: repository?.htmlUrl ?? null,
  }, UPSTREAM, ABSENCE_CONFIDENCE);
}

function notFound(context: Context, inventorySize: number): CommitmentStatus {
  const listing = context.commitment.firstListed[0];
  if (listing) {
    const first = resolveFirstPublication(context.commitment, null) as FirstPublication;
    const judged = sourceCodePublicationState(context.commitment, first);
    const evidence = [
      ...context.evidence,
      { kind: 'NOT_IN_CATALOGUE' as const, detail: 'introuvable aujourd’hui dans l’inventaire de code.gouv.fr ; le verdict repose sur la date sourcée du dossier' },
      ...searchEvidence(context.searches, inventorySize),
      firstPublicationEvidence(context.commitment, first),
      ...judged.evidence,
      ...staleEvidence(context, UPSTREAM),
    ];
    return {
      ...blank(judged.state, { ...context, evidence, confidence: RECORD_ONLY_CONFIDENCE }),
      firstPublishedAt: first.at,
      firstPublication: first,
      daysLate: judged.daysLate,
    };
  }
  const deadline = resolveDeadline(context.commitment);
  const day = judgementDay(context);
  const evidence = [
    ...context.evidence,
    ...searchEvidence(context.searches, inventorySize),
    ...nearMissEvidence(context.candidates),
    ...deadlineEvidence(context.commitment),
    ...staleEvidence(context, UPSTREAM),
  ];
  if (deadline && day > deadline) return { ...blank('OVERDUE', { ...context, evidence }), daysOverdue: diffDays(deadline, day) };
  return blank('PENDING', { ...context, evidence });
}

/** Evidence about code.gouv.fr itself, replaced whenever a verdict is kept through a new outage. */
const UPSTREAM_EVIDENCE: ReadonlySet<Evidence['kind']> = new Set(['STALE_EVIDENCE', 'UPSTREAM_FAILURE', 'UPSTREAM_UNUSABLE', 'HELD_BY_GUARD']);

function failureEvidence(what: string, code: string): Evidence[] {
  return [
    { kind: 'UPSTREAM_FAILURE', detail: `${what} (${code}) : rien n’en est conclu, ni publication ni retard` },
    ...(code === 'UPSTREAM_BAD_PAYLOAD'
      ? [{ kind: 'UPSTREAM_UNUSABLE' as const, detail: 'code.gouv.fr répond, mais pas de façon exploitable (une page d’erreur au lieu de ses données : adresse mal configurée ou proxy)' }]
      : []),
  ];
}

/** The last verdict kept through an outage, flagged stale; null when there is none worth keeping. */
function keepPrevious(previous: CommitmentStatus | null | undefined, failure: readonly Evidence[]): CommitmentStatus | null {
  if (!previous || previous.state === 'UNCHECKED_SOURCE_CODE' || previous.state === 'UNVERIFIABLE') return null;
  return {
    ...previous,
    stale: true,
    evidence: [
      ...previous.evidence.filter((e) => !UPSTREAM_EVIDENCE.has(e.kind)),
      { kind: 'STALE_EVIDENCE', detail: `verdict du ${previous.checkedAt ?? '?'} conservé pendant que code.gouv.fr échoue` },
      ...failure,
    ],
  };
}

function unlooked(commitment: Commitment, now: Date, state: CommitmentState, evidence: readonly Evidence[]): CommitmentStatus {
  const repositoryUrl = commitment.hints.repositoryUrl;
  const record: Evidence[] = repositoryUrl ? [{ kind: 'REPOSITORY_URL', detail: `dépôt indiqué par le dossier : ${repositoryUrl} (non vérifié)`, url: repositoryUrl }] : [];
  return blank(state, {
    commitment, now, confidence: 0, candidates: [], searches: [], checkedAt: null, stale: false,
    evidence: [...evidence, ...record, ...deadlineEvidence(commitment)],
  });
}

/**
 * Decides what became of one source-code commitment from what the caller
 * fetched from code.gouv.fr and what the assignment left it. Pure: the clock
 * and the upstream evidence are inputs. See the state machine above.
 */
export function resolveSourceCodeStatus(input: ResolveSourceCodeStatusInput): CommitmentStatus {
  const { commitment, now, lookup } = input;
  switch (lookup.kind) {
    case 'NOT_CONFIGURED':
      return unlooked(commitment, now, 'UNCHECKED_SOURCE_CODE', [
        { kind: 'NOT_LOOKED_UP', detail: 'code.gouv.fr n’est pas interrogé par cette passerelle : le code source n’est ni trouvé ni en retard' },
      ]);
    case 'INVENTORY_FAILED': {
      const failure = failureEvidence('l’inventaire des dépôts de code.gouv.fr n’a pas pu être lu', lookup.error.code);
      return keepPrevious(input.previous, failure) ?? unlooked(commitment, now, 'UNCHECKED_SOURCE_CODE', failure);
    }
    case 'UPSTREAM_FAILED': {
      const failure = failureEvidence('code.gouv.fr n’a pas pu répondre pour un dépôt', lookup.error.code);
      return keepPrevious(input.previous, failure) ?? unlooked(commitment, now, 'UNVERIFIABLE', failure);
    }
    case 'FETCHED': {
      const assignment = input.assignment ?? (assignRepositories(new Map([[commitment.key, rankRepositoryClaims(commitment, lookup)]])).get(commitment.key) as RepositoryAssignment);
      const candidates = assignment.others.slice(0, MAX_LISTED_CANDIDATES);
      const deadLinks: Evidence[] = lookup.linked
        .filter((read) => read.repository === null)
        .map((read) => ({ kind: 'LINK_NOT_FOUND', detail: `le dossier indique le dépôt ${read.url}, que code.gouv.fr ne connaît pas (404)`, url: read.url }));
      const accounts: Evidence[] = lookup.accounts.map((account) => ({
        kind: 'SEARCH_MADE',
        detail: account.examined === null
          ? `compte ${account.url} indiqué par le dossier : inconnu de code.gouv.fr`
          : `compte ${account.url} indiqué par le dossier : ${account.examined} dépôt${account.examined > 1 ? 's' : ''} examiné${account.examined > 1 ? 's' : ''}`,
        url: account.url,
      }));
      const context = {
        commitment, now, candidates, searches: lookup.searches, checkedAt: lookup.fetchedAt, stale: lookup.stale,
      };
      const chosen = assignment.chosen;
      if (chosen) {
        return resolved(chosen.repository, { ...context, confidence: chosen.score, evidence: [...deadLinks, ...chosen.evidence, ...assignment.conflicts] });
      }
      const previous = input.previous;
      if (lookup.remembered && lookup.remembered.repository === null && previous?.repository) {
        return gone(previous, { ...context, confidence: previous.confidence, evidence: [...deadLinks, ...assignment.conflicts] });
      }
      const best = candidates[0]?.score ?? 0;
      return notFound({
        ...context,
        confidence: (1 - best) * ABSENCE_CONFIDENCE,
        evidence: [
          ...deadLinks,
          ...assignment.conflicts,
          ...accounts,
          ...(deadLinks.length > 0 || assignment.conflicts.length > 0 ? [] : [
            candidates.length > 0
              ? { kind: 'BELOW_THRESHOLD' as const, detail: `aucun des ${candidates.length} dépôts candidats n’atteint le seuil de ${RESOLUTION_THRESHOLD} (meilleur : ${best.toFixed(2)})` }
              : { kind: 'NO_CANDIDATE' as const, detail: 'les recherches dans l’inventaire de code.gouv.fr n’ont rien renvoyé' },
          ]),
        ],
      }, lookup.inventorySize);
    }
  }
}
