import type { Commitment } from './model.js';
import { FRENCH_STOP_WORDS, stemToken, stripAsides } from './normalise-tokens.js';

/**
 * Words that say "source code" rather than name what was promised: "Code
 * source de FranceConnect" promises FranceConnect, and a repository called
 * `sources` in the `france-connect` account is named by its account.
 */
export const SOURCE_CODE_WORDS: ReadonlySet<string> = new Set([
  'code', 'source', 'depot', 'logiciel', 'repository', 'repo', 'git',
]);

/**
 * Words of a name or a text, for comparing names: camelCase split
 * (`FranceConnect` -> `france connect`), accents folded, lower case, split on
 * anything not a letter or digit, light plural stemming; French stop words and
 * source-code words dropped.
 *
 * @param options.stem false keeps the words as written (for searches and for
 *   people: "autonomix", not "autonomi"); source-code words are recognised either way.
 */
export function toNameWords(text: string | null | undefined, options: { readonly stem?: boolean } = {}): string[] {
  if (!text) return [];
  const stem = options.stem ?? true;
  return text
    .replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, '$1 $2')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '' && !FRENCH_STOP_WORDS.has(word) && !SOURCE_CODE_WORDS.has(stemToken(word)))
    .map((word) => (stem ? stemToken(word) : word));
}

/** The words run together, so that `FranceConnect`, `france-connect` and `franceconnect` compare equal. */
export function toCompactName(text: string | null | undefined): string {
  return toNameWords(text).join('');
}

/**
 * The names a repository of the promise could bear: the title without its
 * asides and source-code words ("Code source de FranceConnect" ->
 * "FranceConnect"), then the record's alternative names and keywords, without
 * repeats or empty names.
 */
export function toPromisedNames(commitment: Commitment): string[] {
  const names = [commitment.title, ...commitment.hints.alternativeNames, ...commitment.hints.keywords]
    .map((name) => toNameWords(stripAsides(name), { stem: false }).join(' '))
    .filter((name) => name !== '');
  return [...new Set(names)];
}
