/**
 * Rough bytes a value occupies on V8's heap, for the cache's byte bound.
 * JSON text length undercounts parsed objects several times over (every
 * object, array and number has headers and pointers), so the cache charges
 * this estimate instead. Constants follow V8 on 64-bit with pointer
 * compression off, rounded up: the bound must not be beaten by small objects.
 */
const OBJECT_HEADER = 56;
const PROPERTY = 16;
const ARRAY_HEADER = 32;
const ARRAY_SLOT = 8;
const STRING_HEADER = 24;
const BOXED_NUMBER = 16;

export function estimateMemoryBytes(value: unknown): number {
  let total = 0;
  // Iterative: a deeply nested payload must not overflow the stack.
  const pending: unknown[] = [value];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') {
      // One byte per Latin-1 character, two for anything else; checking the first 64 is a fair sample.
      const wide = /[^\u0000-\u00ff]/.test(item.slice(0, 64)) ? 2 : 1;
      total += STRING_HEADER + item.length * wide;
    } else if (typeof item === 'number') {
      total += BOXED_NUMBER;
    } else if (typeof item === 'boolean' || item === null || item === undefined) {
      total += ARRAY_SLOT;
    } else if (typeof item === 'object') {
      if (seen.has(item)) continue;
      seen.add(item);
      if (Array.isArray(item)) {
        total += ARRAY_HEADER + item.length * ARRAY_SLOT;
        for (const element of item) pending.push(element);
      } else {
        const entries = Object.entries(item as Record<string, unknown>);
        total += OBJECT_HEADER + entries.length * PROPERTY;
        for (const [key, element] of entries) {
          // Property names are interned once per shape; count them anyway, cheaply.
          total += key.length;
          pending.push(element);
        }
      }
    } else {
      total += ARRAY_SLOT;
    }
  }
  return total;
}
