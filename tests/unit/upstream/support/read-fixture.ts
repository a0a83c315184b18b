import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The real data.gouv.fr recordings, as copied
 * into the repository: most under mocks/fixtures/real (shared with the mock
 * upstream), the few the mocks do not serve under tests/unit/upstream/fixtures.
 */
const DIRECTORIES = [
  fileURLToPath(new URL('../../../../mocks/fixtures/real/', import.meta.url)),
  fileURLToPath(new URL('../fixtures/', import.meta.url)),
];

export interface RecordedFixture {
  readonly body: unknown;
  /** `$fixture.status` of a wrapped recording; null for a bare body. */
  readonly status: number | null;
  readonly url: string | null;
}

export function fixturePath(file: string): string {
  for (const directory of DIRECTORIES) {
    const path = directory + file;
    if (existsSync(path)) return path;
  }
  throw new Error(`fixture ${file} not found in ${DIRECTORIES.join(' or ')}`);
}

export function readFixtureText(file: string): string {
  return readFileSync(fixturePath(file), 'utf8');
}

/** The response body: `.body` of a `{"$fixture", "body"}` recording, else the file itself. */
export function readFixture(file: string): RecordedFixture {
  const json: unknown = JSON.parse(readFixtureText(file));
  if (typeof json === 'object' && json !== null && '$fixture' in json && 'body' in json) {
    const meta = (json as { $fixture: { status?: unknown; url?: unknown } }).$fixture;
    return {
      body: (json as { body: unknown }).body,
      status: typeof meta.status === 'number' ? meta.status : null,
      url: typeof meta.url === 'string' ? meta.url : null,
    };
  }
  return { body: json, status: null, url: null };
}
