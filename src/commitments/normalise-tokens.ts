/**
 * Text normalisation shared by candidate scoring and tracker matching, so that
 * "Écoles maternelles" and "ecole maternelle" compare equal.
 */

/** French function words that carry no meaning for matching titles. */
export const FRENCH_STOP_WORDS: ReadonlySet<string> = new Set([
  'de', 'des', 'du', 'la', 'le', 'les', 'a', 'au', 'aux', 'et', 'en', 'd', 'l',
  'par', 'pour', 'sur', 'un', 'une',
]);

/** Lower-case, accents and ligatures folded, anything not a letter or digit turned into a space. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Light stemming: a final plural `s` or `x` is dropped from words longer than
 * three letters ("écoles" = "école", "travaux" = "travau" on both sides).
 */
export function stemToken(token: string): string {
  return token.length > 3 && /[sx]$/.test(token) ? token.slice(0, -1) : token;
}

/** Distinct normalised, stemmed tokens of `text`, stop words removed, in order of appearance. */
export function toTokens(text: string | null | undefined): string[] {
  if (!text) return [];
  const seen = new Set<string>();
  for (const word of normaliseText(text).split(' ')) {
    if (word === '' || FRENCH_STOP_WORDS.has(word)) continue;
    seen.add(stemToken(word));
  }
  return [...seen];
}

/** `text` without parenthesised asides ("Carte scolaire (établie par …)" -> "Carte scolaire"). */
export function stripAsides(text: string): string {
  return text.replace(/\([^)]*\)?/g, ' ').replace(/\s+/g, ' ').trim();
}

function overlap(a: readonly string[], b: ReadonlySet<string>): number {
  let shared = 0;
  for (const token of a) if (b.has(token)) shared += 1;
  return shared;
}

/**
 * Word-order-insensitive similarity of two titles in [0, 1]: the mean of the
 * Dice coefficient (both titles alike) and the containment of `reference` in
 * `other` (how much of the promised title the other covers). Verbose upstream
 * titles ("Base des permis de construire … (Sitadel)") keep credit for
 * covering the promise. Parenthesised asides of `reference` are tried with and
 * without; the better reading wins.
 */
export function titleSimilarity(reference: string, other: string): number {
  const otherTokens = toTokens(other);
  const otherSet = new Set(otherTokens);
  let best = 0;
  for (const variant of new Set([reference, stripAsides(reference)])) {
    const tokens = toTokens(variant);
    if (tokens.length === 0 || otherTokens.length === 0) continue;
    const shared = overlap(tokens, otherSet);
    const dice = (2 * shared) / (tokens.length + otherTokens.length);
    const containment = shared / tokens.length;
    best = Math.max(best, (dice + containment) / 2);
  }
  return best;
}
