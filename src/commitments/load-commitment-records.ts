import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseCommitmentRecords, type CommitmentRecords } from './parse-commitment-records.js';
import { parseProducerMinistries, type ProducerMinistry } from './parse-producer-ministries.js';
import type { RecordError } from './record-error.js';

const DEFAULT_MAX_BYTES = 5 * 1_048_576;

/** The producer table's name, read beside the commitments file unless told otherwise. */
export const PRODUCER_MINISTRIES_FILE_NAME = 'producer-ministries.csv';

export interface LoadCommitmentRecordsOptions {
  /** Larger files (records or producer table) are refused whole. Default 5 MiB. */
  readonly maxBytes?: number;
  /**
   * The sourced producer → ministry table (CSV). Default: `producer-ministries.csv`
   * beside the commitments file, skipped without a word when it does not exist.
   * A path given here must exist; null reads no table (no ministry is derived).
   */
  readonly producerMinistriesFile?: string | null;
}

async function readBounded(file: string, maxBytes: number, what: string): Promise<string> {
  try {
    // The shipped file weighs about 40 kB: a far larger one is a mistake, not records to parse.
    const { size } = await stat(file);
    if (size > maxBytes) throw new Error(`cannot read ${what} from "${file}": ${size} bytes, more than the ${maxBytes} allowed`);
    return await readFile(file, 'utf8');
  } catch (cause) {
    if (cause instanceof Error && cause.message.startsWith(`cannot read ${what}`)) throw cause;
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (cause as Error).message;
    throw new Error(`cannot read ${what} from "${file}": ${why}`, { cause });
  }
}

async function loadProducers(
  file: string, explicit: boolean, maxBytes: number,
): Promise<{ rows: readonly ProducerMinistry[]; errors: readonly RecordError[] }> {
  if (!explicit) {
    const exists = await stat(file).then(() => true, () => false);
    if (!exists) return { rows: [], errors: [] };
  }
  return parseProducerMinistries(await readBounded(file, maxBytes, 'the producer table'), file);
}

/**
 * Reads a commitments file (YAML or CSV) at boot, with the producer table that
 * gives a ministry to records naming only their producer. The only file reader
 * of the commitments domain; everything else here is pure.
 *
 * @param file path of the file; its extension picks the format.
 * @throws Error naming the file when it (or a producer table given explicitly) is
 *   missing or unreadable; bad records and bad table rows are reported, not thrown.
 */
export async function loadCommitmentRecords(file: string, options: LoadCommitmentRecordsOptions = {}): Promise<CommitmentRecords> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const text = await readBounded(file, maxBytes, 'commitment records');
  const producerFile = options.producerMinistriesFile === undefined
    ? join(dirname(file), PRODUCER_MINISTRIES_FILE_NAME)
    : options.producerMinistriesFile;
  const producers = producerFile === null
    ? { rows: [], errors: [] }
    : await loadProducers(producerFile, options.producerMinistriesFile !== undefined, maxBytes);
  const records = parseCommitmentRecords(text, file, producers.rows);
  return { commitments: records.commitments, errors: [...records.errors, ...producers.errors] };
}
