/** Where data.gouv.fr serves its API; the URLs inside payloads all start with it. */
export const CANONICAL_API_BASE = 'https://www.data.gouv.fr/api';

/** Where data.gouv.fr serves hosted resource files. */
export const CANONICAL_STATIC_BASE = 'https://static.data.gouv.fr';
