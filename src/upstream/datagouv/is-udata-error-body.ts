/**
 * Whether an error body is udata's own JSON error (`{"message": "..."}`,
 * with or without flask-restx's "did you mean" hint). A 404 that is not one
 * comes from something else: a wrong API root, a proxy's HTML error page. It
 * says nothing about the object asked for and must not be read as "gone".
 */
export function isUdataErrorBody(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    && typeof (parsed as { message?: unknown }).message === 'string';
}
