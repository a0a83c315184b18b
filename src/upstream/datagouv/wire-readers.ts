import { isRecord } from './payload.js';

/**
 * Tolerant readers for wire fields: anything that is not the expected type
 * becomes null. The test recorder replaced volatile fields with the string
 * `"[redacted]"`; such values are unknown, not data.
 */
export const REDACTED = '[redacted]';

/** A non-blank string, else null. */
export function readString(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (value === REDACTED || value.trim() === '') return null;
  return value;
}

export function readNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function readBoolean(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/** The record itself, or null for null, arrays, scalars and `"[redacted]"`. */
export function readRecord(value: unknown): Readonly<Record<string, unknown>> | null {
  return isRecord(value) ? value : null;
}

export function readStringArray(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map(readString).filter((item): item is string => item !== null);
}

/** A plain id string or an `{id}` object (udata "full objects" mode), as a string. */
export function readIdLike(value: unknown): string | null {
  return readString(value) ?? readString(readRecord(value)?.['id']);
}

/** `[{kind: "hvd"}, ...]` to `["hvd", ...]`; plain strings are accepted too. */
export function readBadges(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((badge) => readString(badge) ?? readString(readRecord(badge)?.['kind'])).filter((kind): kind is string => kind !== null);
}
