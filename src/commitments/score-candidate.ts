import type { Dataservice, Dataset, OrganizationRef } from '../upstream/datagouv/model.js';
import type { Commitment, Evidence } from './model.js';
import { isDataservice } from './is-dataservice.js';
import { normaliseText, stripAsides, titleSimilarity, toTokens } from './normalise-tokens.js';
import { candidateTitleReadings, promisedNameReadings, withoutLeadingApi } from './title-readings.js';
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
      evidence: { kind: 'ORGANIZATION_MATCH', detail: `l’organisation ${organization.id} est celle du dossier` },
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
      detail: `l’organisation « ${organization.name ?? organization.id} » correspond au ministère ou au producteur (${Math.round(best * 100)} % de ses mots)`,
    },
  };
}

/** Score penalty when the publisher is not the record's ministry or producer. */
export const ORGANIZATION_MISMATCH_PENALTY = 0.05;

/** Score penalty when an API is offered for a promised dataset, or the reverse. */
export const KIND_MISMATCH_PENALTY = 0.05;

/**
 * Highest title similarity of a candidate whose title is the promised title
 * plus more words ("API Statut étudiant" -> "API Statut étudiant boursier"):
 * such a title names a narrower object, so it must not pass for the promise
 * on its title alone.
 */
export const PREFIX_TITLE_CAP = 0.75;

/** Score given to a candidate that carries one of the record's known identifiers. */
export const IDENTIFIER_SCORE = 0.9;

/** The promised names: the title, then the record's alternative names. */
function promisedNames(commitment: Commitment): readonly string[] {
  return [commitment.title, ...commitment.hints.alternativeNames];
}

/** True when `other`'s words start with all of `reference`'s words and go on. */
function isStrictPrefix(reference: string, other: string): boolean {
  const a = normaliseText(stripAsides(reference));
  const b = normaliseText(other);
  return a !== '' && b.length > a.length && b.startsWith(`${a} `);
}

/**
 * Best title similarity over the promised names and the readings of both
 * titles (a brand prefix or the producer's name set aside, an acronym read as
 * its expansion), with the name and readings that gave it. A title that is the
 * promised one plus more words stays capped, however it is read.
 */
function bestTitle(
  commitment: Commitment,
  candidate: Dataset | Dataservice,
): { readonly value: number; readonly name: string; readonly prefix: boolean; readonly notes: readonly string[] } {
  const candidateTitle = candidate.title ?? '';
  const publishers = [commitment.producer, candidate.organization?.name ?? null, candidate.organization?.acronym ?? null];
  const candidateReadings = candidateTitleReadings(candidateTitle, publishers);
  let best: { value: number; name: string; prefix: boolean; notes: readonly string[] } = { value: 0, name: commitment.title, prefix: false, notes: [] };
  for (const name of promisedNames(commitment)) {
    for (const promised of promisedNameReadings(name, candidateTitle)) {
      // "API" is set aside on both sides or on neither, so that the longer-title cap still sees "API X" against "API X Y".
      const others = candidateReadings.map((reading) => ({ ...reading, text: promised.withoutApi ? withoutLeadingApi(reading.text) : reading.text }));
      // Longer under any reading ("Hub'eau – X Y" is "X Y" once read): capped under every reading,
      // unless the extra words are only the producer's name ("X (Cerema)").
      const explainedByProducer = others.some((reading) => reading.producerSetAside === true && !isStrictPrefix(promised.text, reading.text));
      const prefix = !explainedByProducer && others.some((reading) => isStrictPrefix(promised.text, reading.text));
      for (const reading of others) {
        const other = reading.text;
        const raw = titleSimilarity(promised.text, other);
        const value = prefix ? Math.min(raw, PREFIX_TITLE_CAP) : raw;
        // A reading must do strictly better than the titles as written to be named in the evidence.
        if (value > best.value + 1e-9) {
          best = { value, name, prefix, notes: [promised.note, reading.note].filter((note): note is string => note !== null) };
        }
      }
    }
  }
  return best;
}

/** The last path segment of an identifier URL (`…/les-api/api-judilibre` -> `api-judilibre`). */
function identifierName(identifier: string): string {
  return identifier.replace(/[?#].*$/, '').replace(/\/+$/, '').split('/').pop()?.toLowerCase() ?? '';
}

/** The record identifier the candidate carries (slug or documentation URL), if any. */
function identifierMatch(commitment: Commitment, candidate: Dataset | Dataservice): string | null {
  const urls = [candidate.webUrl, ...(isDataservice(candidate) ? [candidate.businessDocumentationUrl, candidate.documentationUrl] : [])]
    .filter((url): url is string => typeof url === 'string')
    .map((url) => url.replace(/\/+$/, '').toLowerCase());
  for (const identifier of commitment.hints.identifiers) {
    const wanted = identifier.replace(/\/+$/, '').toLowerCase();
    if (urls.includes(wanted)) return identifier;
    const name = identifierName(identifier);
    if (name !== '' && candidate.slug?.toLowerCase() === name) return identifier;
  }
  return null;
}

function isKindMismatch(commitment: Commitment, candidate: Dataset | Dataservice): boolean {
  if (commitment.kind === 'API') return !isDataservice(candidate);
  if (commitment.kind === 'DATASET') return isDataservice(candidate);
  return false;
}

/**
 * Scores how likely `candidate` is the object that fulfils `commitment`.
 * Accent-, case- and word-order-insensitive; see SCORE_WEIGHTS. A candidate
 * carrying one of the record's known identifiers scores at least
 * IDENTIFIER_SCORE; a publisher other than the record's, or an object of
 * another kind, costs a small penalty and is named in the evidence.
 *
 * @returns a score in [0, 1] and the evidence behind it (in French).
 */
export function scoreCandidate(commitment: Commitment, candidate: Dataset | Dataservice): CandidateScore {
  const evidence: Evidence[] = [];
  let score = 0;

  const title = bestTitle(commitment, candidate);
  if (title.value > 0) {
    const alternative = title.name !== commitment.title;
    const read = title.notes.length > 0 ? `, ${title.notes.join(', ')}` : '';
    evidence.push({
      kind: alternative ? 'ALTERNATIVE_NAME_MATCH' : 'TITLE_MATCH',
      detail: alternative
        ? `le titre « ${candidate.title} » ressemble au nom alternatif « ${title.name} » (similarité ${title.value.toFixed(2)}${read})`
        : `le titre « ${candidate.title} » ressemble à l’intitulé promis (similarité ${title.value.toFixed(2)}${read})`,
    });
    if (title.prefix) {
      evidence.push({
        kind: 'TITLE_PREFIX',
        detail: `« ${candidate.title} » prolonge l’intitulé « ${title.name} » : il peut désigner un objet plus étroit, la similarité est plafonnée à ${PREFIX_TITLE_CAP}`,
      });
    }
    score += SCORE_WEIGHTS.title * title.value;
  }

  const acronym = acronymMatch(commitment, candidate);
  if (acronym) {
    evidence.push({ kind: 'ACRONYM_MATCH', detail: `« ${acronym} » figure dans les deux` });
    score += SCORE_WEIGHTS.acronym;
  }

  const organization = organizationMatch(commitment, candidate.organization);
  if (organization) {
    evidence.push(organization.evidence);
    score += SCORE_WEIGHTS.organization * organization.value;
  } else if (candidate.organization && (commitment.ministry || commitment.producer || commitment.hints.organizationId)) {
    const expected = [commitment.producer, commitment.ministryAsWritten].filter((name): name is string => !!name).join(' / ') || commitment.hints.organizationId;
    evidence.push({
      kind: 'ORGANIZATION_MISMATCH',
      detail: `publié par « ${candidate.organization.name ?? candidate.organization.id} », alors que l’engagement relève de « ${expected} »`,
    });
    score -= ORGANIZATION_MISMATCH_PENALTY;
  }

  const created = toParisDay(candidate.createdAt);
  if (created && commitment.announcedOn) {
    // An API's data.gouv.fr date is when it was listed there (most were moved
    // from api.gouv.fr in November 2024): it says nothing of when it opened.
    if (created >= commitment.announcedOn && !isDataservice(candidate)) {
      evidence.push({ kind: 'CREATED_AFTER_ANNOUNCEMENT', detail: `créé le ${created}, annonce du ${commitment.announcedOn}` });
      score += SCORE_WEIGHTS.createdAfterAnnouncement;
    } else if (created < commitment.announcedOn) {
      evidence.push({ kind: 'CREATED_BEFORE_ANNOUNCEMENT', detail: `créé le ${created}, avant l’annonce du ${commitment.announcedOn}` });
    }
  }

  const wanted = [...new Set([...toTokens(commitment.title), ...commitment.hints.keywords.flatMap((k) => toTokens(k))])];
  const tagTokens = new Set(candidate.tags.flatMap((tag) => toTokens(tag)));
  const matchedTokens = wanted.filter((token) => tagTokens.has(token));
  if (wanted.length > 0 && matchedTokens.length > 0) {
    const matchedTags = candidate.tags.filter((tag) => toTokens(tag).some((token) => matchedTokens.includes(token)));
    evidence.push({ kind: 'TAG_MATCH', detail: `les mots-clés ${matchedTags.join(', ')} partagent ${matchedTokens.length} des ${wanted.length} mots` });
    score += SCORE_WEIGHTS.tags * (matchedTokens.length / wanted.length);
  }

  if (isKindMismatch(commitment, candidate)) {
    evidence.push({
      kind: 'KIND_MISMATCH',
      detail: isDataservice(candidate)
        ? 'un jeu de données était promis ; cet objet est une API'
        : 'une API était promise ; cet objet est un jeu de données',
    });
    score -= KIND_MISMATCH_PENALTY;
  }

  const identifier = identifierMatch(commitment, candidate);
  if (identifier) {
    evidence.push({ kind: 'IDENTIFIER_MATCH', detail: `l’objet porte l’identifiant connu ${identifier}`, url: identifier });
    score = Math.max(score, IDENTIFIER_SCORE);
  }

  return { score: Math.min(1, Math.max(0, Math.round(score * 1000) / 1000)), evidence };
}
