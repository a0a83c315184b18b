import { readFile, stat } from 'node:fs/promises';
import { parseCommitmentRecords, type CommitmentRecords } from './parse-commitment-records.js';

const DEFAULT_MAX_BYTES = 5 * 1_048_576;

/**
 * Reads a commitments file (YAML or CSV) at boot. The only file reader of the
 * commitments domain; everything else here is pure.
 *
 * @param file path of the file; its extension picks the format.
 * @param maxBytes larger files are refused whole. Default 5 MiB.
 * @throws Error naming the file when it is missing or unreadable (bad records are reported, not thrown).
 */
export async function loadCommitmentRecords(file: string, maxBytes = DEFAULT_MAX_BYTES): Promise<CommitmentRecords> {
  let text: string;
  try {
    // The shipped file weighs about 40 kB: a far larger one is a mistake, not records to parse.
    const { size } = await stat(file);
    if (size > maxBytes) throw new Error(`cannot read commitment records from "${file}": ${size} bytes, more than the ${maxBytes} allowed`);
    text = await readFile(file, 'utf8');
  } catch (cause) {
    if (cause instanceof Error && cause.message.startsWith('cannot read commitment records')) throw cause;
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (cause as Error).message;
    throw new Error(`cannot read commitment records from "${file}": ${why}`, { cause });
  }
  return parseCommitmentRecords(text, file);
}
