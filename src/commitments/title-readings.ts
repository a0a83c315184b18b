import { FRENCH_STOP_WORDS, normaliseText, toTokens } from './normalise-tokens.js';

/** One way of reading a title, and what was set aside to read it so (null for the title as written). */
export interface TitleReading {
  readonly text: string;
  /** In French, for the evidence: « Hub'eau » set aside, « RPPS » read as its expansion. */
  readonly note: string | null;
  /** True when a leading "API" was set aside: the other title must then be read without one too. */
  readonly withoutApi?: boolean;
  /** True when the words set aside are the producer's or publisher's name: they do not make the title longer. */
  readonly producerSetAside?: boolean;
}

/** `text` without a leading "API". */
export function withoutLeadingApi(text: string): string {
  return text.replace(LEADING_API, '');
}

const SEPARATOR = String.raw`(?:\s+[–—|-]\s+|\s*[–—|]\s*|\s*:\s+)`;
/** "Hub'eau – Qualité de l'eau", "Data ESR : Effectifs", "Sirene | Base": a brand or service named first. */
const LEADING_SEGMENT = new RegExp(`^\\s*([^–—|:]{2,40}?)${SEPARATOR}(.{3,})$`, 'u');
/** "Base des sites — Cerema", "Base des sites (Cerema)", "Base des sites, Cerema": a name said last. */
const TRAILING_SEGMENT = new RegExp(`^(.{3,}?)(?:${SEPARATOR}|\\s*\\(|\\s*,\\s*)([^–—|:()]{2,80}?)\\)?\\s*$`, 'u');
const LEADING_API = /^\s*API\s+(?=\S)/iu;
/** Capitals of three letters or more, as written: RPPS, BOAMP (API is a kind, not a name). */
const ACRONYM = /\b(?!API\b)[A-Z]{3,}\b/gu;

/**
 * Readings of a catalogue title that name the same object as the title
 * itself, for titles the catalogue wraps: a brand or service prefix, a
 * leading "API", or the producer's own name after the title (only when those
 * words are the producer's or publisher's). Pure.
 */
export function candidateTitleReadings(title: string, publisherNames: readonly (string | null)[]): TitleReading[] {
  const readings: TitleReading[] = [{ text: title, note: null }];
  const leading = LEADING_SEGMENT.exec(title);
  if (leading?.[1] && leading[2]) readings.push({ text: leading[2], note: `lu sans « ${leading[1].trim()} »` });
  if (LEADING_API.test(title)) readings.push({ text: title.replace(LEADING_API, ''), note: 'lu sans « API »' });
  const trailing = TRAILING_SEGMENT.exec(title);
  const publisherTokens = new Set(publisherNames.flatMap((name) => toTokens(name)));
  if (trailing?.[1] && trailing[2]) {
    const tail = toTokens(trailing[2]);
    if (tail.length > 0 && tail.every((token) => publisherTokens.has(token))) {
      readings.push({ text: trailing[1], note: `lu sans le nom du producteur « ${trailing[2].trim()} »`, producerSetAside: true });
    }
  }
  return readings;
}

/**
 * Readings of a promised name: as written, without a leading "API", and with
 * each acronym it contains replaced by the words of `candidateTitle` whose
 * initials spell it ("API RPPS" read as "API Répertoire partagé des
 * professionnels de santé"). Pure.
 */
export function promisedNameReadings(name: string, candidateTitle: string): TitleReading[] {
  const readings: TitleReading[] = [{ text: name, note: null }];
  if (LEADING_API.test(name)) readings.push({ text: name.replace(LEADING_API, ''), note: 'intitulé promis lu sans « API »', withoutApi: true });
  for (const acronym of name.match(ACRONYM) ?? []) {
    const expansion = findExpansion(acronym, candidateTitle);
    if (expansion === null) continue;
    const expanded = name.replace(acronym, expansion);
    readings.push({ text: expanded, note: `« ${acronym} » lu comme « ${expansion} »` });
    if (LEADING_API.test(expanded)) {
      readings.push({ text: expanded.replace(LEADING_API, ''), note: `« ${acronym} » lu comme « ${expansion} », sans « API »`, withoutApi: true });
    }
  }
  return readings;
}

/** The run of words of `text` whose initials, function words aside, spell `acronym`; null when none does. */
export function findExpansion(acronym: string, text: string): string | null {
  const letters = normaliseText(acronym);
  const words = text.split(/\s+/u).filter((word) => word !== '');
  for (let start = 0; start < words.length; start += 1) {
    let spelled = '';
    for (let end = start; end < words.length; end += 1) {
      const word = normaliseText(words[end] as string);
      if (word === '') continue;
      const significant = word.split(' ').filter((part) => !FRENCH_STOP_WORDS.has(part));
      if (significant.length === 0) {
        // A function word inside the expansion, never at its start.
        if (spelled === '') break;
        continue;
      }
      spelled += significant.map((part) => part[0]).join('');
      if (!letters.startsWith(spelled)) break;
      if (spelled === letters) return words.slice(start, end + 1).join(' ');
    }
  }
  return null;
}
