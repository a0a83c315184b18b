import type { PlannedPeriod, PlannedRevision } from './model.js';
import { lastDayOfMonth } from './to-paris-day.js';

/**
 * Announced periods ("T3 2021", "fin 2021", "2021-Q3") as calendar intervals.
 *
 * Readings chosen where the text is vague (the deadline is `end`):
 * - "fin 2021" -> T4 2021; "début 2022" -> T1 2022.
 * - "mi-2022" -> 2022-04-01..2022-09-30: the two middle quarters. "Mid-year"
 *   is not a day; the generous reading avoids calling an item late in July.
 * - "2022" -> the whole year; "2021-2022" -> both years.
 * - "juin 2021", "2021-06", "06/2021" -> that month.
 * - "T2 2021, postponed to T3 2021" -> T2 2021, with `postponedTo` T3 2021:
 *   the promise is the period announced first.
 * - A trailing parenthesised aside after a period is ignored ("T4 2021 (inferred …)").
 * Anything else keeps its text, gets null bounds and a `parseError`: never guessed.
 */

interface Interval {
  readonly start: string;
  readonly end: string;
}

const MONTHS: Readonly<Record<string, number>> = {
  janvier: 1, fevrier: 2, mars: 3, avril: 4, mai: 5, juin: 6,
  juillet: 7, aout: 8, septembre: 9, octobre: 10, novembre: 11, decembre: 12,
};

const ORDINALS: Readonly<Record<string, number>> = {
  '1er': 1, '1re': 1, '1ere': 1, premier: 1, premiere: 1,
  '2e': 2, '2eme': 2, '2nd': 2, '2nde': 2, deuxieme: 2, second: 2, seconde: 2,
  '3e': 3, '3eme': 3, troisieme: 3,
  '4e': 4, '4eme': 4, quatrieme: 4,
};

const POSTPONEMENT =
  /^(.+?)\s*[,;]?\s*\b(?:postponed to|delayed to|(?:reporte|repousse|decale)e?s?\s+(?:au|a|en|jusqu'au))\s+(.+)$/;

const YEAR = '(20\\d{2})';

function quarter(year: number, q: number): Interval {
  return { start: `${year}-${String(q * 3 - 2).padStart(2, '0')}-01`, end: lastDayOfMonth(year, q * 3) };
}

function months(year: number, first: number, last: number): Interval {
  return { start: `${year}-${String(first).padStart(2, '0')}-01`, end: lastDayOfMonth(year, last) };
}

/** Lower-case, accents stripped, dashes unified, spaces collapsed. */
function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[‐‑‒–—−]/g, '-')
    .replace(/[’ʼ`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

// Each pattern is compiled once: compiling them on every call cost about
// 150 ms of every start-up (a few hundred periods are read at boot).
const compiled = new Map<string, RegExp>();
function pattern(source: string): RegExp {
  let regExp = compiled.get(source);
  if (regExp === undefined) {
    regExp = new RegExp(source);
    compiled.set(source, regExp);
  }
  return regExp;
}

function parseCore(s: string): Interval | null {
  let m: RegExpExecArray | null;
  if ((m = pattern(`^[tq]([1-4]) ?-? ?${YEAR}$`).exec(s))) return quarter(Number(m[2]), Number(m[1]));
  if ((m = pattern(`^${YEAR} ?-? ?[tq]([1-4])$`).exec(s))) return quarter(Number(m[1]), Number(m[2]));
  if ((m = pattern(`^[tq]([1-4]) ?(?:-|/|a|au|to) ?[tq]([1-4]) ${YEAR}$`).exec(s))) {
    const [from, to, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return from < to ? { start: quarter(year, from).start, end: quarter(year, to).end } : null;
  }
  if ((m = pattern(`^(\\S+) trimestre (?:de )?${YEAR}$`).exec(s))) {
    const q = ORDINALS[m[1] as string];
    return q ? quarter(Number(m[2]), q) : null;
  }
  if ((m = pattern(`^[sh]([12]) ?-? ?${YEAR}$`).exec(s))) return semester(Number(m[2]), Number(m[1]));
  if ((m = pattern(`^${YEAR} ?-? ?[sh]([12])$`).exec(s))) return semester(Number(m[1]), Number(m[2]));
  if ((m = pattern(`^(\\S+) semestre (?:de )?${YEAR}$`).exec(s))) {
    const half = ORDINALS[m[1] as string];
    return half === 1 || half === 2 ? semester(Number(m[2]), half) : null;
  }
  if ((m = pattern(`^(?:fin|fin d'annee|end of|late) ?${YEAR}$`).exec(s))) return quarter(Number(m[1]), 4);
  if ((m = pattern(`^(?:debut|early|beginning of) ?${YEAR}$`).exec(s))) return quarter(Number(m[1]), 1);
  if ((m = pattern(`^(?:mi|mid|milieu)(?: |-)?${YEAR}$`).exec(s))) return months(Number(m[1]), 4, 9);
  if ((m = pattern(`^${YEAR}$`).exec(s))) return months(Number(m[1]), 1, 12);
  if ((m = pattern(`^${YEAR} ?(?:-|/|et|a|to|and) ?${YEAR}$`).exec(s))) {
    const [from, to] = [Number(m[1]), Number(m[2])];
    return from < to ? { start: `${from}-01-01`, end: `${to}-12-31` } : null;
  }
  if ((m = pattern(`^${YEAR}-(\\d{2})$`).exec(s))) return month(Number(m[1]), Number(m[2]));
  if ((m = pattern(`^(\\d{1,2})/${YEAR}$`).exec(s))) return month(Number(m[2]), Number(m[1]));
  if ((m = pattern(`^([a-z]+) ${YEAR}$`).exec(s))) {
    const monthNumber = MONTHS[m[1] as string];
    return monthNumber ? month(Number(m[2]), monthNumber) : null;
  }
  return null;
}

function semester(year: number, half: number): Interval {
  return half === 1 ? months(year, 1, 6) : months(year, 7, 12);
}

function month(year: number, monthNumber: number): Interval | null {
  return monthNumber >= 1 && monthNumber <= 12 ? months(year, monthNumber, monthNumber) : null;
}

/** Parses a period, ignoring one trailing parenthesised aside when a period precedes it. */
function parseWithAside(s: string): Interval | null {
  const direct = parseCore(s);
  if (direct) return direct;
  const aside = /^(.+?)\s*\(.*\)$/.exec(s);
  return aside ? parseCore((aside[1] as string).trim()) : null;
}

/**
 * Parses an announced period into an interval.
 *
 * @param text the period exactly as announced; null or blank means nothing was announced.
 * @returns a PlannedPeriod keeping `text` verbatim (trimmed). Unparseable text
 *   yields null `start`/`end` and a `parseError`, never a guessed interval.
 */
export function parsePlannedPeriod(text: string | null | undefined): PlannedPeriod {
  const original = typeof text === 'string' ? text.trim() : '';
  if (original === '') return { text: null, start: null, end: null, parseError: null, postponedTo: null };

  const s = normalise(original);
  const unparsed = (parseError: string): PlannedPeriod => ({
    text: original, start: null, end: null, parseError, postponedTo: null,
  });

  if (/^\(.*\)$/.test(s)) {
    return unparsed(`"${original}" is a parenthesised remark, not a planned period`);
  }

  const postponement = POSTPONEMENT.exec(s);
  if (postponement) {
    const announced = parseWithAside((postponement[1] as string).trim());
    if (!announced) return unparsed(`unrecognised planned period before the postponement in "${original}"`);
    const revisedText = revisedOriginalText(original, postponement[2] as string);
    const revised = parseWithAside((postponement[2] as string).trim());
    const postponedTo: PlannedRevision = {
      text: revisedText,
      start: revised?.start ?? null,
      end: revised?.end ?? null,
    };
    return { text: original, start: announced.start, end: announced.end, parseError: null, postponedTo };
  }

  const interval = parseWithAside(s);
  if (!interval) return unparsed(`unrecognised planned period "${original}"`);
  return { text: original, start: interval.start, end: interval.end, parseError: null, postponedTo: null };
}

/** The revised period as written in the original text (same length as its normalised tail). */
function revisedOriginalText(original: string, normalisedTail: string): string {
  // Normalisation keeps one character per visible character once spaces are
  // collapsed, so the tail's length points back into the collapsed original.
  const collapsed = original.replace(/\s+/g, ' ');
  return collapsed.slice(collapsed.length - normalisedTail.length).trim();
}
