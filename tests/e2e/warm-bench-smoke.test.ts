import { describe, expect, it } from 'vitest';
import { runWarmBench, VARIANTS, WARM_SCENARIOS } from '../../bench/warm-scenarios.js';
import { formatWarmMarkdown, warmTargets } from '../../bench/write-results.js';

describe('warm bench, in miniature', () => {
  it('measures each variant of a scenario against the plain server and writes the table', async () => {
    const scenarios = WARM_SCENARIOS.filter((scenario) => scenario.name === 'scoreboard');
    const result = await runWarmBench({ connections: 2, durationSeconds: 0.3, scenarios });
    expect(result.rows.map((row) => row.variant)).toEqual(VARIANTS);
    for (const row of result.rows) {
      expect(row.requests, row.variant).toBeGreaterThan(0);
      expect(row.unexpected, row.variant).toBe(0);
    }
    expect(result.rows.find((row) => row.variant === 'plain node:http')?.ratioToPlain).toBe(1);
    expect(result.upstreamCallsUnderLoad).toBe(0);
    expect(result.peakRssMb).toBeGreaterThan(0);

    const markdown = formatWarmMarkdown(result);
    expect(markdown).toContain(`${result.cores} cores, Node ${process.version}`);
    expect(markdown).toMatch(/\| scoreboard \| GET 304 \| \d+ \|/);
    expect(markdown.split('\n').filter((line) => line.startsWith('| scoreboard |'))).toHaveLength(VARIANTS.length);
    // Every target is listed, met or missed.
    for (const target of warmTargets(result)) expect(markdown).toContain(target.label);
  }, 60_000);
});
