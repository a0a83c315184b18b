import type { CommitmentRecords } from '../commitments/parse-commitment-records.js';
import type { RecordError } from '../commitments/record-error.js';
import type { PressReleaseStore } from '../press-releases/press-release-store.js';
import { StartupError } from './startup-error.js';

/** File-level reasons after which nothing of the file can be trusted. */
const WHOLE_FILE_REASONS: ReadonlySet<RecordError['reason']> = new Set(['EMPTY_FILE', 'UNSUPPORTED_FORMAT', 'INVALID_YAML', 'NOT_A_LIST']);

/**
 * A commitments file that yields nothing usable stops start-up: serving zero
 * commitments while `/ready` says 200 would pass for a government with no
 * promises. Bad single records only skip themselves (reported elsewhere).
 *
 * @throws StartupError exit 2, naming the file and the first reason.
 */
export function assertUsableCommitments(records: CommitmentRecords, file: string): void {
  const fatal = records.errors.find((error) => error.row === null && WHOLE_FILE_REASONS.has(error.reason));
  if (fatal !== undefined) {
    const at = fatal.line === null ? '' : ` (line ${fatal.line})`;
    throw new StartupError(2, `commitments file "${file}" is unusable: ${fatal.reason} ${fatal.message}${at}`);
  }
  if (records.commitments.length === 0) {
    const first = records.errors[0];
    const why = first === undefined ? 'it holds no record' : `no record is usable (${records.errors.length} errors), first: ${first.reason} ${first.message}`;
    throw new StartupError(2, `commitments file "${file}" is unusable: ${why}`);
  }
}

/**
 * A press-release directory without one readable record stops start-up.
 *
 * @throws StartupError exit 2, naming the directory and why.
 */
export function assertUsablePressReleases(store: PressReleaseStore, directory: string): void {
  if (store.all().length > 0) return;
  const errors = store.loadErrors();
  const first = errors[0];
  const why =
    first === undefined
      ? 'it holds no Markdown record in _communiques/, _actualites/ or _publications/'
      : `all ${errors.length} files were refused, first: ${first.path}: ${first.reason} ${first.message}`;
  throw new StartupError(2, `press-release directory "${directory}" is unusable: ${why}`);
}
