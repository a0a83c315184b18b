import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every file copied into the repository from the reference material carries its
 * source and sha256 in a PROVENANCE.md table; the copies must stay byte-for-byte
 * and no file may appear or vanish without the table saying so.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const TABLES = [
  { provenance: 'tests/fixtures/corpus/PROVENANCE.md', directory: 'tests/fixtures/corpus', listed: '' },
  { provenance: 'tests/unit/upstream/fixtures/PROVENANCE.md', directory: 'tests/unit/upstream/fixtures', listed: '' },
  { provenance: 'mocks/fixtures/PROVENANCE.md', directory: 'mocks/fixtures', listed: 'real/' },
] as const;

const ROW = /^\| `([^`]+)` \| `([^`]+)` \| `([0-9a-f]{64})` \|$/;

function readTable(file: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of readFileSync(path.join(ROOT, file), 'utf8').split('\n')) {
    const match = ROW.exec(line);
    if (match) rows.set(match[1] as string, match[3] as string);
  }
  return rows;
}

function listFiles(directory: string, under: string): string[] {
  const base = path.join(ROOT, directory);
  return readdirSync(path.join(base, under), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name !== 'PROVENANCE.md')
    .map((entry) => path.relative(base, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

describe.each(TABLES)('copied files under $directory', ({ provenance, directory, listed }) => {
  const table = readTable(provenance);

  it('lists exactly the files that are there', () => {
    expect(table.size).toBeGreaterThan(0);
    expect([...table.keys()].sort()).toEqual(listFiles(directory, listed));
  });

  it('keeps each file byte-for-byte as its recorded sha256 says', () => {
    for (const [file, sha256] of table) {
      const actual = createHash('sha256').update(readFileSync(path.join(ROOT, directory, file))).digest('hex');
      expect(actual, file).toBe(sha256);
    }
  });
});
