import type { Commitment } from '../commitments/model.js';
import { nextParisMidnight } from '../commitments/next-paris-midnight.js';
import { HistoryUnavailableError } from '../errors/gateway-error.js';
import type { ObservationRecord, VerdictStore } from '../store/verdict-store.js';
import type { GatewayContext } from './context.js';

/** A commitment seen as of a past Europe/Paris day: its verdict is the one recorded by the end of that day. */
export interface DatedCommitment extends Commitment {
  /** `YYYY-MM-DD`; absent for today's verdict. */
  readonly asOf?: string;
}

export function atDay(commitment: Commitment, day: string | null | undefined): DatedCommitment {
  return day ? { ...commitment, asOf: day } : commitment;
}

/** The first instant after the Europe/Paris day `day` (`YYYY-MM-DD`), ISO-8601. */
export function endOfParisDay(day: string): string {
  // Noon UTC is the same calendar day in Paris whatever the season.
  return new Date(nextParisMidnight(new Date(`${day}T12:00:00Z`))).toISOString();
}

/** Runs a read on the store of record, or says it is unavailable. */
export function readHistory<T>(context: GatewayContext, read: (store: VerdictStore) => Promise<T>): Promise<T> {
  if (context.history === null) {
    return Promise.reject(new HistoryUnavailableError('this gateway runs without a store of record, so it has no history'));
  }
  return context.history.use(read);
}

const recordedByContext = new WeakMap<GatewayContext, Map<string, Promise<ReadonlyMap<string, ObservationRecord>>>>();

/** Every commitment's latest observation by the end of `day`, read once per request and day. */
export function loadRecordedAsOf(context: GatewayContext, day: string): Promise<ReadonlyMap<string, ObservationRecord>> {
  let byDay = recordedByContext.get(context);
  if (!byDay) recordedByContext.set(context, (byDay = new Map()));
  let pending = byDay.get(day);
  if (!pending) {
    pending = readHistory(context, (store) => store.observationsBefore(endOfParisDay(day)));
    byDay.set(day, pending);
  }
  return pending;
}
