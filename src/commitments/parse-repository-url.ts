/** What a URL in a record says about source code: a repository, or an account on a forge. */
export type RepositoryTarget =
  | { readonly kind: 'REPOSITORY'; readonly url: string; readonly platform: string; readonly owner: string; readonly fullName: string }
  | { readonly kind: 'ACCOUNT'; readonly url: string; readonly platform: string; readonly owner: string };

/** Path segments of forge pages that are not part of a repository's name. */
const NOT_A_NAME = /^(-|tree|blob|issues|pulls|merge_requests|wiki|releases|commits?)$/;

/**
 * Reads a forge URL from a record: `https://github.com/france-connect` is an
 * account, `https://github.com/france-connect/sources` (with or without
 * `.git`, a trailing slash, or a deeper page such as `/tree/main`) a
 * repository; GitLab's `groups/` prefix and nested groups are understood.
 * Null for anything else (not http(s), a forge's home page). Pure.
 */
export function parseRepositoryUrl(raw: string): RepositoryTarget | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const platform = url.hostname.toLowerCase().replace(/^www\./, '');
  let segments: string[];
  try {
    segments = url.pathname.split('/').filter(Boolean).map((segment) => decodeURIComponent(segment));
  } catch {
    // A malformed escape names nothing.
    return null;
  }
  if (segments[0] === 'groups') segments = segments.slice(1);
  const cut = segments.findIndex((segment) => NOT_A_NAME.test(segment));
  if (cut >= 0) segments = segments.slice(0, cut);
  const last = segments.length - 1;
  if (last >= 0) segments[last] = (segments[last] as string).replace(/\.git$/, '');
  const owner = segments[0];
  if (owner === undefined || owner === '') return null;
  if (segments.length === 1) return { kind: 'ACCOUNT', url: `https://${platform}/${owner}`, platform, owner };
  const fullName = segments.join('/');
  return { kind: 'REPOSITORY', url: `https://${platform}/${fullName}`, platform, owner, fullName };
}

/** A page URL as compared: lower case, no `.git`, no trailing slash, no `www.`. */
export function toComparableUrl(url: string): string {
  return url.trim().toLowerCase().replace(/\.git$/, '').replace(/\/+$/, '').replace(/^(https?:\/\/)www\./, '$1').replace(/^http:/, 'https:');
}
