function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#x27;');
}

/**
 * A Werkzeug redirect: HTML body, `Location` as given. Default status 308,
 * what udata answers for an old or non-canonical slug (a RequestRedirect
 * built from the path arguments only, so the Location is relative and the
 * query string is dropped; routing redirects bypass the JSON error handler).
 */
export function redirectResponse(location: string, status: 301 | 302 | 308 = 308): Response {
  const escaped = escapeHtml(location);
  const body =
    '<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n' +
    `<p>You should be redirected automatically to the target URL: <a href="${escaped}">${escaped}</a>. If not, click the link.\n`;
  return new Response(body, { status, headers: { Location: location, 'Content-Type': 'text/html; charset=utf-8' } });
}
