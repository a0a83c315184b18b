/**
 * `npm run docs:config`: rewrites the README's two configuration tables from
 * their sources of truth (`listConfigVariables()` for the gateway, the mock
 * upstream's own table for the scripts). `--check` only reports drift.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MOCK_UPSTREAM_VARIABLES } from '../mocks/mock-upstream-settings.js';
import { listConfigVariables, type ConfigVariable } from '../src/config/config.js';

export const README = fileURLToPath(new URL('../README.md', import.meta.url));

function toTable(variables: readonly ConfigVariable[]): string {
  const rows = variables.map((variable) => `| \`${variable.name}\` | \`${variable.default}\` | ${variable.description} |`);
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

const SECTIONS = [
  { marker: 'config', table: () => toTable(listConfigVariables()) },
  { marker: 'script-config', table: () => toTable(MOCK_UPSTREAM_VARIABLES) },
] as const;

/** The README with each generated section replaced by its current table. */
export function renderReadme(text: string): string {
  let result = text;
  for (const section of SECTIONS) {
    const start = `<!-- ${section.marker}:start -->`;
    const end = `<!-- ${section.marker}:end -->`;
    const from = result.indexOf(start);
    const to = result.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md lacks the ${start} ... ${end} markers`);
    result = `${result.slice(0, from + start.length)}\n${section.table()}\n${result.slice(to)}`;
  }
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const current = readFileSync(README, 'utf8');
  const next = renderReadme(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      process.stderr.write('README.md configuration tables are out of date: run `npm run docs:config`\n');
      process.exitCode = 1;
    }
  } else if (next !== current) {
    writeFileSync(README, next);
    process.stdout.write('README.md configuration tables rewritten\n');
  }
}
