import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGatewayError } from '../../../src/errors/gateway-error.js';
import type { LoadError } from '../../../src/press-releases/announcement.js';
import { loadPressReleaseStore } from '../../../src/press-releases/load-press-release-store.js';
import type { PressReleaseStore } from '../../../src/press-releases/press-release-store.js';
import { SHIPPED_DIR } from './corpus-paths.js';

const TWENTY_MEBIBYTES = 20 * 1024 * 1024;
const HUGE_HEADER = '---\ntitle: Énorme\n---\n';

function record(title: string, date: string, body = 'Corps du communiqué.'): string {
  return `---\ntitle: ${title}\ndate: ${date}\n---\n${body}\n`;
}

async function writeTree(root: string, files: Readonly<Record<string, string | Uint8Array>>): Promise<void> {
  for (const [relative, content] of Object.entries(files)) {
    const target = path.join(root, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}

function recordingLogger() {
  const warnings: { obj: Record<string, unknown>; msg: string }[] = [];
  const infos: { obj: Record<string, unknown>; msg: string }[] = [];
  return {
    warnings,
    infos,
    logger: {
      warn: (obj: object, msg: string) => warnings.push({ obj: obj as Record<string, unknown>, msg }),
      info: (obj: object, msg: string) => infos.push({ obj: obj as Record<string, unknown>, msg }),
    },
  };
}

describe('loadPressReleaseStore with broken files beside valid ones', () => {
  let root: string;
  let store: PressReleaseStore;
  const log = recordingLogger();

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'press-releases-'));
    await writeTree(root, {
      '_communiques/ok-1.md': record('Premier', '2021-04-29 16:38:00 +02:00', 'Les **données** publiques.'),
      '_communiques/ok-2.markdown': record('Second', '2021-04-29 14:00:00 Z'),
      '_actualites/2021-05-01-ok-1.md': record('Même slug, gardé', '2021-05-01 09:00:00 +02:00'),
      '_actualites/sans-date.md': '---\ntitle: Sans date\n---\nTexte.\n',
      '_actualites/jour-seul.md': record('Jour seul', '2021-04-30', 'Les données publiques de l’État.'),
      '_communiques/invalid-yaml.md': '---\ntitle: Bon titre\ndate: [2021-04-29\ntags: x\n---\nCorps\n',
      '_communiques/no-front-matter.md': '# Un titre Markdown\n\nMais pas de front matter.\n',
      '_communiques/binary.md': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
      '_communiques/latin1.md': new Uint8Array([...Buffer.from('---\ntitle: Donn'), 0xe9, ...Buffer.from('es\n---\n')]),
      '_communiques/huge.md': Buffer.concat([Buffer.from(HUGE_HEADER), Buffer.alloc(TWENTY_MEBIBYTES, 'a')]),
      '_communiques/empty.md': '',
      '_communiques/no-title.md': '---\ndate: 2021-04-29\n---\nCorps\n',
      '_communiques/bad-date.md': '---\ntitle: Date folle\ndate: 31/04/2021\n---\n',
      '_communiques/notes.txt': 'not a record',
      '_communiques/copie.old': record('Ancienne copie', '2018-06-14'),
      '_communiques/.brouillon.md': record('Caché', '2021-04-29'),
      '_communiques/.git/config.md': record('Caché', '2021-04-29'),
      'README.md': '# Documentation, not a record\n',
      'notes/hors-collection.md': record('Hors collection', '2021-04-29'),
    });
    store = await loadPressReleaseStore({
      directory: root,
      logger: log.logger,
      now: () => new Date('2025-01-02T03:04:05.000Z'),
    });
  }, 30_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('loads the valid files, newest first, undated last', () => {
    expect(store.all().map((announcement) => [announcement.slug, announcement.publishedAt])).toEqual([
      ['ok-1', '2021-05-01T09:00:00+02:00'],
      // 2021-04-30 counts as midnight UTC, after 16:38 +02:00 (14:38 UTC) the day before.
      ['jour-seul', '2021-04-30'],
      ['ok-2', '2021-04-29T14:00:00Z'],
      ['sans-date', null],
    ]);
  });

  it('reports each broken file with its path and reason', () => {
    const reasons = store.loadErrors().map((error) => [error.path, error.reason]);
    expect(reasons).toEqual([
      ['_communiques/bad-date.md', 'INVALID_FIELD'],
      ['_communiques/binary.md', 'NOT_UTF8_TEXT'],
      ['_communiques/empty.md', 'EMPTY_FILE'],
      ['_communiques/huge.md', 'TOO_LARGE'],
      ['_communiques/invalid-yaml.md', 'INVALID_YAML'],
      ['_communiques/latin1.md', 'NOT_UTF8_TEXT'],
      ['_communiques/no-front-matter.md', 'NO_FRONT_MATTER'],
      ['_communiques/no-title.md', 'MISSING_TITLE'],
      ['_communiques/ok-1.md', 'DUPLICATE_SLUG'],
    ]);
  });

  it('gives details: YAML line, field, size and the file kept for a duplicate slug', () => {
    const byPath = new Map(store.loadErrors().map((error): [string, LoadError] => [error.path, error]));
    // The unclosed `[` of line 3 is noticed on line 4.
    expect(byPath.get('_communiques/invalid-yaml.md')?.line).toBe(4);
    expect(byPath.get('_communiques/bad-date.md')).toMatchObject({ field: 'date', line: 3 });
    expect(byPath.get('_communiques/huge.md')?.message).toBe(
      `the file is ${TWENTY_MEBIBYTES + Buffer.byteLength(HUGE_HEADER)} bytes; the limit is 1048576 bytes`,
    );
    expect(byPath.get('_communiques/binary.md')?.message).toContain('NUL byte');
    expect(byPath.get('_communiques/latin1.md')?.message).toContain('not valid UTF-8');
    expect(byPath.get('_communiques/ok-1.md')?.message).toBe('slug "ok-1" is already used by _actualites/2021-05-01-ok-1.md');
    expect(store.bySlug('ok-1')?.title).toBe('Même slug, gardé');
  });

  it('logs one warning per skipped file and one summary', () => {
    expect(log.warnings.map(({ obj, msg }) => [obj['path'], obj['reason'], msg])).toEqual(
      store.loadErrors().map((error) => [error.path, error.reason, 'Skipped a press-release file']),
    );
    expect(log.infos).toHaveLength(1);
    expect(log.infos[0]?.obj).toMatchObject({ directory: root, loaded: 4, skipped: 9 });
  });

  it('ignores other extensions, `.old` copies, hidden files and Markdown outside collection folders', () => {
    const paths = [
      ...store.all().map((announcement) => announcement.sourcePath),
      ...store.loadErrors().map((error) => error.path),
    ];
    expect(paths.filter((source) => /\.(txt|old)$|(^|\/)\.|README|notes\//.test(source))).toEqual([]);
    expect(paths).toHaveLength(13);
  });

  it('answers by slug, searches, and remembers where and when it loaded', () => {
    expect(store.bySlug('ok-2')?.title).toBe('Second');
    expect(store.bySlug('absent')).toBeUndefined();
    expect(store.search('donnees').map((hit) => hit.slug)).toEqual(['jour-seul']);
    expect(store.search('Etat').map((hit) => hit.slug)).toEqual(['jour-seul']);
    expect(store.directory).toBe(root);
    expect(store.loadedAt()).toBe('2025-01-02T03:04:05.000Z');
  });
});

describe('loadPressReleaseStore limits and failures', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'press-releases-limits-'));
    await writeTree(root, { '_communiques/court.md': record('Court', '2021-04-29') });
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('applies a smaller maxFileBytes', async () => {
    const store = await loadPressReleaseStore({ directory: root, maxFileBytes: 10 });
    expect(store.all()).toEqual([]);
    expect(store.loadErrors().map((error) => [error.path, error.reason])).toEqual([['_communiques/court.md', 'TOO_LARGE']]);
  });

  it('throws a CONFIG_INVALID error for a missing directory', async () => {
    const missing = path.join(root, 'absent');
    const error: unknown = await loadPressReleaseStore({ directory: missing }).catch((caught: unknown) => caught);
    expect(isGatewayError(error) && error.code).toBe('CONFIG_INVALID');
    expect((error as Error).message).toBe(`Press-release directory ${missing} does not exist`);
  });

  it('throws a CONFIG_INVALID error when the path is a file', async () => {
    const file = path.join(root, '_communiques/court.md');
    await expect(loadPressReleaseStore({ directory: file })).rejects.toThrow(
      `Press-release directory ${file} is not a directory`,
    );
  });

  it('loads an empty directory as an empty store', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'press-releases-empty-'));
    const store = await loadPressReleaseStore({ directory: empty });
    expect([store.all(), store.loadErrors(), store.search('données')]).toEqual([[], [], []]);
    await rm(empty, { recursive: true, force: true });
  });
});

describe('the press releases shipped in data/press-releases', () => {
  it('load without errors, newest first', async () => {
    const store = await loadPressReleaseStore({ directory: SHIPPED_DIR });
    expect(store.loadErrors()).toEqual([]);
    expect(store.all().map((announcement) => `${announcement.collection}/${announcement.slug}`)).toEqual([
      '_actualites/7e-citp-volet-numerique',
      '_publications/donnees-algorithmes-et-codes-sources-les-15-feuilles-de-route-ministerielles',
      '_actualites/donnees-algorithmes-codes-sources-mobilisation-generale-sans-precedent-15-feuilles-de-route-ministerielles',
      '_actualites/la-politique-de-la-donnee-des-algorithmes-et-des-codes-sources-se-decline-en-15-feuilles-de-route-ministerielles',
      '_communiques/le-gouvernement-poursuit-son-engagement-pour-une-politique-ambitieuse-douverture-des-donnees-publiques-en-publiant-63-nouveaux-jeux-de-donnees',
      '_actualites/politique-donnee-algorithmes-et-codes-sources-une-circulaire-du-premier-ministre-renouvelle-ambition-francaise',
      '_actualites/politique-de-la-donnee-des-algorithmes-et-des-codes-sources-une-circulaire-du-premier-ministre-renouvelle-lambition-francaise',
    ]);
  });
});
