import type { Dataservice, Dataset, OrganizationRef } from '../upstream/datagouv/model.js';
import type { Commitment, Evidence } from './model.js';
import { normaliseText, titleSimilarity, toTokens } from './normalise-tokens.js';
import { toParisDay } from './to-paris-day.js';

/**
 * Weights of the components of a candidate's score; they sum to 1.
 * The title dominates: an exact title alone (0.6) clears the resolution
 * threshold, whereas organization, tags and dates only separate look-alikes.
 */
export const SCORE_WEIGHTS = {
  /** `titleSimilarity` of the commitment's title against the candidate's. */
  title: 0.6,
  /** An acronym or proper name of the commitment found in the candidate (or the reverse). */
  acronym: 0.1,
  /** Organization id from the hints, or ministry/producer words in the organization name. */
  organization: 0.15,
  /** Candidate created on or after the announcement day (Europe/Paris). */
  createdAfterAnnouncement: 0.05,
  /** Share of the commitment's title and keyword tokens found among the candidate's tags. */
  tags: 0.1,
} as const;

/**
 * Words too common in administration names to identify one: "Ministère de la
 * Transition écologique" and "Ministère de l'Économie" must not match on
 * "ministère".
 */
const GENERIC_ORGANIZATION_WORDS: ReadonlySet<string> = new Set([
  'ministere', 'agence', 'direction', 'generale', 'general', 'nationale', 'national',
  'service', 'public', 'publique', 'etat', 'gouvernement',
]);

/** Below this share of a name's distinctive words, an organization does not count as matching. */
const ORGANIZATION_MIN_CONTAINMENT = 0.5;

export interface CandidateScore {
  /** In [0, 1], rounded to 3 decimals. */
  readonly score: number;
  /** One entry per component that contributed (plus CREATED_BEFORE_ANNOUNCEMENT as a warning). */
  readonly evidence: Evidence[];
}

/** Acronyms written in capitals in the title ("RPPS", "CVAE"), plus one-word keywords ("HistoVec"). */
function distinctiveNames(commitment: Commitment): Set<string> {
  const names = new Set<string>();
  // In a title typed all in capitals every word looks like an acronym: only a
  // capitalised word among lower-case ones is one.
  const shouting = !/\p{Ll}/u.test(commitment.title);
  for (const word of shouting ? [] : commitment.title.match(/\b[A-Z][A-Z0-9]{1,}\b/g) ?? []) {
    if (word !== 'API') names.add(normaliseText(word));
  }
  for (const keyword of commitment.hints.keywords) {
    const normalised = normaliseText(keyword);
    if (normalised !== '' && !normalised.includes(' ')) names.add(normalised);
  }
  return names;
}

function acronymMatch(commitment: Commitment, candidate: Dataset | Dataservice): string | null {
  const candidateWords = new Set([
    ...normaliseText(candidate.title ?? '').split(' '),
    ...normaliseText(candidate.acronym ?? '').split(' '),
    ...candidate.tags.flatMap((tag) => normaliseText(tag).split(' ')),
  ]);
  for (const name of distinctiveNames(commitment)) if (candidateWords.has(name)) return name;
  // The reverse: the candidate's own acronym (when written in capitals) named in the commitment.
  const acronym = candidate.acronym?.trim() ?? '';
  if (/[A-Z]{2,}/.test(acronym)) {
    const normalised = normaliseText(acronym);
    if (normaliseText(commitment.title).split(' ').includes(normalised)) return normalised;
  }
  return null;
}

function nameContainment(name: string | null, organization: OrganizationRef): number {
  const words = toTokens(name).filter((token) => !GENERIC_ORGANIZATION_WORDS.has(token));
  if (words.length === 0) return 0;
  const organizationWords = new Set([...toTokens(organization.name), ...toTokens(organization.acronym)]);
  return words.filter((word) => organizationWords.has(word)).length / words.length;
}

/** The organization component in [0, 1] with its evidence, or null when it does not match. */
function organizationMatch(
  commitment: Commitment,
  organization: OrganizationRef | null,
): { readonly value: number; readonly evidence: Evidence } | null {
  if (!organization) return null;
  if (commitment.hints.organizationId && commitment.hints.organizationId === organization.id) {
    return {
      value: 1,
      evidence: { kind: 'ORGANIZATION_MATCH', detail: `organization id ${organization.id} is the one in the record` },
    };
  }
  const best = Math.max(
    nameContainment(commitment.ministry, organization),
    nameContainment(commitment.producer, organization),
  );
  if (best < ORGANIZATION_MIN_CONTAINMENT) return null;
  return {
    value: best,
    evidence: {
      kind: 'ORGANIZATION_MATCH',
      detail: `organization "${organization.name ?? organization.id}" matches the record's ministry/producer (${Math.round(best * 100)}% of its words)`,
    },
  };
}

/**
 * Scores how likely `candidate` is the object that fulfils `commitment`.
 * Accent-, case- and word-order-insensitive; see SCORE_WEIGHTS.
 *
 * @returns a score in [0, 1] and the evidence behind it.
 */
export function scoreCandidate(commitment: Commitment, candidate: Dataset | Dataservice): CandidateScore {
  const evidence: Evidence[] = [];
  let score = 0;

  const title = titleSimilarity(commitment.title, candidate.title ?? '');
  if (title > 0) {
    evidence.push({ kind: 'TITLE_MATCH', detail: `title similarity ${title.toFixed(2)} with "${candidate.title}"` });
    score += SCORE_WEIGHTS.title * title;
  }

  const acronym = acronymMatch(commitment, candidate);
  if (acronym) {
    evidence.push({ kind: 'ACRONYM_MATCH', detail: `"${acronym}" names both` });
    score += SCORE_WEIGHTS.acronym;
  }

  const organization = organizationMatch(commitment, candidate.organization);
  if (organization) {
    evidence.push(organization.evidence);
    score += SCORE_WEIGHTS.organization * organization.value;
  }

  const created = toParisDay(candidate.createdAt);
  if (created && commitment.announcedOn) {
    if (created >= commitment.announcedOn) {
      evidence.push({ kind: 'CREATED_AFTER_ANNOUNCEMENT', detail: `created ${created}, announced ${commitment.announcedOn}` });
      score += SCORE_WEIGHTS.createdAfterAnnouncement;
    } else {
      evidence.push({ kind: 'CREATED_BEFORE_ANNOUNCEMENT', detail: `created ${created}, before the announcement of ${commitment.announcedOn}` });
    }
  }

  const wanted = [...new Set([...toTokens(commitment.title), ...commitment.hints.keywords.flatMap((k) => toTokens(k))])];
  const tagTokens = new Set(candidate.tags.flatMap((tag) => toTokens(tag)));
  const matchedTokens = wanted.filter((token) => tagTokens.has(token));
  if (wanted.length > 0 && matchedTokens.length > 0) {
    const matchedTags = candidate.tags.filter((tag) => toTokens(tag).some((token) => matchedTokens.includes(token)));
    evidence.push({ kind: 'TAG_MATCH', detail: `tags ${matchedTags.join(', ')} share ${matchedTokens.length} of ${wanted.length} words` });
    score += SCORE_WEIGHTS.tags * (matchedTokens.length / wanted.length);
  }

  return { score: Math.min(1, Math.max(0, Math.round(score * 1000) / 1000)), evidence };
}
