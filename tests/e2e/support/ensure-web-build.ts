import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { PROJECT_ROOT } from '../../helpers/create-test-gateway.js';

export const WEB_ROOT = path.join(PROJECT_ROOT, 'dist/web');

function newestSource(directory: string): number {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((newest, entry) => Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs), 0);
}

/**
 * `npm test` builds the page first; a lone `vitest run` of the browser tests
 * builds it here when dist/web is missing or older than web/.
 */
export async function ensureWebBuild(): Promise<void> {
  const index = path.join(WEB_ROOT, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource(path.join(PROJECT_ROOT, 'web'))) return;
  await build({ configFile: path.join(PROJECT_ROOT, 'web/vite.config.ts'), logLevel: 'warn' });
}
