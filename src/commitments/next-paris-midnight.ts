import { toParisDay } from './to-paris-day.js';

const HOUR_MS = 3_600_000;

/**
 * The first instant of the Europe/Paris calendar day after `instant`'s, in ms
 * since the epoch. Verdicts count days in Paris time, so an answer that holds
 * one may change at that instant even when no upstream data did.
 */
export function nextParisMidnight(instant: Date): number {
  const at = instant.getTime();
  // Asked for every stored answer: an instant between the last one asked and its midnight shares that midnight.
  if (at >= lastAsked.from && at < lastAsked.until) return lastAsked.until;
  const until = computeNextParisMidnight(instant);
  if (until > at) lastAsked = { from: at, until };
  return until;
}

let lastAsked = { from: Number.NaN, until: Number.NaN };

function computeNextParisMidnight(instant: Date): number {
  const today = toParisDay(instant);
  if (today === null) return instant.getTime();
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(year, month - 1, day + 1);
  const tomorrow = new Date(utcMidnight).toISOString().slice(0, 10);
  // Paris is UTC+1 or UTC+2, and changes offset at 02:00 or 03:00, never at midnight.
  for (const offsetHours of [2, 1]) {
    const candidate = utcMidnight - offsetHours * HOUR_MS;
    if (toParisDay(new Date(candidate)) === tomorrow && toParisDay(new Date(candidate - 1)) !== tomorrow) return candidate;
  }
  return utcMidnight - HOUR_MS;
}
