import type { Repository } from '../upstream/codegouv/model.js';
import type { Commitment, Evidence } from './model.js';
import { titleSimilarity } from './normalise-tokens.js';
import { parseRepositoryUrl, toComparableUrl, type RepositoryTarget } from './parse-repository-url.js';
import { toCompactName, toNameWords, toPromisedNames } from './source-code-names.js';

/**
 * Weights of a repository candidate's score; they sum to 1. Repository names
 * are short and reused (a plugin, an example, a fork bear the promised name):
 * a name alone (0.5) does not clear the resolution threshold (0.55); the
 * account or the description must agree.
 */
export const REPOSITORY_SCORE_WEIGHTS = {
  /** The repository's name (alone, or with its account's) against the promised names. */
  name: 0.5,
  /** The account: the record's own, or one named after the promise or its producer. */
  account: 0.3,
  /** `titleSimilarity` of the commitment's title (asides included) against the description. */
  description: 0.2,
} as const;

/** Highest name similarity of a name that is a promised name plus more (`franceconnect-kit`). */
export const EXTENDED_NAME_CAP = 0.75;

/** Penalty of an account other than the one the record names. */
export const ACCOUNT_MISMATCH_PENALTY = 0.3;

/** Penalty of an obvious look-alike: an example, a plugin, a demo, a kit of the promised thing. */
export const LOOK_ALIKE_PENALTY = 0.3;

/** A fork is a copy: its score is multiplied by this. */
export const FORK_FACTOR = 0.5;

/** Share of the account component given to an account named after the record's producer or ministry. */
const PRODUCER_ACCOUNT_SHARE = 0.6;

/** Names of things built around a service rather than the service itself. */
const LOOK_ALIKE_NAME_WORDS: ReadonlySet<string> = new Set([
  'example', 'exemple', 'demo', 'sample', 'plugin', 'module', 'extension', 'sdk', 'client', 'kit', 'template', 'starter',
  'tutorial', 'tutoriel', 'test', 'mock', 'poc', 'sandbox', 'wrapper', 'fork', 'copie', 'doc', 'documentation',
]);
/** The same in a description, where "client" or "test" are too common to mean anything. */
const LOOK_ALIKE_DESCRIPTION_WORDS: ReadonlySet<string> = new Set([
  'example', 'exemple', 'demo', 'demonstration', 'plugin', 'module', 'extension', 'sdk', 'kit', 'template', 'starter',
  'tutorial', 'tutoriel', 'mock', 'bouchon', 'copie',
]);

export interface RepositoryScore {
  /** In [0, 1], rounded to 3 decimals. */
  readonly score: number;
  readonly evidence: Evidence[];
}

/** The record's forge URLs (its repository URL, then its identifiers), read as repositories or accounts. */
export function toRepositoryTargets(commitment: Commitment): RepositoryTarget[] {
  const urls = [commitment.hints.repositoryUrl, ...commitment.hints.identifiers].filter((url): url is string => typeof url === 'string');
  const targets = urls.map(parseRepositoryUrl).filter((target): target is RepositoryTarget => target !== null);
  return [...new Map(targets.map((target) => [toComparableUrl(target.url), target])).values()];
}

/** How well `text` names `promised`: 1 when equal words, capped when it adds words, else word similarity. */
function nameSimilarity(promised: string, text: string): { readonly value: number; readonly extended: boolean } {
  const wanted = toCompactName(promised);
  const got = toCompactName(text);
  if (wanted === '' || got === '') return { value: 0, extended: false };
  if (got === wanted) return { value: 1, extended: false };
  // Short names ("fc") would be found inside anything.
  if (wanted.length >= 4 && got.includes(wanted)) return { value: EXTENDED_NAME_CAP, extended: true };
  return { value: Math.min(EXTENDED_NAME_CAP, titleSimilarity(promised, toNameWords(text).join(' '))), extended: false };
}

function bestName(commitment: Commitment, repository: Repository): { readonly value: number; readonly name: string; readonly as: string; readonly extended: boolean } {
  let best = { value: 0, name: commitment.title, as: repository.name, extended: false };
  // `france-connect/sources` is named by its account: "sources" says nothing.
  const readings = [repository.name, `${repository.owner} ${repository.name}`];
  for (const name of toPromisedNames(commitment)) {
    for (const reading of readings) {
      const similarity = nameSimilarity(name, reading);
      if (similarity.value > best.value) best = { value: similarity.value, name, as: reading, extended: similarity.extended };
    }
  }
  return best;
}

function accountMatch(commitment: Commitment, repository: Repository, accounts: readonly RepositoryTarget[]): { readonly value: number; readonly evidence: Evidence } | null {
  const owner = repository.owner.toLowerCase();
  const named = accounts.find((account) => account.platform === repository.platform && account.owner.toLowerCase() === owner);
  if (named) {
    return { value: 1, evidence: { kind: 'ACCOUNT_MATCH', detail: `le compte « ${repository.owner} » est celui que désigne le dossier`, url: named.url } };
  }
  const compactOwner = toCompactName(repository.owner);
  const promised = toPromisedNames(commitment).map(toCompactName).find((name) => name.length >= 4 && (compactOwner === name || compactOwner.includes(name)));
  if (promised !== undefined) {
    return { value: 1, evidence: { kind: 'ACCOUNT_MATCH', detail: `le compte « ${repository.owner} » porte le nom promis`, url: repository.ownerUrl } };
  }
  const ownerWords = new Set(toNameWords(repository.owner));
  const producer = [commitment.producer, commitment.ministryAsWritten]
    .filter((name): name is string => name !== null)
    .find((name) => {
      const words = toNameWords(name);
      return words.length > 0 && words.length <= 2 && words.every((word) => ownerWords.has(word));
    });
  if (producer !== undefined) {
    return { value: PRODUCER_ACCOUNT_SHARE, evidence: { kind: 'ACCOUNT_MATCH', detail: `le compte « ${repository.owner} » est celui du producteur (${producer})`, url: repository.ownerUrl } };
  }
  return null;
}

/** A word of the name or description that makes the repository something built around the promise. */
function lookAlikeWord(commitment: Commitment, repository: Repository): { readonly word: string; readonly where: 'nom' | 'description' } | null {
  const promised = new Set(toPromisedNames(commitment).flatMap((name) => toNameWords(name)));
  const inName = toNameWords(repository.name).find((word) => LOOK_ALIKE_NAME_WORDS.has(word) && !promised.has(word));
  if (inName !== undefined) return { word: inName, where: 'nom' };
  const inDescription = toNameWords(repository.description).find((word) => LOOK_ALIKE_DESCRIPTION_WORDS.has(word) && !promised.has(word));
  return inDescription === undefined ? null : { word: inDescription, where: 'description' };
}

/**
 * Scores how likely `repository` is the source code `commitment` promised:
 * the record's own repository URL resolves outright (1); otherwise the name
 * (alone or with its account's), the account (the record's, or one named
 * after the promise or its producer) and the description, with forks, look-
 * alikes (examples, plugins, demos, kits) and accounts other than the
 * record's scored down. Accent-, case- and separator-insensitive. Pure.
 *
 * @returns a score in [0, 1] and its evidence, in French.
 */
export function scoreRepository(commitment: Commitment, repository: Repository): RepositoryScore {
  const evidence: Evidence[] = [];
  const targets = toRepositoryTargets(commitment);
  const url = toComparableUrl(repository.htmlUrl);
  const identifier = targets.find((target) => target.kind === 'REPOSITORY' && toComparableUrl(target.url) === url);
  if (identifier) {
    evidence.push({ kind: 'IDENTIFIER_MATCH', detail: `le dépôt ${repository.htmlUrl} est celui qu’indique le dossier`, url: repository.htmlUrl });
    if (repository.fork === true) evidence.push({ kind: 'FORK', detail: 'ce dépôt est une copie (fork) d’un autre ; le dossier le désigne pourtant', url: repository.htmlUrl });
    return { score: 1, evidence };
  }

  let score = 0;
  const name = bestName(commitment, repository);
  if (name.value > 0) {
    evidence.push({
      kind: 'TITLE_MATCH',
      detail: `le nom « ${name.as} » ${name.extended ? `prolonge le nom promis « ${name.name} » : il peut désigner autre chose, la similarité est plafonnée à ${EXTENDED_NAME_CAP}` : `ressemble au nom promis « ${name.name} » (similarité ${name.value.toFixed(2)})`}`,
      url: repository.htmlUrl,
    });
    score += REPOSITORY_SCORE_WEIGHTS.name * name.value;
  }

  // A repository URL in the record names its account too.
  const accounts = targets;
  const account = accountMatch(commitment, repository, accounts);
  if (account) {
    evidence.push(account.evidence);
    score += REPOSITORY_SCORE_WEIGHTS.account * account.value;
  } else if (accounts.length > 0) {
    evidence.push({
      kind: 'ACCOUNT_MISMATCH',
      detail: `publié par le compte « ${repository.owner} », alors que le dossier désigne ${accounts.map((a) => `« ${a.owner} »`).join(', ')} : un autre dépôt du même nom`,
      url: repository.ownerUrl,
    });
    score -= ACCOUNT_MISMATCH_PENALTY;
  }

  const description = titleSimilarity(commitment.title, repository.description ?? '');
  if (description > 0) {
    evidence.push({ kind: 'DESCRIPTION_MATCH', detail: `la description ressemble à l’intitulé promis (similarité ${description.toFixed(2)})` });
    score += REPOSITORY_SCORE_WEIGHTS.description * description;
  }

  const lookAlike = lookAlikeWord(commitment, repository);
  if (lookAlike) {
    evidence.push({
      kind: 'LOOK_ALIKE',
      detail: `« ${lookAlike.word} » dans son ${lookAlike.where} : un exemple, une extension ou un outil autour de ce qui était promis, pas son code`,
      url: repository.htmlUrl,
    });
    score -= LOOK_ALIKE_PENALTY;
  }

  if (repository.fork === true) {
    evidence.push({ kind: 'FORK', detail: 'une copie (fork) d’un autre dépôt : le code publié est ailleurs', url: repository.htmlUrl });
    score *= FORK_FACTOR;
  }

  return { score: Math.min(1, Math.max(0, Math.round(score * 1000) / 1000)), evidence };
}
