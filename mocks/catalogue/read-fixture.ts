import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isJsonObject, type JsonObject, type JsonValue } from './payload-types.js';

/** `mocks/fixtures/`, next to this package: the mock runs from this repository alone. */
export const DEFAULT_FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface Fixture {
  /** The response body (unwrapped when the file is a `{"$fixture", "body"}` recording). */
  readonly body: JsonValue;
  /** `$fixture` metadata of a wrapped recording, else null. */
  readonly meta: { readonly url: string; readonly status: number; readonly recordedAt: string } | null;
}

export function readJson(dir: string, file: string): JsonValue {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as JsonValue;
}

export function readText(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

/** Reads a recorded response; wrapped recordings give their body and `$fixture` metadata. */
export function readFixture(dir: string, file: string): Fixture {
  const json = readJson(dir, file);
  if (isJsonObject(json) && isJsonObject(json['$fixture']) && 'body' in json) {
    const meta = json['$fixture'];
    const url = meta['url'];
    const status = meta['status'];
    const recordedAt = meta['recordedAt'];
    if (typeof url !== 'string' || typeof status !== 'number' || typeof recordedAt !== 'string') {
      throw new TypeError(`${file}: malformed $fixture metadata`);
    }
    return { body: json['body'] as JsonValue, meta: { url, status, recordedAt } };
  }
  return { body: json, meta: null };
}

/** The object under `key` of a fixture file, or a clear error naming the file. */
export function readSection(dir: string, file: string, key: string): JsonValue {
  const json = readJson(dir, file);
  if (!isJsonObject(json) || !(key in json)) throw new TypeError(`${file}: missing "${key}"`);
  return json[key] as JsonValue;
}

export function asArray(value: JsonValue, where: string): readonly JsonValue[] {
  if (!Array.isArray(value)) throw new TypeError(`${where}: expected an array`);
  return value;
}

export function asObject(value: JsonValue, where: string): JsonObject {
  if (!isJsonObject(value)) throw new TypeError(`${where}: expected an object`);
  return value;
}
