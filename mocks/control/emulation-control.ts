import type { RequestHandler } from 'msw';
import type { Catalogue } from '../catalogue.js';

/**
 * How the whole emulation answers:
 * - `normal`: data.gouv.fr as recorded;
 * - `html-404`: every `/api/` path answers 404 with an HTML page, what a wrong
 *   `DATAGOUV_API_URL` or a proxy error page gives (`/api/1/site/` included);
 * - `objects-404`: every single-object GET (`/api/1/datasets/<x>/`,
 *   `/api/2/datasets/<x>/`, `/api/1/dataservices/<x>/`, `/api/1/organizations/<x>/`)
 *   answers udata's own JSON 404 while the site, list and search routes answer
 *   normally: the "everything vanished" case a client must not read as deletions.
 */
export const EMULATION_MODES = ['normal', 'html-404', 'objects-404'] as const;
export type EmulationMode = (typeof EMULATION_MODES)[number];

/** Kinds of objects the control can delete or archive at run time. */
export type ControlledKind = 'dataset' | 'dataservice';

/** Run-time switches of one emulation (one `createDatagouvHandlers()` call). */
export interface EmulationControl {
  /** The current mode. */
  readonly mode: EmulationMode;
  /** The catalogue as currently served (deletions and archivings applied). */
  readonly catalogue: Catalogue;
  setMode(mode: EmulationMode): void;
  /**
   * Deletes a dataset or dataservice by id or slug, as udata does: `deleted`
   * (datasets) or `deleted_at` (dataservices) set to now; its GET answers 410
   * `"<Kind> has been deleted"`, it leaves lists and search, and it stays in
   * organization dataset listings (udata does not filter those). Throws
   * RangeError for an unknown object.
   */
  deleteObject(kind: ControlledKind, idOrSlug: string): void;
  /**
   * Archives a dataset or dataservice by id or slug: `archived` (datasets) or
   * `archived_at` (dataservices) set to now; still served 200 by id or slug,
   * gone from lists and search. Throws RangeError for an unknown object.
   */
  archiveObject(kind: ControlledKind, idOrSlug: string): void;
  /**
   * Replaces a dataset's payload by `edit(payload)`: a licence changed, a
   * file added (`resources`), a new slug (the old one then redirects, as
   * udata does). Throws RangeError for an unknown dataset.
   */
  editDataset(idOrSlug: string, edit: (payload: Readonly<Record<string, unknown>>) => Record<string, unknown>): void;
  /**
   * Deletes a dataset and publishes a copy under a new id and slug, created
   * now: what a producer does when it re-creates a dataset instead of
   * updating it. Throws RangeError for an unknown dataset.
   */
  recreateDataset(idOrSlug: string, identity: { readonly id: string; readonly slug: string }): void;
  /** Back to `normal` (or the initial mode) and the catalogue as loaded. */
  reset(): void;
}

/** Handlers from `createDatagouvHandlers`: an ordinary msw handler list that also carries its control. */
export type DatagouvHandlers = RequestHandler[] & { readonly control: EmulationControl };

/** Reads a mode name (`MOCK_UPSTREAM_MODE`); null when it is not one. */
export function parseEmulationMode(raw: string): EmulationMode | null {
  return (EMULATION_MODES as readonly string[]).includes(raw) ? (raw as EmulationMode) : null;
}

/** Whether `handlers` carry an emulation control (spreading the array drops it). */
export function hasEmulationControl(handlers: readonly RequestHandler[]): handlers is DatagouvHandlers {
  return 'control' in handlers && typeof (handlers as { control?: unknown }).control === 'object';
}
