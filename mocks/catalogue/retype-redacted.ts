import { isJsonObject, type JsonObject, type JsonValue } from './payload-types.js';

/** The string the fixture recorder wrote in place of volatile values. */
export const REDACTED = '[redacted]';

/** Deterministic integer in [min, max] from a seed, so replaced values are stable across runs. */
function seeded(seed: string, min: number, max: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < seed.length; index++) {
    hash ^= seed.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return min + ((hash >>> 0) % (max - min + 1));
}

type Kind = 'dataset' | 'resource' | 'organization' | 'dataservice' | 'reuse' | 'other';

function kindOf(object: JsonObject): Kind {
  if ('filetype' in object) return 'resource';
  if ('frequency' in object && 'resources' in object) return 'dataset';
  if ('base_api_url' in object) return 'dataservice';
  if ('members' in object || 'business_number_id' in object) return 'organization';
  if ('datasets' in object && 'url' in object && 'type' in object) return 'reuse';
  return 'other';
}

function byMonths(seed: string, max: number, lastMonth: string): JsonObject {
  // The live API keys these by the 13 months ending with the current one.
  const [year, month] = lastMonth.split('-').map(Number) as [number, number];
  const months: Record<string, number> = {};
  for (let back = 12; back >= 0; back--) {
    const date = new Date(Date.UTC(year, month - 1 - back, 1));
    const key = date.toISOString().slice(0, 7);
    months[key] = seeded(`${seed}:${key}`, 0, max);
  }
  return months;
}

function metricsFor(kind: Kind, owner: JsonObject, seed: string, lastMonth: string): JsonObject {
  switch (kind) {
    case 'resource':
      return { views: seeded(`${seed}:views`, 0, 5000) };
    case 'dataset':
      return {
        dataservices: 0,
        discussions: seeded(`${seed}:discussions`, 0, 120),
        discussions_open: seeded(`${seed}:discussions_open`, 0, 6),
        followers: seeded(`${seed}:followers`, 5, 200),
        followers_by_months: byMonths(`${seed}:fbm`, 3, lastMonth),
        resources_downloads: seeded(`${seed}:downloads`, 1000, 500000),
        reuses: seeded(`${seed}:reuses`, 0, 150),
        reuses_by_months: byMonths(`${seed}:rbm`, 4, lastMonth),
        views: seeded(`${seed}:views`, 10000, 2000000),
      };
    case 'organization':
      return {
        dataservices: seeded(`${seed}:dataservices`, 0, 5),
        datasets: seeded(`${seed}:datasets`, 10, 400),
        followers: seeded(`${seed}:followers`, 10, 700),
        members: Array.isArray(owner['members']) ? owner['members'].length : seeded(`${seed}:members`, 1, 30),
        reuses: seeded(`${seed}:reuses`, 0, 90),
        views: seeded(`${seed}:views`, 10000, 2000000),
      };
    case 'dataservice':
      return {
        discussions: seeded(`${seed}:discussions`, 0, 20),
        followers: seeded(`${seed}:followers`, 0, 200),
        reuses: seeded(`${seed}:reuses`, 0, 40),
        views: seeded(`${seed}:views`, 1000, 300000),
      };
    case 'reuse':
      return {
        datasets: Array.isArray(owner['datasets']) ? owner['datasets'].length : 1,
        discussions: seeded(`${seed}:discussions`, 0, 5),
        followers: seeded(`${seed}:followers`, 0, 40),
        views: seeded(`${seed}:views`, 50, 20000),
      };
    case 'other':
      throw new TypeError('no metrics shape known for this object');
  }
}

function asOffsetDatetime(value: JsonValue | undefined, fallback: string): string {
  if (typeof value !== 'string') return fallback;
  // analysis:last-modified-at values are whole seconds with an offset (`2025-04-05T05:49:50+00:00`).
  return `${value.slice(0, 19)}+00:00`;
}

function qualityFor(dataset: JsonObject): JsonObject {
  const resources = Array.isArray(dataset['resources']) ? dataset['resources'].filter(isJsonObject) : [];
  const openFormats = new Set(['csv', 'json', 'geojson', 'xml', 'ods', 'txt', 'parquet', 'zip', 'shp', 'csv,dbase', 'csv, dbase', 'dbase']);
  const flags = {
    all_resources_available: resources.length > 0 && resources.every((r) => !isJsonObject(r['extras']) || r['extras']['check:available'] !== false),
    dataset_description_quality: typeof dataset['description'] === 'string' && dataset['description'].length >= 200,
    has_open_format: resources.some((r) => typeof r['format'] === 'string' && openFormats.has(r['format'])),
    has_resources: resources.length > 0,
    license: dataset['license'] !== 'notspecified',
    resources_documentation: resources.length > 0 && resources.every((r) => typeof r['description'] === 'string' && r['description'] !== ''),
    spatial: dataset['spatial'] !== null && dataset['spatial'] !== undefined,
    temporal_coverage: dataset['temporal_coverage'] !== null && dataset['temporal_coverage'] !== undefined,
    update_frequency: dataset['frequency'] !== 'unknown',
    update_fulfilled_in_time: true,
  };
  const score = Object.values(flags).filter(Boolean).length / Object.keys(flags).length;
  return { ...flags, score };
}

export interface RetypeOptions {
  /** Fixture file name, for error messages. */
  readonly source: string;
  /** When the fixture was recorded (ISO-8601); replaced dates are placed just before it. */
  readonly recordedAt: string;
}

/**
 * Replaces the recorder's `"[redacted]"` strings with values of the real type
 * (objects, booleans, date-times), chosen deterministically from the object's
 * id so every run serves the same numbers. An unknown redacted key throws:
 * a fixture must never reach a client with a string where udata sends an object.
 */
export function retypeRedacted(value: JsonValue, options: RetypeOptions): JsonValue {
  const lastMonth = options.recordedAt.slice(0, 7);
  const checkDate = options.recordedAt.replace(/Z$/, '').replace(/\+00:00$/, '').slice(0, 19);

  const walk = (node: JsonValue, path: string, owner: JsonObject | null): JsonValue => {
    if (Array.isArray(node)) return node.map((item, index) => walk(item, `${path}[${index}]`, owner));
    if (!isJsonObject(node)) return node;
    const out: Record<string, JsonValue> = {};
    const kind = kindOf(node);
    const seed = typeof node['id'] === 'string' ? node['id'] : path;
    for (const [key, child] of Object.entries(node)) {
      const at = `${path}.${key}`;
      if (child !== REDACTED) {
        out[key] = walk(child, at, node);
        continue;
      }
      out[key] = replacement(key, kind, node, owner, seed, at, path.endsWith('.permissions'));
    }
    return out;
  };

  const replacement = (key: string, kind: Kind, node: JsonObject, owner: JsonObject | null, seed: string, at: string, inPermissions: boolean): JsonValue => {
    switch (key) {
      case 'metrics':
        return metricsFor(kind, node, seed, lastMonth);
      case 'quality':
        return qualityFor(node);
      case 'internal': {
        const created = typeof node['created_at'] === 'string' ? node['created_at'] : options.recordedAt;
        const modified = typeof node['last_modified'] === 'string' ? node['last_modified'] : created;
        return { created_at_internal: created, last_modified_internal: modified };
      }
      case 'harvest':
        // `permissions.harvest` is a boolean; an object's `harvest` is null unless it was harvested.
        return inPermissions ? false : null;
      case 'check:date':
        // udata stores these naive (no offset); keep that quirk.
        return `${checkDate.slice(0, 11)}0${seeded(`${seed}:h`, 0, 9)}:${String(seeded(`${seed}:m`, 0, 59)).padStart(2, '0')}:${String(seeded(`${seed}:s`, 0, 59)).padStart(2, '0')}.${String(seeded(`${seed}:u`, 1, 999999)).padStart(6, '0')}`;
      case 'check:timeout':
        return false;
      case 'analysis:last-modified-at':
        return asOffsetDatetime(owner?.['last_modified'], options.recordedAt);
      case 'analysis:last-modified-detection':
        return 'last-modified-header';
      case 'description':
        // Embedded datasets of a reuse: the text is lost; an empty description is a value udata does serve.
        return '';
      case 'extras':
        return {};
      case 'resources':
        return [];
      default:
        throw new TypeError(`${options.source}: no typed replacement for "[redacted]" at ${at}`);
    }
  };

  return walk(value, '$', null);
}
