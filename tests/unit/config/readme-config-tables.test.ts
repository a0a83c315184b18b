import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listConfigVariables, loadConfig } from '../../../src/config/config.js';
import { README, renderReadme } from '../../../scripts/print-config-docs.js';

describe('the README configuration tables', () => {
  it('match the variables the code reads (run `npm run docs:config` to refresh)', () => {
    const text = readFileSync(README, 'utf8');
    expect(renderReadme(text)).toBe(text);
  });

  it('list every variable loadConfig reads, each with a default that loadConfig accepts', () => {
    const variables = listConfigVariables();
    expect(variables.map((variable) => variable.name)).toContain('DATAGOUV_CACHE_TTL_MS');
    const env = Object.fromEntries(variables.map((variable) => [variable.name, variable.default]));
    expect(loadConfig(env)).toEqual(loadConfig({}));
  });

  it('name MOCK_UPSTREAM_PORT, read by the scripts that serve the emulation', () => {
    expect(readFileSync(README, 'utf8')).toMatch(/^\| `MOCK_UPSTREAM_PORT` \| `4010` \|/m);
  });
});
