import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { isCacheableOperation } from '../../../src/server/is-cacheable-operation.js';
import { nextParisMidnight } from '../../../src/commitments/next-paris-midnight.js';

describe('nextParisMidnight', () => {
  it('is midnight in Paris, winter (UTC+1) and summer (UTC+2)', () => {
    expect(new Date(nextParisMidnight(new Date('2026-11-29T10:00:00+01:00'))).toISOString()).toBe('2026-11-29T23:00:00.000Z');
    expect(new Date(nextParisMidnight(new Date('2026-07-14T23:59:59+02:00'))).toISOString()).toBe('2026-07-14T22:00:00.000Z');
    // 23:30 UTC is already the next day in Paris.
    expect(new Date(nextParisMidnight(new Date('2026-11-29T23:30:00Z'))).toISOString()).toBe('2026-11-30T23:00:00.000Z');
  });

  it('crosses the clock changes', () => {
    // Night of 28 to 29 March 2026: Paris goes from UTC+1 to UTC+2 at 02:00.
    expect(new Date(nextParisMidnight(new Date('2026-03-29T12:00:00+02:00'))).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(new Date(nextParisMidnight(new Date('2026-03-28T12:00:00+01:00'))).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    // Night of 24 to 25 October 2026: back to UTC+1.
    expect(new Date(nextParisMidnight(new Date('2026-10-25T12:00:00+01:00'))).toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(new Date(nextParisMidnight(new Date('2026-10-24T12:00:00+02:00'))).toISOString()).toBe('2026-10-24T22:00:00.000Z');
  });
});

describe('isCacheableOperation', () => {
  const cacheable = (source: string, name: string | null = null): boolean => isCacheableOperation(parse(source), name);

  it('accepts queries with at most the stable upstreamStatus fields', () => {
    expect(cacheable('{ commitments(first: 5) { totalCount } }')).toBe(true);
    expect(cacheable('{ upstreamStatus { source baseUrl breakerState } scoreboard { key } }')).toBe(true);
  });

  it('refuses process-varying figures, wherever they are asked', () => {
    expect(cacheable('{ upstreamStatus { source cacheHitRatio } }')).toBe(false);
    expect(cacheable('{ s: upstreamStatus { lastError { code } } }')).toBe(false);
    expect(cacheable('{ upstreamStatus { ...F } } fragment F on UpstreamStatus { source }')).toBe(false);
    expect(cacheable('query A { ...Q } fragment Q on Query { upstreamStatus { calls { count } } }')).toBe(false);
  });

  it('refuses mutations and ambiguous documents, and picks the named operation', () => {
    expect(cacheable('mutation { x }')).toBe(false);
    expect(cacheable('query A { a } query B { b }')).toBe(false);
    expect(cacheable('query A { a } query B { upstreamStatus { cacheHits } }', 'A')).toBe(true);
    expect(cacheable('query A { a }', 'C')).toBe(false);
  });
});
