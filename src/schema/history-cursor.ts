import { BadUserInputError } from '../errors/gateway-error.js';

/** Cursors of history lists: the row id behind a kind prefix, so one list's cursor is refused by another. */
export function encodeRowCursor(kind: 'observation' | 'change', id: number): string {
  return Buffer.from(`${kind}:${id}`).toString('base64');
}

export function decodeRowCursor(kind: 'observation' | 'change', cursor: string | null | undefined): number | undefined {
  if (cursor == null) return undefined;
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  const match = /^([a-z]+):(\d{1,15})$/.exec(text);
  if (!match || match[1] !== kind || encodeRowCursor(kind, Number(match[2])) !== cursor) {
    throw new BadUserInputError('Argument "after" is not a cursor returned by this list.', { after: cursor });
  }
  return Number(match[2]);
}

/** The page size asked, within bounds, before any store read. */
export function toPageSize(first: number | null | undefined, fallback: number, max: number): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 0 || size > max) {
    throw new BadUserInputError(`Argument "first" must be an integer between 0 and ${max}.`, { first });
  }
  return size;
}
