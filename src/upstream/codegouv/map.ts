import type { UpstreamSource } from '../datagouv/datagouv-client.js';
import type { Freshness } from '../datagouv/model.js';
import { toIsoDatetime } from '../datagouv/to-iso-datetime.js';
import { readBoolean, readRecord, readString } from '../datagouv/wire-readers.js';
import type { Repository } from './model.js';
import type { CodegouvInventoryRecordPayload, EcosystemRepositoryPayload } from './payload.js';
import { toEcosystemHost, toPlatform } from './routes.js';

/**
 * Wire payloads (guarded by `payload.ts`) to the domain `Repository`. Every
 * field is read defensively: a value of the wrong type, or the inventory's
 * `""` for "missing", is unknown (null), never a crash.
 */

function lastSegment(path: string): string {
  const segments = path.split('/').filter(Boolean);
  return segments[segments.length - 1] ?? path;
}

function firstSegment(path: string): string {
  return path.split('/').filter(Boolean)[0] ?? path;
}

function hostOf(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.host.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** An http(s) URL as sent, else null: a page link must never be `javascript:` or a bare word. */
function readUrl(value: unknown): string | null {
  const text = readString(value);
  return hostOf(text) === null ? null : text;
}

/** One inventory row; the caller guarded `full_name`. Null when no forge can be told for it. */
export function toRepositoryFromInventory(payload: CodegouvInventoryRecordPayload, freshness: Freshness, source: UpstreamSource): Repository | null {
  const record = payload as unknown as Readonly<Record<string, unknown>>;
  const fullName = payload.full_name.trim().replace(/^\/+|\/+$/g, '');
  const pageUrl = readUrl(record['id']);
  const ownerField = readString(record['owner']);
  // The owner is the account's page in current exports, a login in older ones.
  const ownerPage = readUrl(ownerField);
  const platform = readString(record['platform'])?.toLowerCase() ?? hostOf(pageUrl) ?? hostOf(ownerPage);
  if (platform === null) return null;
  return {
    fullName,
    // The account is the first segment of the name whichever form `owner` takes.
    owner: firstSegment(fullName),
    ownerUrl: ownerPage ?? `https://${platform}/${firstSegment(fullName)}`,
    name: readString(record['repo_name']) ?? lastSegment(fullName),
    platform,
    host: toEcosystemHost(platform),
    description: readString(record['description']),
    archived: readBoolean(record['archived']),
    fork: readBoolean(record['fork']),
    updatedAt: toIsoDatetime(record['updated_at']),
    createdAt: null,
    pushedAt: null,
    license: readString(record['license']),
    language: readString(record['language']),
    htmlUrl: pageUrl ?? `https://${platform}/${fullName}`,
    detailed: false,
    source,
    ...freshness,
  };
}

/**
 * One ecosyste.ms repository record; the caller guarded `full_name`.
 *
 * @param askedHost the API host name it was asked under, used when the record does not name its host.
 */
export function toRepository(payload: EcosystemRepositoryPayload, askedHost: string, freshness: Freshness, source: UpstreamSource): Repository {
  const record = payload as unknown as Readonly<Record<string, unknown>>;
  const fullName = payload.full_name.trim().replace(/^\/+|\/+$/g, '');
  const htmlUrl = readUrl(record['html_url']);
  const hostName = readString(readRecord(record['host'])?.['name']) ?? askedHost;
  const platform = hostOf(htmlUrl) ?? toPlatform(hostName);
  const owner = readString(record['owner']) ?? firstSegment(fullName);
  return {
    fullName,
    owner,
    ownerUrl: `https://${platform}/${firstSegment(fullName)}`,
    name: lastSegment(fullName),
    platform,
    host: hostName,
    description: readString(record['description']),
    archived: readBoolean(record['archived']),
    fork: readBoolean(record['fork']),
    updatedAt: toIsoDatetime(record['updated_at']),
    createdAt: toIsoDatetime(record['created_at']),
    pushedAt: toIsoDatetime(record['pushed_at']),
    license: readString(record['license']),
    language: readString(record['language']),
    htmlUrl: htmlUrl ?? `https://${platform}/${fullName}`,
    detailed: true,
    source,
    ...freshness,
  };
}
