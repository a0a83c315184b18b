import { describe, expect, it } from 'vitest';
import { estimateMemoryBytes } from '../../../src/upstream/datagouv/estimate-memory-bytes.js';

describe('estimateMemoryBytes', () => {
  it('charges parsed objects well above their JSON length', () => {
    const page = { data: Array.from({ length: 100 }, (_, n) => ({ id: String(n), n, ok: true, tags: ['a', 'b'] })) };
    expect(estimateMemoryBytes(page)).toBeGreaterThan(3 * JSON.stringify(page).length);
  });

  it('charges non-Latin-1 text two bytes a character', () => {
    expect(estimateMemoryBytes('€'.repeat(1_000))).toBeGreaterThan(estimateMemoryBytes('e'.repeat(1_000)) + 900);
  });

  it('survives deep nesting and shared references', () => {
    let deep: Record<string, unknown> = {};
    for (let level = 0; level < 100_000; level += 1) deep = { next: deep };
    expect(estimateMemoryBytes(deep)).toBeGreaterThan(100_000);
    const shared = { big: 'x'.repeat(10_000) };
    expect(estimateMemoryBytes([shared, shared])).toBeLessThan(2 * estimateMemoryBytes(shared));
  });
});
