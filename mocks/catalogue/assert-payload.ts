import {
  isJsonObject,
  type DatasetPayload,
  type DataservicePayload,
  type JsonObject,
  type JsonValue,
  type OrganizationPayload,
  type ReusePayload,
} from './payload-types.js';

const OBJECT_ID = /^[0-9a-f]{24}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Check = 'string' | 'string?' | 'boolean' | 'object' | 'object?' | 'array' | 'objectId' | 'uuid';

function check(object: JsonObject, shape: Readonly<Record<string, Check>>, where: string): void {
  for (const [key, expected] of Object.entries(shape)) {
    const value = object[key];
    const ok =
      expected === 'string' ? typeof value === 'string'
      : expected === 'string?' ? typeof value === 'string' || value === null
      : expected === 'boolean' ? typeof value === 'boolean'
      : expected === 'object' ? isJsonObject(value)
      : expected === 'object?' ? isJsonObject(value) || value === null
      : expected === 'array' ? Array.isArray(value)
      : expected === 'objectId' ? typeof value === 'string' && OBJECT_ID.test(value)
      : typeof value === 'string' && UUID.test(value);
    if (!ok) throw new TypeError(`${where}: "${key}" should be ${expected}, got ${JSON.stringify(value)}`);
  }
}

function asObject(value: JsonValue, where: string): JsonObject {
  if (!isJsonObject(value)) throw new TypeError(`${where}: expected an object`);
  return value;
}

/** Fails loudly on a fixture that lost a field the handlers rely on (a typo in a JSON file, a bad retype). */
export function assertDatasetPayload(value: JsonValue, where: string): DatasetPayload {
  const object = asObject(value, where);
  check(object, {
    id: 'objectId', slug: 'string', title: 'string', acronym: 'string?', description: 'string', tags: 'array',
    badges: 'array', organization: 'object?', created_at: 'string', last_update: 'string', archived: 'string?',
    deleted: 'string?', private: 'boolean', license: 'string', extras: 'object', metrics: 'object', resources: 'array',
  }, where);
  for (const [index, resource] of (object['resources'] as readonly JsonValue[]).entries()) {
    const at = `${where} resources[${index}]`;
    check(asObject(resource, at), { id: 'uuid', title: 'string', type: 'string', format: 'string?', url: 'string', extras: 'object' }, at);
  }
  return object as DatasetPayload;
}

export function assertOrganizationPayload(value: JsonValue, where: string): OrganizationPayload {
  const object = asObject(value, where);
  check(object, { id: 'objectId', slug: 'string', name: 'string', acronym: 'string?', deleted: 'string?', badges: 'array', metrics: 'object' }, where);
  return object as OrganizationPayload;
}

export function assertDataservicePayload(value: JsonValue, where: string): DataservicePayload {
  const object = asObject(value, where);
  check(object, {
    id: 'objectId', slug: 'string', title: 'string', acronym: 'string?', description: 'string', tags: 'array',
    created_at: 'string', deleted_at: 'string?', archived_at: 'string?', private: 'boolean', organization: 'object?',
    metrics: 'object',
  }, where);
  return object as DataservicePayload;
}

export function assertReusePayload(value: JsonValue, where: string): ReusePayload {
  const object = asObject(value, where);
  check(object, { id: 'objectId', slug: 'string', title: 'string', created_at: 'string', deleted: 'string?', private: 'boolean', datasets: 'array', metrics: 'object' }, where);
  return object as ReusePayload;
}
