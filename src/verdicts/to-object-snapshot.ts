import type { CommitmentStatus } from '../commitments/model.js';
import type { ObjectSnapshot } from '../store/verdict-store.js';

/** The fields of a verdict's resolved object a journalist checks; null when it resolved none. */
export function toObjectSnapshot(status: CommitmentStatus): ObjectSnapshot | null {
  if (status.dataset) {
    const d = status.dataset;
    return {
      kind: 'DATASET',
      id: d.id,
      slug: d.slug,
      title: d.title,
      license: d.license,
      archived: d.archivedAt !== null,
      deleted: d.deleted,
      lastUpdate: d.lastUpdate,
      files:
        d.inlineResources?.map((r) => ({
          id: r.id,
          title: r.title,
          url: r.url,
          format: r.format,
          checksum: r.checksum ? `${r.checksum.type}:${r.checksum.value}` : null,
          lastModified: r.lastModified,
        })) ?? null,
    };
  }
  if (status.dataservice) {
    const s = status.dataservice;
    return {
      kind: 'DATASERVICE',
      id: s.id,
      slug: s.slug,
      title: s.title,
      license: null,
      archived: s.archivedAt !== null,
      deleted: s.deleted,
      lastUpdate: null,
      files: null,
    };
  }
  return null;
}
