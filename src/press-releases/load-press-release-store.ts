import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { GatewayError } from '../errors/gateway-error.js';
import type { Announcement, LoadError } from './announcement.js';
import { createSearchIndex } from './create-search-index.js';
import { decodeUtf8Text } from './decode-utf8-text.js';
import { parsePressRelease, type ParsePressReleaseResult } from './parse-press-release.js';
import type { PressReleaseStore } from './press-release-store.js';

/** The subset of a pino logger the loader uses. */
export interface PressReleaseLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface LoadPressReleaseStoreOptions {
  /** Folder holding the Jekyll collections (`_communiques/`, `_actualites/`, ...); read recursively. */
  readonly directory: string;
  /**
   * Files larger than this many bytes are reported as TOO_LARGE without being
   * read. Default: 1 MiB (1 048 576 bytes); the largest real record is ~23 KB.
   */
  readonly maxFileBytes?: number;
  /** Gets one `warn` per skipped file (path, reason) and one `info` summary. Default: silent. */
  readonly logger?: PressReleaseLogger;
  /** Clock for `loadedAt()`. Default: the system clock. */
  readonly now?: () => Date;
}

/** Default `maxFileBytes`: 1 MiB. */
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

const MARKDOWN_FILE = /\.(?:md|markdown)$/i;
// Enough parallel reads to hide disk latency without risking EMFILE on big folders.
const READ_CONCURRENCY = 16;
const SILENT_LOGGER: PressReleaseLogger = { warn: () => undefined, info: () => undefined };

/**
 * Reads every `*.md` / `*.markdown` file inside a Jekyll collection folder
 * (a folder whose name starts with `_`, such as `_communiques/`) at any depth
 * under `directory`, parses them, and returns a read-only store. Markdown
 * outside collections (`PROVENANCE.md`, a README), other extensions (`.old`),
 * hidden entries and symbolic links are not records and are ignored. A bad file never stops the others: it is listed in
 * `loadErrors()` and logged. When two files give the same slug, the first in
 * path order wins and the other is reported as DUPLICATE_SLUG.
 *
 * Loading the shipped records takes milliseconds, so dev mode reloads by
 * calling this again and swapping the store.
 *
 * @throws GatewayError CONFIG_INVALID when `directory` does not exist or is not a folder.
 */
export async function loadPressReleaseStore(options: LoadPressReleaseStoreOptions): Promise<PressReleaseStore> {
  const startedAt = performance.now();
  const directory = path.resolve(options.directory);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const logger = options.logger ?? SILENT_LOGGER;
  const now = options.now ?? (() => new Date());

  await assertDirectory(directory);
  const sourcePaths = await listMarkdownFiles(directory);
  const results = await mapWithConcurrency(sourcePaths, READ_CONCURRENCY, (sourcePath) =>
    readPressRelease(directory, sourcePath, maxFileBytes),
  );

  const bySlug = new Map<string, Announcement>();
  const errors: LoadError[] = [];
  for (const result of results) {
    if (!result.ok) {
      errors.push(result.error);
      continue;
    }
    const { announcement } = result;
    const kept = bySlug.get(announcement.slug);
    if (kept === undefined) {
      bySlug.set(announcement.slug, announcement);
    } else {
      errors.push({
        path: announcement.sourcePath,
        reason: 'DUPLICATE_SLUG',
        message: `slug "${announcement.slug}" is already used by ${kept.sourcePath}`,
        line: null,
        field: null,
      });
    }
  }

  for (const error of errors) {
    logger.warn(
      { path: error.path, reason: error.reason, line: error.line, field: error.field, detail: error.message },
      'Skipped a press-release file',
    );
  }
  const announcements = Object.freeze(sortNewestFirst([...bySlug.values()]));
  const loadErrors = Object.freeze(errors);
  const index = createSearchIndex(announcements);
  const loadedAt = now().toISOString();
  logger.info(
    {
      directory,
      loaded: announcements.length,
      skipped: loadErrors.length,
      durationMs: Math.round(performance.now() - startedAt),
    },
    'Loaded press releases',
  );

  return {
    directory,
    all: () => announcements,
    bySlug: (slug) => bySlug.get(slug.normalize('NFC')),
    search: (query) => index.search(query),
    loadErrors: () => loadErrors,
    loadedAt: () => loadedAt,
  };
}

async function assertDirectory(directory: string): Promise<void> {
  const found = await stat(directory).catch(() => null);
  if (found === null || !found.isDirectory()) {
    throw new GatewayError(
      'CONFIG_INVALID',
      `Press-release directory ${directory} ${found === null ? 'does not exist' : 'is not a directory'}`,
      { details: { directory } },
    );
  }
}

/**
 * Relative paths (with `/`) of the Markdown files inside collection folders
 * below `directory`, in code-unit order.
 */
async function listMarkdownFiles(directory: string, prefix = '', inCollection = false): Promise<string[]> {
  const entries = await readdir(path.join(directory, prefix), { withFileTypes: true });
  const paths: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) {
      continue;
    }
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    // Symbolic links are not followed: a record must live inside the folder.
    if (entry.isDirectory()) {
      paths.push(...(await listMarkdownFiles(directory, relative, inCollection || entry.name.startsWith('_'))));
    } else if (inCollection && entry.isFile() && MARKDOWN_FILE.test(entry.name)) {
      paths.push(relative);
    }
  }
  return paths.sort(compareCodeUnits);
}

async function readPressRelease(
  directory: string,
  sourcePath: string,
  maxFileBytes: number,
): Promise<ParsePressReleaseResult> {
  const fail = (reason: LoadError['reason'], message: string): ParsePressReleaseResult => ({
    ok: false,
    error: { path: sourcePath, reason, message, line: null, field: null },
  });
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path.join(directory, ...sourcePath.split('/')), 'r');
    const { size } = await handle.stat();
    if (size > maxFileBytes) {
      return fail('TOO_LARGE', `the file is ${size} bytes; the limit is ${maxFileBytes} bytes`);
    }
    const bytes = await handle.readFile();
    // The file may have grown since it was measured.
    if (bytes.byteLength > maxFileBytes) {
      return fail('TOO_LARGE', `the file is ${bytes.byteLength} bytes; the limit is ${maxFileBytes} bytes`);
    }
    const decoded = decodeUtf8Text(bytes);
    if (!decoded.ok) {
      return fail('NOT_UTF8_TEXT', `the file ${decoded.message}`);
    }
    return parsePressRelease({ text: decoded.text, sourcePath });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    return fail('UNREADABLE', `the file could not be read${code === undefined ? '' : ` (${code})`}`);
  } finally {
    await handle?.close();
  }
}

/** Newest first; records without a date last; ties by slug. A date-only record counts as midnight UTC. */
function sortNewestFirst(announcements: Announcement[]): Announcement[] {
  const time = new Map(
    announcements.map((announcement) => [
      announcement,
      announcement.publishedAt === null ? Number.NEGATIVE_INFINITY : Date.parse(announcement.publishedAt),
    ]),
  );
  return announcements.sort((a, b) => {
    const difference = (time.get(b) ?? 0) - (time.get(a) ?? 0);
    return difference !== 0 && !Number.isNaN(difference) ? difference : compareCodeUnits(a.slug, b.slug);
  });
}

function compareCodeUnits(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

async function mapWithConcurrency<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
