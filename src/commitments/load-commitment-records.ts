import { readFile } from 'node:fs/promises';
import { parseCommitmentRecords, type CommitmentRecords } from './parse-commitment-records.js';

/**
 * Reads a commitments file (YAML or CSV) at boot. The only file reader of the
 * commitments domain; everything else here is pure.
 *
 * @param file path of the file; its extension picks the format.
 * @throws Error naming the file when it is missing or unreadable (bad records are reported, not thrown).
 */
export async function loadCommitmentRecords(file: string): Promise<CommitmentRecords> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (cause as Error).message;
    throw new Error(`cannot read commitment records from "${file}": ${why}`, { cause });
  }
  return parseCommitmentRecords(text, file);
}
