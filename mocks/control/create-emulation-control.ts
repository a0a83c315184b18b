import type { Catalogue, Collection } from '../catalogue.js';
import type { JsonObject } from '../catalogue/payload-types.js';
import { lookupPathSegment } from '../routes/lookup-path-segment.js';
import { EMULATION_MODES, parseEmulationMode, type ControlledKind, type EmulationControl, type EmulationMode } from './emulation-control.js';

interface WithPayload {
  readonly payload: JsonObject & { readonly id: string; readonly slug: string };
}

/** A new collection where `previous` is replaced by `next` under every key that reached it. */
function replaceEntry<E extends WithPayload>(collection: Collection<E>, previous: E, next: E): Collection<E> {
  const swap = (entry: E): E => (entry === previous ? next : entry);
  const remap = (map: ReadonlyMap<string, E>): ReadonlyMap<string, E> => new Map([...map].map(([key, entry]) => [key, swap(entry)]));
  return { all: collection.all.map(swap), byId: remap(collection.byId), bySlug: remap(collection.bySlug), byOldSlug: remap(collection.byOldSlug) };
}

/** udata's datetime format: Mongo keeps milliseconds, the API writes microseconds and `+00:00`. */
function toUdataDatetime(date: Date): string {
  return date.toISOString().replace('Z', '000+00:00');
}

/** udata's field for each change, per kind: datasets say `deleted`/`archived`, dataservices `deleted_at`/`archived_at`. */
const FIELDS = {
  dataset: { delete: 'deleted', archive: 'archived' },
  dataservice: { delete: 'deleted_at', archive: 'archived_at' },
} as const;

/**
 * Holds the mode and the served catalogue of one emulation. Changes never
 * touch the loaded catalogue (several handler sets may share it): each one
 * builds a new catalogue with the changed entry copied.
 */
export function createEmulationControl(loaded: Catalogue, now: () => Date, initialMode: EmulationMode = 'normal'): EmulationControl {
  let mode = initialMode;
  let catalogue = loaded;

  const change = (kind: ControlledKind, idOrSlug: string, action: 'delete' | 'archive'): void => {
    const field = FIELDS[kind][action];
    // Deleting or archiving twice keeps the first date.
    const isUnset = (entry: WithPayload): boolean => entry.payload[field] === null || entry.payload[field] === undefined;
    if (kind === 'dataset') {
      const lookup = lookupPathSegment(catalogue.datasets, idOrSlug);
      if (lookup.kind === 'missing') throw new RangeError(`The emulated catalogue has no dataset "${idOrSlug}"`);
      if (!isUnset(lookup.entry)) return;
      const next = { ...lookup.entry, payload: { ...lookup.entry.payload, [field]: toUdataDatetime(now()) } };
      catalogue = { ...catalogue, datasets: replaceEntry(catalogue.datasets, lookup.entry, next) };
    } else {
      const lookup = lookupPathSegment(catalogue.dataservices, idOrSlug);
      if (lookup.kind === 'missing') throw new RangeError(`The emulated catalogue has no dataservice "${idOrSlug}"`);
      if (!isUnset(lookup.entry)) return;
      const next = { ...lookup.entry, payload: { ...lookup.entry.payload, [field]: toUdataDatetime(now()) } };
      catalogue = { ...catalogue, dataservices: replaceEntry(catalogue.dataservices, lookup.entry, next) };
    }
  };

  return {
    get mode() {
      return mode;
    },
    get catalogue() {
      return catalogue;
    },
    setMode(next) {
      if (parseEmulationMode(String(next)) === null) throw new RangeError(`Unknown emulation mode "${String(next)}" (${EMULATION_MODES.join(', ')})`);
      mode = next;
    },
    editDataset(idOrSlug, edit) {
      const lookup = lookupPathSegment(catalogue.datasets, idOrSlug);
      if (lookup.kind === 'missing') throw new RangeError(`The emulated catalogue has no dataset "${idOrSlug}"`);
      const payload = edit(lookup.entry.payload) as typeof lookup.entry.payload;
      const next = { ...lookup.entry, payload };
      const datasets = replaceEntry(catalogue.datasets, lookup.entry, next);
      // A new slug answers at once; the old one redirects, as udata keeps former slugs.
      const renamed = payload.slug !== lookup.entry.payload.slug;
      catalogue = {
        ...catalogue,
        datasets: renamed
          ? {
              ...datasets,
              bySlug: new Map([...[...datasets.bySlug].filter(([slug]) => slug !== lookup.entry.payload.slug), [payload.slug, next]]),
              byOldSlug: new Map([...datasets.byOldSlug, [lookup.entry.payload.slug, next]]),
            }
          : datasets,
      };
    },
    recreateDataset(idOrSlug, identity) {
      const lookup = lookupPathSegment(catalogue.datasets, idOrSlug);
      if (lookup.kind === 'missing') throw new RangeError(`The emulated catalogue has no dataset "${idOrSlug}"`);
      const created = toUdataDatetime(now());
      const copy = {
        ...lookup.entry,
        payload: { ...lookup.entry.payload, id: identity.id, slug: identity.slug, created_at: created, last_modified: created },
      };
      change('dataset', idOrSlug, 'delete');
      const datasets = catalogue.datasets;
      catalogue = {
        ...catalogue,
        datasets: {
          all: [...datasets.all, copy],
          byId: new Map([...datasets.byId, [identity.id, copy]]),
          bySlug: new Map([...datasets.bySlug, [identity.slug, copy]]),
          byOldSlug: datasets.byOldSlug,
        },
      };
    },
    deleteObject: (kind, idOrSlug) => change(kind, idOrSlug, 'delete'),
    archiveObject: (kind, idOrSlug) => change(kind, idOrSlug, 'archive'),
    reset() {
      mode = initialMode;
      catalogue = loaded;
    },
  };
}
