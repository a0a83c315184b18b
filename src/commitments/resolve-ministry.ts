import type { Commitment } from './model.js';
import { normaliseText } from './normalise-tokens.js';
import type { ProducerMinistry } from './parse-producer-ministries.js';

/** The table row for a producer as a record names it (its name or an alias; case, accents and punctuation ignored). */
export function findProducerMinistry(producers: readonly ProducerMinistry[], producer: string | null): ProducerMinistry | null {
  if (producer === null) return null;
  const wanted = normaliseText(producer);
  if (wanted === '') return null;
  return producers.find((row) => [row.producer, ...row.aliases].some((name) => normaliseText(name) === wanted)) ?? null;
}

/**
 * A commitment whose record names no ministry takes its producer's ministry
 * from the sourced producer table, marked PRODUCER, with the table's first
 * source. A ministry the record names always wins; a producer absent from the
 * table leaves the ministry null (NONE). Pure.
 */
export function resolveMinistry(commitment: Commitment, producers: readonly ProducerMinistry[]): Commitment {
  if (commitment.ministryOrigin !== 'NONE') return commitment;
  const row = findProducerMinistry(producers, commitment.producer);
  const source = row?.sources[0];
  if (row === null || source === undefined) return commitment;
  return { ...commitment, ministry: row.ministry, ministryOrigin: 'PRODUCER', ministrySource: source };
}
