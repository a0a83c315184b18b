import type { Catalogue, DatasetEntry } from '../catalogue.js';
import { isJsonObject, type JsonObject } from '../catalogue/payload-types.js';

export interface FacetBucket extends JsonObject {
  readonly name: string;
  readonly count: number;
}

/** Buckets per facet after the leading `all` one (the search engine's default terms size). */
const MAX_BUCKETS = 10;

const FORMAT_FAMILIES: Readonly<Record<string, string>> = {
  csv: 'tabular', xls: 'tabular', xlsx: 'tabular', ods: 'tabular', parquet: 'tabular', dbase: 'tabular',
  'csv,dbase': 'tabular', 'csv, dbase': 'tabular',
  geojson: 'geographical', shp: 'geographical', kml: 'geographical', gpkg: 'geographical', wms: 'geographical',
  wfs: 'geographical', gml: 'geographical',
  pdf: 'documents', doc: 'documents', docx: 'documents', odt: 'documents', html: 'documents',
};

const DAY_MS = 86_400_000;

function buckets(values: ReadonlyArray<readonly string[]>, total: number): FacetBucket[] {
  const counts = new Map<string, number>();
  for (const valuesOfOne of values) for (const value of new Set(valuesOfOne)) counts.set(value, (counts.get(value) ?? 0) + 1);
  const sorted = [...counts.entries()]
    .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
    .slice(0, MAX_BUCKETS)
    .map(([name, count]) => ({ name, count }));
  return [{ name: 'all', count: total }, ...sorted];
}

/**
 * The `facets` of a v2 dataset search, computed over every hit (not just the
 * page), with the keys production sends. Each facet starts with
 * `{"name":"all","count":total}`; `schema` and `topics` stay empty because no
 * catalogued dataset has a schema or topic.
 */
export function toSearchFacets(catalogue: Catalogue, hits: readonly DatasetEntry[], now: Date): JsonObject {
  const total = hits.length;
  const of = (pick: (entry: DatasetEntry) => readonly string[]): FacetBucket[] => buckets(hits.map(pick), total);
  const spatial = (entry: DatasetEntry): JsonObject | null => {
    const value = entry.payload['spatial'];
    return isJsonObject(value) ? value : null;
  };
  const formats = (entry: DatasetEntry): string[] =>
    entry.payload.resources.map((resource) => resource.format).filter((format): format is string => format !== null && format !== '');
  const age = (entry: DatasetEntry): number => now.getTime() - Date.parse(entry.payload.last_update);
  return {
    access_type: of((entry) => [String(entry.payload['access_type'] ?? 'open')]),
    badge: of((entry) => entry.payload.badges.map((badge) => badge.kind)),
    format: of(formats),
    format_family: of((entry) => formats(entry).map((format) => FORMAT_FAMILIES[format] ?? 'other')),
    geozone: of((entry) => {
      const zones = spatial(entry)?.['zones'];
      return Array.isArray(zones) ? zones.filter((zone): zone is string => typeof zone === 'string') : [];
    }),
    granularity: of((entry) => {
      const granularity = spatial(entry)?.['granularity'];
      return [typeof granularity === 'string' ? granularity : 'other'];
    }),
    last_update: of((entry) => {
      const ms = age(entry);
      return [
        ...(ms <= 30 * DAY_MS ? ['last_30_days'] : []),
        ...(ms <= 365 * DAY_MS ? ['last_12_months'] : []),
        ...(ms <= 3 * 365 * DAY_MS ? ['last_3_years'] : []),
      ];
    }),
    license: of((entry) => [entry.payload.license]),
    organization_id_with_name: of((entry) => {
      const organization = entry.payload.organization;
      return organization === null ? [] : [`${organization.id}|${organization.name}`];
    }),
    producer_type: of((entry) => {
      const organization = entry.payload.organization;
      if (organization === null) return ['user'];
      const current = catalogue.organizations.byId.get(organization.id)?.payload.badges ?? organization.badges;
      return current.map((badge) => badge.kind).filter((kind) => kind !== 'certified');
    }),
    schema: of(() => []),
    tag: of((entry) => entry.payload.tags),
    topics: of(() => []),
  };
}
