import { execFile, execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Kind, parse, print, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { request, Agent } from 'undici';
import { startMockUpstream } from '../mocks/serve-mock-upstream.js';
import { COMMITMENTS_QUERY } from './bench-queries.js';
import type { LoadSettings, LoadSummary } from './load-worker.js';
import { startPlainServer } from './plain-limit.js';

const run = promisify(execFile);
const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url));
const GATEWAY_PROCESS = fileURLToPath(new URL('./gateway-process.mjs', import.meta.url));
const BUILD_IF_STALE = fileURLToPath(new URL('../scripts/build-if-stale.mjs', import.meta.url));
const PACKAGE_JSON = new URL('../package.json', import.meta.url);
const OPERATIONS = new URL('../web/operations/', import.meta.url);
/** Replaced in each uncached POST by a name no earlier request used, so its document is one the gateway has never seen. */
export const UNIQUE_MARK = '__unique__';

/** The V8 flags `npm start` gives node (`--max-semi-space-size=4`...), read from package.json so the bench follows it. */
export function readStartFlags(): string[] {
  const scripts = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  return (scripts['start'] ?? '').split(/\s+/).filter((token) => token.startsWith('--'));
}

/** Settings of one gateway process (bench/gateway-process.mjs), as JSON in its argv[2]. */
export interface GatewayProcessSettings {
  readonly upstreamUrl: string;
  readonly fastPaths: boolean;
  /** Processes sharing the port. Default 1. */
  readonly workers?: number;
}

export type GatewayProcessMessage = { readonly origin: string } | { readonly peakRssMb: number; readonly cpuMs?: number };

/** A warm read as clients repeat it all day. */
export interface WarmScenario {
  readonly name: string;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
}

const operation = (file: string): string => readFileSync(new URL(file, OPERATIONS), 'utf8');

export const WARM_SCENARIOS: readonly WarmScenario[] = [
  { name: 'dataset by slug', query: '{ dataset(idOrSlug: "population") { id title organization { name } resources(first: 5) { totalCount } } }' },
  { name: 'all commitments with states', query: COMMITMENTS_QUERY },
  {
    name: 'scoreboard',
    query: '{ scoreboard(groupBy: MINISTRY) { key total published pending overdue withdrawn unverifiable onTimeRate medianDaysLate } }',
  },
  {
    name: 'announcements search',
    query: 'query Search($q: String!) { announcements(search: $q, first: 10) { totalCount edges { node { id title } } } }',
    variables: { q: 'feuilles de route' },
    operationName: 'Search',
  },
  { name: 'dashboard (Dashboard.graphql)', query: operation('Dashboard.graphql'), variables: { after: null }, operationName: 'Dashboard' },
  {
    name: 'commitment page (CommitmentPage.graphql)',
    query: operation('CommitmentPage.graphql'),
    variables: { key: 'c015' },
    operationName: 'CommitmentPage',
  },
];

/** What is measured for each scenario, in this order, one after the other. */
export type Variant =
  | 'plain node:http'
  | 'GET'
  | 'GET 304'
  | 'POST'
  | 'uncached POST'
  | 'baseline GET'
  | 'baseline POST'
  | 'baseline uncached POST'
  | 'GET, 2 processes'
  | 'POST, 2 processes';
export const VARIANTS: readonly Variant[] = ['plain node:http', 'GET', 'GET 304', 'baseline GET', 'POST', 'baseline POST', 'uncached POST', 'baseline uncached POST'];

export interface WarmRow extends LoadSummary {
  readonly scenario: string;
  readonly variant: Variant;
  /** perSecond over the plain server's for the same scenario. */
  readonly ratioToPlain: number;
  /** Answers that were not the expected status (200, or 304 for revalidation), over every round. */
  readonly unexpected: number;
  /** Bytes of the answer. */
  readonly bytes: number;
}

export interface WarmBenchResult {
  readonly rows: readonly WarmRow[];
  /** Upstream calls while the fast paths were under load (all after priming). */
  readonly upstreamCallsUnderLoad: number;
  /** Upstream calls during the WEB_CONCURRENCY=2 runs: each process fills a cache of its own. */
  readonly clusterUpstreamCalls: number;
  /** Peak RSS of the gateway process with the fast paths, and of the baseline's. */
  readonly peakRssMb: number;
  readonly baselinePeakRssMb: number;
  readonly cores: number;
  readonly node: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly rounds: number;
}

export interface WarmBenchOptions {
  readonly connections: number;
  readonly durationSeconds: number;
  /** Rounds of every variant in turn; each variant keeps its best round (the machine is shared and noisy). Default 1. */
  readonly rounds?: number;
  /** Also measured with WEB_CONCURRENCY=2 (GET and POST), after the others. Default none. */
  readonly clusterScenario?: string;
  /** Scenarios to run; default all. */
  readonly scenarios?: readonly WarmScenario[];
  readonly progress?: (message: string) => void;
}

/**
 * Every warm scenario against, in turn, the plain node:http limit returning
 * the same bytes, the gateway with its fast paths (GET, GET revalidated by
 * ETag, POST) and the same gateway with them switched off (plain yoga +
 * Pothos). Each gateway runs in a process of its own, the plain server and
 * the data.gouv.fr emulation in this one; the load comes from a child process,
 * one bounded autocannon run at a time.
 */
export async function runWarmBench(options: WarmBenchOptions): Promise<WarmBenchResult> {
  const progress = options.progress ?? (() => undefined);
  const scenarios = options.scenarios ?? WARM_SCENARIOS;
  const upstream = await startMockUpstream({ port: 0 });
  const plain = await startPlainServer();
  const agent = new Agent({ connections: 2 });
  const open: GatewayProcess[] = [];
  // The gateway processes run dist/: it must hold the sources as they are.
  execFileSync(process.execPath, [BUILD_IF_STALE], { stdio: 'inherit' });
  try {
    const fast = await startGatewayProcess({ upstreamUrl: upstream.url, fastPaths: true });
    open.push(fast);
    const baseline = await startGatewayProcess({ upstreamUrl: upstream.url, fastPaths: false });
    open.push(baseline);
    const processes: Record<'1' | '2', GatewayProcess> = { '1': fast, '2': fast };
    if (options.clusterScenario !== undefined) {
      processes['2'] = await startGatewayProcess({ upstreamUrl: upstream.url, fastPaths: true, workers: 2 });
      open.push(processes['2']);
    }
    const rows: WarmRow[] = [];
    const rounds = options.rounds ?? 1;
    const unexpected = new Map<Variant, number>();
    let upstreamCallsUnderLoad = 0;
    let clusterUpstreamCalls = 0;

    for (const scenario of scenarios) {
      const requests = toRequests(scenario);
      // Priming: each gateway's upstream cache fills, the fast one stores the GET answer.
      const primed = await prime(fast, baseline, requests, agent);
      plain.respondWith(primed.body, primed.contentType);
      const variants: readonly Variant[] =
        scenario.name === options.clusterScenario ? [...VARIANTS, 'GET, 2 processes', 'POST, 2 processes'] : VARIANTS;
      if (scenario.name === options.clusterScenario) await prime(processes['2'], processes['2'], requests, agent);
      const best = new Map<Variant, LoadSummary>();
      for (let round = 0; round < rounds; round += 1) for (const variant of variants) {
        const target =
          variant === 'plain node:http'
            ? plain.origin
            : variant.startsWith('baseline')
              ? baseline.origin
              : variant.endsWith('2 processes')
                ? processes['2'].origin
                : fast.origin;
        const method = variant.startsWith('POST') || variant.endsWith('POST') ? 'POST' : 'GET';
        const uncached = variant.endsWith('uncached POST');
        const settings: LoadSettings = {
          url: `${target}${method === 'GET' ? requests.getPath : '/graphql'}`,
          method,
          headers: {
            accept: 'application/json',
            ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
            ...(variant === 'GET 304' ? { 'if-none-match': primed.etag } : {}),
          },
          ...(method === 'POST' ? { body: uncached ? requests.uncachedPostBody : requests.postBody } : {}),
          ...(uncached ? { uniqueMark: UNIQUE_MARK } : {}),
          connections: options.connections,
          durationSeconds: options.durationSeconds,
        };
        progress(`bench: warm ${scenario.name}, ${variant}${rounds > 1 ? `, round ${round + 1}` : ''}`);
        const callsBefore = upstream.calls.length;
        const summary = await load(settings);
        const calls = upstream.calls.length - callsBefore;
        if (variant.endsWith('2 processes')) clusterUpstreamCalls += calls;
        else if (variant !== 'plain node:http' && !variant.startsWith('baseline')) upstreamCallsUnderLoad += calls;
        const expected = variant === 'GET 304' ? '304' : '200';
        unexpected.set(variant, (unexpected.get(variant) ?? 0) + summary.requests - (summary.statusCounts[expected] ?? 0) + summary.errors);
        const kept = best.get(variant);
        if (kept === undefined || summary.perSecond > kept.perSecond) best.set(variant, summary);
      }
      const plainPerSecond = best.get('plain node:http')?.perSecond ?? Number.NaN;
      for (const variant of variants) {
        const summary = best.get(variant) as LoadSummary;
        rows.push({
          ...summary,
          scenario: scenario.name,
          variant,
          ratioToPlain: summary.perSecond / plainPerSecond,
          unexpected: unexpected.get(variant) ?? 0,
          bytes: variant === 'GET 304' ? 0 : primed.body.length,
        });
      }
      unexpected.clear();
    }
    return {
      rows,
      upstreamCallsUnderLoad,
      clusterUpstreamCalls,
      peakRssMb: await fast.peakRssMb(),
      baselinePeakRssMb: await baseline.peakRssMb(),
      cores: os.cpus().length,
      node: process.version,
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      rounds,
    };
  } finally {
    await Promise.allSettled(open.map((gateway) => gateway.close()));
    await agent.close();
    await plain.close();
    await upstream.close();
  }
}

export interface ScenarioRequests {
  readonly getPath: string;
  readonly postBody: string;
  /** The same read with an alias named UNIQUE_MARK added to the operation, for the load worker to make unique. */
  readonly uncachedPostBody: string;
}

export function toRequests(scenario: WarmScenario): ScenarioRequests {
  const params = new URLSearchParams({ query: scenario.query });
  if (scenario.variables) params.set('variables', JSON.stringify(scenario.variables));
  if (scenario.operationName) params.set('operationName', scenario.operationName);
  const body = (query: string): string =>
    JSON.stringify({ query, variables: scenario.variables ?? null, operationName: scenario.operationName ?? null });
  return { getPath: `/graphql?${params}`, postBody: body(scenario.query), uncachedPostBody: body(withUniqueAlias(scenario)) };
}

/** The scenario's document with `<UNIQUE_MARK>: __typename` first in its operation: the answer gains one field, the work stays the same. */
function withUniqueAlias(scenario: WarmScenario): string {
  const document = parse(scenario.query);
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const target = operations.find((operation) => (scenario.operationName ? operation.name?.value === scenario.operationName : true));
  if (target === undefined) throw new Error(`${scenario.name}: no operation to mark`);
  const marked: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: UNIQUE_MARK }, name: { kind: Kind.NAME, value: '__typename' } };
  return print({
    ...document,
    definitions: document.definitions.map((definition) =>
      definition === target ? { ...target, selectionSet: { ...target.selectionSet, selections: [marked, ...target.selectionSet.selections] } } : definition,
    ),
  });
}

export interface GatewayProcess {
  readonly origin: string;
  peakRssMb(): Promise<number>;
  /** CPU time (user and system) the process has used so far, in ms; NaN for a cluster. */
  cpuMs(): Promise<number>;
  usage(): Promise<GatewayProcessMessage>;
  close(): Promise<void>;
}

/** @param extraFlags node flags after `npm start`'s own (`--cpu-prof`...). */
export async function startGatewayProcess(settings: GatewayProcessSettings, extraFlags: readonly string[] = []): Promise<GatewayProcess> {
  const child: ChildProcess = fork(GATEWAY_PROCESS, [JSON.stringify(settings)], { execArgv: [...readStartFlags(), ...extraFlags], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = (): Promise<GatewayProcessMessage> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`gateway process exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(message as GatewayProcessMessage);
      });
    });
  const ready = await next();
  if (!('origin' in ready)) throw new Error('gateway process did not say where it listens');
  const usage = (): Promise<GatewayProcessMessage> => {
    const answer = next();
    child.send('usage');
    return answer;
  };
  return {
    origin: ready.origin,
    usage,
    async peakRssMb() {
      const message = await usage();
      return 'peakRssMb' in message ? message.peakRssMb : Number.NaN;
    },
    async cpuMs() {
      const message = await usage();
      return 'cpuMs' in message ? (message.cpuMs ?? Number.NaN) : Number.NaN;
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('close');
      await exited;
    },
  };
}

export async function prime(
  fast: GatewayProcess,
  baseline: GatewayProcess,
  requests: ScenarioRequests,
  agent: Agent,
): Promise<{ body: Buffer; contentType: string; etag: string }> {
  const get = async (origin: string) => {
    const response = await request(`${origin}${requests.getPath}`, { dispatcher: agent, headers: { accept: 'application/json' } });
    return { status: response.statusCode, headers: response.headers, body: Buffer.from(await response.body.arrayBuffer()) };
  };
  await get(baseline.origin);
  await get(fast.origin);
  // The second answer is the stored one: its bytes are what the plain server sends.
  const answer = await get(fast.origin);
  const parsed = JSON.parse(answer.body.toString('utf8')) as { errors?: unknown };
  if (answer.status !== 200 || parsed.errors !== undefined) throw new Error(`priming failed: HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`);
  return { body: answer.body, contentType: String(answer.headers['content-type']), etag: String(answer.headers['etag'] ?? '') };
}

export async function load(settings: LoadSettings): Promise<LoadSummary> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(settings)], {
    timeout: (settings.durationSeconds + 30) * 1000,
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as LoadSummary;
}
