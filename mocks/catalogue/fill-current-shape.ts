import { isJsonObject, type JsonObject, type JsonValue } from './payload-types.js';

/**
 * Older recordings (2023, 2024, 2025) lack keys that udata 17.6 (what
 * production ran when the 2026 fixtures were recorded) always sends. The
 * emulation speaks one API version, so the loader adds the missing keys with
 * the value udata gives an object that never set them. Existing values are
 * never changed; the list of added keys is returned so provenance can say so.
 */
export interface Filled<T> {
  readonly payload: T;
  /** Dotted paths of the keys that were added. */
  readonly filled: readonly string[];
}

const DATASET_DEFAULTS: Readonly<Record<string, JsonValue>> = {
  access_audiences: [],
  access_type: 'open',
  access_type_reason: null,
  access_type_reason_category: null,
  authorization_request_url: null,
  contact_points: [],
  description_short: null,
  featured: false,
  permissions: { delete: false, edit: false, edit_resources: false },
  schema: null,
};

const ORGANIZATION_DEFAULTS: Readonly<Record<string, JsonValue>> = {
  ext: {},
  image_url: null,
  permissions: { delete: false, edit: false, harvest: false, members: false, private: false },
  presentation_blocs_published_at: null,
  teams: [],
  zone: null,
};

const ORGANIZATION_REF_PERMISSIONS: JsonObject = { delete: false, edit: false, harvest: false, members: false, private: false };

function addMissing(object: JsonObject, defaults: Readonly<Record<string, JsonValue>>, prefix: string, filled: string[]): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = { ...object };
  for (const [key, value] of Object.entries(defaults)) {
    if (!(key in out)) {
      out[key] = value;
      filled.push(prefix + key);
    }
  }
  return out;
}

function fillOrganizationRef(ref: JsonValue | undefined, path: string, filled: string[]): JsonValue | undefined {
  if (!isJsonObject(ref) || 'permissions' in ref) return ref;
  filled.push(`${path}.permissions`);
  return { ...ref, permissions: ORGANIZATION_REF_PERMISSIONS };
}

/** Brings a v1 dataset payload (any capture year) to the udata 17.6 key set. */
export function fillDatasetShape(payload: JsonObject): Filled<JsonObject> {
  const filled: string[] = [];
  const out = addMissing(payload, DATASET_DEFAULTS, '', filled);
  // Before 2025-02 the API had a single `contact_point` (always null in our captures) instead of `contact_points`.
  if ('contact_point' in out) {
    delete out['contact_point'];
    filled.push('-contact_point');
  }
  const organization = fillOrganizationRef(out['organization'], 'organization', filled);
  if (organization !== undefined) out['organization'] = organization;
  return { payload: out, filled };
}

/** Brings an organization payload to the udata 17.6 key set. */
export function fillOrganizationShape(payload: JsonObject): Filled<JsonObject> {
  const filled: string[] = [];
  return { payload: addMissing(payload, ORGANIZATION_DEFAULTS, '', filled), filled };
}
