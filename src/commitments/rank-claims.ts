import type { Dataservice, Dataset } from '../upstream/datagouv/model.js';
import { isDataservice } from './is-dataservice.js';
import type { ClaimOrigin, Commitment, CommitmentLookup, Evidence, LinkCertainty } from './model.js';
import { normaliseText } from './normalise-tokens.js';
import { scoreCandidate } from './score-candidate.js';

/** Minimum candidate score for a search result to count as the published object. */
export const RESOLUTION_THRESHOLD = 0.55;

/** Confidence of a verdict reached through the record's link, by its certainty. */
export const LINK_CERTAINTY_CONFIDENCE: Readonly<Record<LinkCertainty, number>> = {
  CONFIRMED: 1,
  PROBABLE: 0.8,
  POSSIBLE: 0.6,
};

/** One commitment's claim on one data.gouv.fr object. */
export interface Claim {
  readonly object: Dataset | Dataservice;
  readonly score: number;
  readonly evidence: readonly Evidence[];
  readonly origin: ClaimOrigin;
}

const ORIGIN_STRENGTH: Readonly<Record<ClaimOrigin, number>> = { LINK: 2, REMEMBERED: 1, SEARCH: 0 };

/** `dataset:<id>` or `dataservice:<id>`: ids are unique within a collection only. */
export function toObjectKey(object: Dataset | Dataservice): string {
  return toCollectionKey(isDataservice(object) ? 'dataservices' : 'datasets', object.id);
}

/** The same key from a collection name and an id, for an object known only by reference. */
export function toCollectionKey(collection: 'datasets' | 'dataservices', id: string): string {
  return `${collection === 'dataservices' ? 'dataservice' : 'dataset'}:${id}`;
}

/** Stronger first: an explicit link, then an object kept from an earlier verdict, then search; then score. */
export function compareClaims(a: Claim, b: Claim): number {
  return (
    ORIGIN_STRENGTH[b.origin] - ORIGIN_STRENGTH[a.origin] ||
    b.score - a.score ||
    toObjectKey(a.object).localeCompare(toObjectKey(b.object))
  );
}

/** Whether a claim may resolve its commitment: a link or an earlier verdict always, a search hit from the threshold up. */
export function isEligible(claim: Claim): boolean {
  return claim.origin !== 'SEARCH' || claim.score >= RESOLUTION_THRESHOLD;
}

/** The fuller of two copies of one object: a full read (with files) beats a search hit. */
function fuller(a: Dataset | Dataservice, b: Dataset | Dataservice): Dataset | Dataservice {
  if (isDataservice(a) || isDataservice(b)) return a;
  return a.inlineResources === null && b.inlineResources !== null ? b : a;
}

/**
 * Every object the lookup brought back, scored as a claim of `commitment`,
 * strongest first, one claim per object. Pure.
 */
export function rankClaims(commitment: Commitment, lookup: Extract<CommitmentLookup, { kind: 'FETCHED' }>): Claim[] {
  const byObject = new Map<string, Claim>();
  const offer = (claim: Claim): void => {
    const key = toObjectKey(claim.object);
    const existing = byObject.get(key);
    if (!existing) {
      byObject.set(key, claim);
      return;
    }
    const [strong, weak] = compareClaims(claim, existing) < 0 ? [claim, existing] : [existing, claim];
    byObject.set(key, { ...strong, object: fuller(strong.object, weak.object) });
  };

  const certainty = commitment.hints.linkCertainty;
  for (const read of lookup.linked) {
    if (read.object === null) continue;
    const scored = scoreCandidate(commitment, read.object);
    offer({
      object: read.object,
      origin: 'LINK',
      score: LINK_CERTAINTY_CONFIDENCE[certainty],
      evidence: [
        {
          kind: 'EXPLICIT_LINK',
          detail: `le dossier désigne ${read.collection === 'datasets' ? 'le jeu de données' : 'l’API'} ${read.idOrSlug} (lien ${CERTAINTY_WORDS[certainty]})`,
          url: read.object.webUrl,
        },
        ...scored.evidence.filter((e) => e.kind === 'KIND_MISMATCH'),
      ],
    });
  }
  const recreated = findRecreated(lookup);
  if (recreated) {
    const scored = scoreCandidate(commitment, recreated);
    offer({
      object: recreated,
      origin: 'REMEMBERED',
      score: Math.max(scored.score, RESOLUTION_THRESHOLD),
      evidence: [
        {
          kind: 'REMEMBERED_OBJECT',
          detail: `même titre que l’objet retenu lors d’une vérification précédente (${lookup.remembered?.id ?? '?'}), qui a été supprimé ou archivé : il a été recréé sous l’identifiant ${recreated.id}`,
          url: recreated.webUrl,
        },
        ...scored.evidence,
      ],
    });
  }
  if (lookup.remembered?.object) {
    const object = lookup.remembered.object;
    const scored = scoreCandidate(commitment, object);
    offer({
      object,
      // A re-created copy takes the earlier verdict's standing; the gone original competes as any search hit.
      origin: recreated ? 'SEARCH' : 'REMEMBERED',
      score: Math.max(scored.score, RESOLUTION_THRESHOLD),
      evidence: [
        { kind: 'REMEMBERED_OBJECT', detail: `objet retenu lors d’une vérification précédente (${object.id}), relu sur data.gouv.fr`, url: object.webUrl },
        ...scored.evidence,
      ],
    });
  }
  for (const object of lookup.found) {
    const scored = scoreCandidate(commitment, object);
    offer({ object, origin: 'SEARCH', score: scored.score, evidence: scored.evidence });
  }
  return [...byObject.values()].sort(compareClaims);
}

/**
 * A live object bearing exactly the title of the remembered one, when the
 * remembered one is deleted or archived: the producer re-created it under a
 * new id (and usually a new slug) instead of updating it. Null otherwise.
 */
function findRecreated(lookup: Extract<CommitmentLookup, { kind: 'FETCHED' }>): Dataset | Dataservice | null {
  const remembered = lookup.remembered;
  const gone = remembered?.object;
  if (!remembered || !gone || !(gone.deleted || gone.archivedAt !== null) || !remembered.title) return null;
  const title = normaliseText(remembered.title);
  return (
    lookup.found.find(
      (object) =>
        object.id !== remembered.id &&
        !object.deleted &&
        object.archivedAt === null &&
        isDataservice(object) === (remembered.collection === 'dataservices') &&
        object.title !== null &&
        normaliseText(object.title) === title,
    ) ?? null
  );
}

const CERTAINTY_WORDS: Readonly<Record<LinkCertainty, string>> = {
  CONFIRMED: 'confirmé par une source',
  PROBABLE: 'probable, non vérifié',
  POSSIBLE: 'possible, à vérifier',
};
