import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// This file lives in `tests/unit/press-releases/`.
const REPO_ROOT = new URL('../../../', import.meta.url);

/** The corpus of real numerique.gouv.fr records copied for the tests (provenance beside it). */
export const CORPUS_DIR = fileURLToPath(new URL('tests/fixtures/corpus/press-releases/', REPO_ROOT));
/** The records shipped with the project. */
export const SHIPPED_DIR = fileURLToPath(new URL('data/press-releases/', REPO_ROOT));

/** Every file below `directory`, relative with `/`, sorted. */
export function listFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}
