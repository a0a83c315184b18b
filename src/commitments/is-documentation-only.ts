import type { Resource } from '../upstream/datagouv/model.js';

/** Formats that document data rather than carry it. */
const DOCUMENT_FORMATS: ReadonlySet<string> = new Set(['pdf', 'doc', 'docx', 'odt', 'html', 'htm', 'rtf']);

function isDocumentation(resource: Resource): boolean {
  if (resource.type === 'documentation') return true;
  // Declared formats are free text ("csv,dbase", "pdf"): every part must be a document format.
  const parts = (resource.format ?? '').toLowerCase().split(/[\s,;/]+/).filter((part) => part !== '');
  return parts.length > 0 && parts.every((part) => DOCUMENT_FORMATS.has(part));
}

/**
 * True when every resource is documentation (type `documentation`, or a
 * pdf/doc/docx/odt/html/rtf file): an opening that published a notice, not data.
 *
 * @returns null when the resources are not known (v2 payload) or there are
 *   none: an empty dataset is not "documentation only", and `resourceCount: 0`
 *   already says it is empty.
 */
export function isDocumentationOnly(resources: readonly Resource[] | null): boolean | null {
  if (!resources || resources.length === 0) return null;
  return resources.every(isDocumentation);
}
