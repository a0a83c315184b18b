import type { DatagouvLink, DatagouvLinkKind } from './announcement.js';

// A data.gouv.fr URL with or without scheme and `www.`. The look-behind keeps
// out other hosts (`meteo.data.gouv.fr`) and e-mail addresses
// (`logiciels-libres@data.gouv.fr`); the path stops where Markdown or HTML
// syntax starts (`)`, quotes, `<`, whitespace).
const DATAGOUV_URL = /(?<![\w.@/-])(?:https?:\/\/)?(?:www\.)?data\.gouv\.fr(?![\w.-])(\/[^\s<>"'()[\]{}`*|\\]*)?/gi;
// Optional language segment (`/fr/`, `/en/`), then the object type and its slug or id.
const OBJECT_PATH = /^\/(?:[a-z]{2}\/)?(datasets|dataservices|organizations|reuses)\/([^/?#]+)(?:\/([^/?#]+))?/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRAILING_PUNCTUATION = /[.,;:!?]+$/;

const KINDS: Readonly<Record<string, DatagouvLinkKind>> = {
  datasets: 'DATASET',
  dataservices: 'DATASERVICE',
  organizations: 'ORGANIZATION',
  reuses: 'REUSE',
};

/**
 * Links to data.gouv.fr objects in Markdown or HTML text, in order of
 * appearance, one per object (the first spelling wins). Recognises
 * `/fr/datasets/<slug>/`, `/datasets/<slug>`, `/datasets/r/<resource-uuid>`,
 * `/dataservices/<x>`, `/organizations/<x>` and `/reuses/<x>`, with or without
 * a language segment. Links to the home page or to listings are not objects
 * and are skipped.
 */
export function parseDatagouvLinks(text: string): DatagouvLink[] {
  const links: DatagouvLink[] = [];
  const seen = new Set<string>();
  for (const match of text.matchAll(DATAGOUV_URL)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, '');
    const path = (match[1] ?? '').replace(TRAILING_PUNCTUATION, '');
    const link = toDatagouvLink(url, path);
    if (link === null) {
      continue;
    }
    const key = `${link.kind}:${link.idOrSlug.toLowerCase()}`;
    if (!seen.has(key)) {
      seen.add(key);
      links.push(link);
    }
  }
  return links;
}

function toDatagouvLink(url: string, path: string): DatagouvLink | null {
  const match = OBJECT_PATH.exec(path);
  if (match === null) {
    return null;
  }
  const [, collection = '', first = '', second] = match;
  const kind = KINDS[collection.toLowerCase()];
  if (kind === undefined) {
    return null;
  }
  if (kind === 'DATASET' && first === 'r') {
    // `/datasets/r/<uuid>` is the stable download link of one resource.
    return second !== undefined && UUID.test(second) ? { kind: 'RESOURCE', idOrSlug: second, url } : null;
  }
  return { kind, idOrSlug: first, url };
}
