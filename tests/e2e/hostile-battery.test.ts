import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaultPlan } from '../../mocks/faults/fault-plan.js';
import { codegouvBeside, startMockUpstream, type MockUpstream } from '../../mocks/serve-mock-upstream.js';
import { PROJECT_ROOT } from '../helpers/create-test-gateway.js';
import { findFreePort } from '../helpers/spawn-cli.js';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const MiB = 1024 * 1024;

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly body: { errors?: { message: string; extensions?: Record<string, unknown> }[]; data?: unknown } | null;
}

/** Peak and current resident memory of a process, in bytes (Linux /proc). */
function memoryOf(pid: number): { peak: number; current: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const read = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { peak: read('VmHWM'), current: read('VmRSS') };
}

const query = (source: string, variables?: Record<string, unknown>) => JSON.stringify({ query: source, ...(variables ? { variables } : {}) });

/** Nested selections `depth` levels deep, on types that really nest. */
function deepQuery(depth: number): string {
  let selection = 'title';
  for (let level = 0; level < depth; level += 1) selection = `commitments { status { dataset { title } } announcement { ${selection} } }`;
  return `{ announcements(first: 1) { edges { node { ${selection} } } } }`;
}

describe('hostile requests against a spawned gateway', () => {
  const faults = createFaultPlan();
  let upstream: MockUpstream;
  let child: ReturnType<typeof spawn>;
  let origin: string;
  let baseline: number;
  const answers: Answer[] = [];

  async function send(path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer | Readable } = {}): Promise<Answer> {
    const response = await request(`${origin}${path}`, {
      method: (init.method ?? 'POST') as 'POST',
      headers: { 'content-type': 'application/json', ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    const text = await response.body.text();
    let body: Answer['body'] = null;
    try {
      body = JSON.parse(text) as Answer['body'];
    } catch {
      // not JSON: kept as text
    }
    const answer = { status: response.statusCode, headers: response.headers, text, body };
    answers.push(answer);
    return answer;
  }
  const post = (body: string | Buffer | Readable, headers: Record<string, string> = {}) => send('/graphql', { body, headers });
  const codeOf = (answer: Answer) => answer.body?.errors?.[0]?.extensions?.['code'];

  beforeAll(async () => {
    upstream = await startMockUpstream({ port: 0, faults });
    const port = await findFreePort();
    child = spawn(process.execPath, ['--import', 'tsx', CLI], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, PORT: String(port), DATAGOUV_API_URL: upstream.url, ...codegouvBeside(upstream.url), DATAGOUV_SOURCE: 'MOCK', LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    origin = `http://127.0.0.1:${port}`;
    for (let attempt = 0; ; attempt += 1) {
      const up = await request(`${origin}/health`).then(
        (response) => response.body.dump().then(() => response.statusCode === 200),
        () => false,
      );
      if (up) break;
      if (attempt > 300) throw new Error('the gateway did not start');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Warm: the first requests load code paths; the baseline is what a served gateway holds.
    await post(query('{ commitments { totalCount } announcements(search: "donnees") { totalCount } dataset(idOrSlug: "population") { title } }'));
    baseline = memoryOf(child.pid as number).peak;
  }, 30_000);

  afterAll(async () => {
    child.kill('SIGKILL');
    await upstream.close();
  });

  describe('bodies', () => {
    it('refuses a 10 MB JSON body with 413 PAYLOAD_TOO_LARGE', async () => {
      const answer = await post(Buffer.alloc(10 * MiB, 0x20));
      expect([answer.status, codeOf(answer)]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
      expect(answer.headers['x-request-id']).toBe(answer.body?.errors?.[0]?.extensions?.['requestId']);
    });

    it('refuses a 10 MB body sent without Content-Length while reading it', async () => {
      const chunks = Array.from({ length: 160 }, () => Buffer.alloc(64 * 1024, 0x20));
      const answer = await post(Readable.from(chunks));
      expect([answer.status, codeOf(answer)]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    });

    it('refuses a gzip bomb (255 KB that inflate to 256 MB) on its inflated size', async () => {
      // Gzip members concatenate: 256 copies of one compressed MiB are one valid 256 MiB stream.
      const member = gzipSync(Buffer.alloc(MiB, 0x20), { level: 9 });
      const bomb = Buffer.concat(Array.from({ length: 256 }, () => member));
      expect(bomb.length).toBeLessThan(300 * 1024);
      const answer = await post(bomb, { 'content-encoding': 'gzip' });
      expect([answer.status, codeOf(answer)]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    });

    it.each([
      ['deflate', (data: Buffer) => deflateSync(data, { level: 9 })],
      ['br', (data: Buffer) => brotliCompressSync(data)],
    ])('refuses a %s bomb (16 MB once inflated) on its inflated size', async (encoding, compress) => {
      const bomb = compress(Buffer.alloc(16 * MiB, 0x20));
      expect(bomb.length).toBeLessThan(64 * 1024);
      const answer = await post(bomb, { 'content-encoding': encoding });
      expect([answer.status, codeOf(answer)]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    });

    it('still reads a small compressed body', async () => {
      const answer = await post(gzipSync(query('{ announcements { totalCount } }')), { 'content-encoding': 'gzip' });
      expect(answer.status).toBe(200);
      expect(answer.body?.data).toEqual({ announcements: { totalCount: 7 } });
    });

    it('refuses an unknown encoding with 415 and a corrupt gzip body with 400', async () => {
      const unknown = await post(query('{ __typename }'), { 'content-encoding': 'compress' });
      expect([unknown.status, codeOf(unknown)]).toEqual([415, 'UNSUPPORTED_CONTENT_ENCODING']);
      const corrupt = await post(Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' });
      expect([corrupt.status, codeOf(corrupt)]).toEqual([400, 'BAD_REQUEST_BODY']);
    });
  });

  describe('free text', () => {
    it.each([
      ['a 100 kB word', 'x'.repeat(100_000)],
      ['a 20 kB word', 'données'.repeat(3_000)],
      ['45 kB of text', 'ouverture des données publiques '.repeat(1_400)],
    ])('refuses %s of search with 400 BAD_USER_INPUT, literal or variable', async (_label, text) => {
      const literal = await post(query(`{ announcements(search: ${JSON.stringify(text)}) { totalCount } }`));
      expect([literal.status, codeOf(literal)]).toEqual([400, 'BAD_USER_INPUT']);
      const variable = await post(query('query ($q: String) { announcements(search: $q) { totalCount } }', { q: text }));
      expect([variable.status, codeOf(variable)]).toEqual([400, 'BAD_USER_INPUT']);
    });

    it('refuses a search past 300 characters with BAD_USER_INPUT on the field', async () => {
      const answer = await post(query(`{ announcements(search: "${'donnees '.repeat(40)}") { totalCount } }`));
      expect(codeOf(answer)).toBe('BAD_USER_INPUT');
      expect(answer.body?.errors?.[0]?.message).toContain('300');
    });

    it('answers the costliest admissible search (12 long words, all fuzzy)', async () => {
      const words = Array.from({ length: 12 }, (_, n) => `${'gouvernementalisation'.slice(0, 20)}${'abcd'.slice(0, (n % 4) + 1)}`);
      const answer = await post(query(`{ announcements(search: "${words.join(' ')}") { totalCount } }`));
      expect(answer.status).toBe(200);
      expect(answer.body?.errors).toBeUndefined();
    });
  });

  describe('operation limits', () => {
    it.each([
      ['depth', deepQuery(6), 'DEPTH_LIMIT_EXCEEDED'],
      ['aliases', `{ ${Array.from({ length: 100 }, (_, n) => `a${n}: announcements { totalCount }`).join(' ')} }`, 'ALIAS_LIMIT_EXCEEDED'],
      ['tokens', `{ ${'announcements { totalCount } '.repeat(1_500)} }`, 'TOKEN_LIMIT_EXCEEDED'],
      [
        'cost (nested pages)',
        '{ datasets(first: 100) { edges { node { organization { datasets(first: 100) { edges { node { resources(first: 100) { edges { node { title } } } } } } } } } } }',
        'COST_LIMIT_EXCEEDED',
      ],
      [
        'cost (the commitment table, 40 times)',
        `{ ${Array.from({ length: 40 }, (_, n) => `t${n}: commitments(first: 100) { edges { node { title status { state evidence { kind detail } candidates { score dataset { title } } } } } }`).join(' ')} }`,
        'COST_LIMIT_EXCEEDED',
      ],
      ['directives', `{ announcements { totalCount ${'@include(if: true) '.repeat(60)} } }`, 'DIRECTIVE_LIMIT_EXCEEDED'],
    ])('refuses a hostile %s with HTTP 400 and its code, without "Syntax Error"', async (_label, source, code) => {
      const answer = await post(query(source));
      expect([answer.status, codeOf(answer)]).toEqual([400, code]);
      expect(answer.body?.errors?.[0]?.message).not.toMatch(/Syntax Error/);
    });
  });

  describe('upstream failures', () => {
    it.each([
      ['503', ['503', '503', '503']],
      ['invalid JSON', ['invalid-json']],
      ['connection resets', ['reset', 'reset', 'reset']],
      ['429', ['429:0', '429:0', '429:0']],
    ] as const)('answers %s with a coded error', async (label, sequence) => {
      faults.next('*', [...sequence]);
      // A different, never cached, dataset each time.
      const id = Buffer.from(label).toString('hex').padEnd(24, '0').slice(0, 24);
      const answer = await post(query(`{ dataset(idOrSlug: "${id}") { title } upstreamStatus { lastError { code message } } }`));
      faults.clear();
      expect(answer.status).toBe(200);
      expect(String(codeOf(answer))).toMatch(/^UPSTREAM_/);
    });

    it('refuses a malformed id before calling data.gouv.fr', async () => {
      const answer = await post(query('{ dataset(idOrSlug: "not a slug!") { title } }'));
      expect(codeOf(answer)).toBe('BAD_USER_INPUT');
    });
  });

  describe('afterwards', () => {
    it('never shows the upstream URL, host or wording in any error of the battery', () => {
      const upstreamHost = new URL(upstream.url).host;
      const errors = answers.flatMap((answer) => answer.body?.errors ?? []);
      expect(errors.length).toBeGreaterThan(20);
      const text = JSON.stringify(errors);
      expect(text).not.toContain(upstreamHost);
      expect(text).not.toContain('/api/1/');
      expect(text).not.toMatch(/"(url|host|location|upstreamMessage|upstreamErrors)"/);
      expect(text).not.toContain('nginx');
      // Every error carries the request id that the response header carries.
      for (const answer of answers) {
        for (const error of answer.body?.errors ?? []) expect(error.extensions?.['requestId']).toBe(answer.headers['x-request-id']);
      }
    });

    it('is healthy, still answers, and its peak memory stayed bounded', async () => {
      const health = await send('/health', { method: 'GET' });
      expect(health.status).toBe(200);
      const answer = await post(query('{ announcements(search: "donnees ouvertes", first: 2) { totalCount } }'));
      expect(answer.body?.errors).toBeUndefined();
      const { peak, current } = memoryOf(child.pid as number);
      if (process.env['REPORT_MEMORY']) {
        // Node's event-loop delay histogram, never scraped before: its maximum covers the whole battery.
        const metrics = await (await request(`${origin}/metrics`)).body.text();
        const lag = /^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(metrics)?.[1];
        process.stdout.write(`hostile battery: baseline peak ${baseline} B, peak ${peak} B, current ${current} B, event-loop lag max ${lag} s\n`);
      }
      // 256 MB bombs, 10 MB bodies, 100 kB searches and upstream storms: the peak moves by tens of MB at most
      // (socket buffers and garbage not yet collected), where one gzip bomb alone used to add 900 MB.
      expect(peak - baseline).toBeLessThan(64 * MiB);
    });
  });
});
