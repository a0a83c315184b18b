import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The project root (this file lives in `tests/unit/press-releases/`). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The shared corpus of real numerique.gouv.fr records, a sibling of the project. */
export const CORPUS_DIR = fileURLToPath(new URL('../shared/corpus/press-releases/', new URL('../../../', import.meta.url)));
/** The records shipped with the project. */
export const SHIPPED_DIR = fileURLToPath(new URL('data/press-releases/', new URL('../../../', import.meta.url)));

/** Every file below `directory`, relative with `/`, sorted. */
export function listFiles(directory: string): string[] {
  return (readdirSync(directory, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => `${entry.parentPath}/${entry.name}`.slice(directory.replace(/\/$/, '').length + 1))
    .sort();
}
