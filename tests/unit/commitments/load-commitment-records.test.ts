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
});
