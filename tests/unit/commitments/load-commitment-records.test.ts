import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCommitmentRecords } from '../../../src/commitments/load-commitment-records.js';

describe('loadCommitmentRecords', () => {
  it('throws an error naming the file when it does not exist', async () => {
    await expect(loadCommitmentRecords('/nonexistent/commitments.yaml')).rejects.toThrow(
      'cannot read commitment records from "/nonexistent/commitments.yaml": no such file',
    );
  });

  it('reads and parses a file, reporting bad records instead of throwing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'commitments-'));
    const file = join(dir, 'records.yaml');
    await writeFile(file, '- key: a\n  title: T\n  kind: API\n- key: b\n  kind: API\n');
    const { commitments, errors } = await loadCommitmentRecords(file);
    expect(commitments.map((c) => c.key)).toEqual(['a']);
    expect(errors).toMatchObject([{ path: file, row: 2, field: 'title', reason: 'MISSING_FIELD' }]);
  });

  it('derives ministries from producer-ministries.csv beside the records, and reports its bad rows with the table\'s path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'commitments-'));
    const file = join(dir, 'records.yaml');
    await writeFile(file, '- { key: a, title: T, kind: API, producer: DILA }\n- { key: b, title: T, kind: API, producer: Inconnu }\n');
    await writeFile(join(dir, 'producer-ministries.csv'), 'producer,aliases,ministry,sources,note\nDILA,,Premier ministre,https://example.org/dila,\nIGN,,Transition écologique,,\n');
    const { commitments, errors } = await loadCommitmentRecords(file);
    expect(commitments.map((c) => [c.key, c.ministry, c.ministryOrigin, c.ministrySource])).toEqual([
      ['a', 'Services du Premier ministre', 'PRODUCER', 'https://example.org/dila'],
      ['b', null, 'NONE', null],
    ]);
    expect(errors).toEqual([expect.objectContaining({ path: join(dir, 'producer-ministries.csv'), row: 2, field: 'sources', reason: 'MISSING_FIELD' })]);
  });

  it('derives nothing without a table beside the records, or when told to read none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'commitments-'));
    const file = join(dir, 'records.yaml');
    await writeFile(file, '- { key: a, title: T, kind: API, producer: DILA }\n');
    expect((await loadCommitmentRecords(file)).commitments[0]?.ministryOrigin).toBe('NONE');
    await writeFile(join(dir, 'producer-ministries.csv'), 'producer,aliases,ministry,sources,note\nDILA,,Premier ministre,https://example.org/dila,\n');
    expect((await loadCommitmentRecords(file, { producerMinistriesFile: null })).commitments[0]?.ministryOrigin).toBe('NONE');
  });

  it('throws, naming it, when a producer table given explicitly does not exist', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'commitments-'));
    const file = join(dir, 'records.yaml');
    await writeFile(file, '- { key: a, title: T, kind: API }\n');
    await expect(loadCommitmentRecords(file, { producerMinistriesFile: join(dir, 'none.csv') })).rejects.toThrow(
      `cannot read the producer table from "${join(dir, 'none.csv')}": no such file`,
    );
  });
});
