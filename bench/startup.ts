/**
 * Start-up cost of the gateway as a user runs it: a spawned process tree
 * (`npm start` by default) pointed at the loopback emulation of data.gouv.fr.
 * Measures time from spawn to the first `/ready` 200, resident memory of the
 * whole process tree once idle and its peak under a burst of requests, and
 * time from SIGTERM to exit. Linux only (reads /proc).
 *
 * Standalone: `tsx bench/startup.ts [--runs N] [--cwd DIR] [--json] [-- COMMAND ARG...]`
 * (`--cwd` measures another checkout, e.g. an older commit, the same way).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Agent, request } from 'undici';
import { codegouvBeside, startMockUpstream } from '../mocks/serve-mock-upstream.js';
import { summarise, type LatencySummary } from './measure.js';

const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));
const READY_DEADLINE_MS = 60_000;
const LOAD = { clients: 16, requests: 600 } as const;

export interface StartupRun {
  readonly readyMs: number;
  readonly idleRssMb: number;
  readonly peakRssMb: number;
  /** RSS of the largest single process of the tree (the server), idle and at peak. */
  readonly serverIdleRssMb: number;
  readonly serverPeakRssMb: number;
  readonly processes: number;
  readonly stopMs: number;
  readonly exitCode: number | null;
  readonly portFreed: boolean;
}

export interface StartupResult {
  readonly command: string;
  readonly runs: readonly StartupRun[];
  readonly readyMs: LatencySummary;
  readonly idleRssMb: LatencySummary;
  readonly peakRssMb: LatencySummary;
  readonly serverIdleRssMb: LatencySummary;
  readonly serverPeakRssMb: LatencySummary;
  readonly stopMs: LatencySummary;
}

/** The process and all its descendants, from /proc. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // `comm` may hold spaces and parentheses: the fields after the last `)` are safe.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(parent) ?? [];
    list.push(Number(entry));
    children.set(parent, list);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** Sum of VmRSS over the tree and its largest process, in MiB, and how many processes it counted. */
function treeRss(root: number): { mb: number; largestMb: number; processes: number } {
  let kb = 0;
  let largestKb = 0;
  let processes = 0;
  for (const pid of processTree(root)) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) {
        kb += Number(match[1]);
        largestKb = Math.max(largestKb, Number(match[1]));
        processes += 1;
      }
    } catch {
      // the process ended between the listing and the read
    }
  }
  return { mb: kb / 1024, largestMb: largestKb / 1024, processes };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const DATASET_QUERY = '{ dataset(idOrSlug: "53699d0ea3a729239d205b2e") { title resources(first: 3) { totalCount } } }';
const COMMITMENTS_QUERY = '{ commitments(first: 20) { totalCount edges { node { title status { state } } } } }';

async function oneRun(command: readonly string[], upstreamUrl: string, cwd: string): Promise<StartupRun> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const startedAt = performance.now();
  const child = spawn(command[0] as string, command.slice(1), {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATAGOUV_API_URL: upstreamUrl, ...codegouvBeside(upstreamUrl), DATAGOUV_SOURCE: 'MOCK', LOG_LEVEL: 'warn' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const agent = new Agent({ connections: LOAD.clients });
  try {
    let readyMs = Number.NaN;
    while (performance.now() - startedAt < READY_DEADLINE_MS) {
      if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited with ${child.exitCode}: ${stderr}`);
      try {
        const response = await request(`${origin}/ready`, { dispatcher: agent });
        await response.body.dump();
        if (response.statusCode === 200) {
          readyMs = performance.now() - startedAt;
          break;
        }
      } catch {
        // not listening yet
      }
      await sleep(5);
    }
    if (Number.isNaN(readyMs)) throw new Error(`${command.join(' ')} was not ready within ${READY_DEADLINE_MS} ms`);
    const pid = child.pid as number;

    await sleep(1_000);
    const idle = treeRss(pid);

    let peakMb = idle.mb;
    let serverPeakMb = idle.largestMb;
    const sample = () => {
      const now = treeRss(pid);
      peakMb = Math.max(peakMb, now.mb);
      serverPeakMb = Math.max(serverPeakMb, now.largestMb);
    };
    let loading = true;
    const sampler = (async () => {
      while (loading) {
        sample();
        await sleep(20);
      }
    })();
    // A first GraphiQL visit (page, script, style, workers), as a browser would fetch it.
    const page = await request(`${origin}/graphql`, { dispatcher: agent, headers: { accept: 'text/html' } });
    const html = await page.body.text();
    for (const [, asset] of html.matchAll(/"(\/graphiql\/assets\/[\w.-]+)"/g)) {
      const file = await request(`${origin}${asset}`, { dispatcher: agent, headers: { 'accept-encoding': 'br' } });
      await file.body.dump();
    }
    let issued = 0;
    const client = async () => {
      while (issued < LOAD.requests) {
        const query = issued % 10 === 0 ? COMMITMENTS_QUERY : DATASET_QUERY;
        issued += 1;
        const response = await request(`${origin}/graphql`, {
          method: 'POST',
          dispatcher: agent,
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ query }),
        });
        await response.body.dump();
      }
    };
    await Promise.all(Array.from({ length: LOAD.clients }, client));
    loading = false;
    await sampler;
    sample();

    const stoppingAt = performance.now();
    child.kill('SIGTERM');
    const exitCode = await Promise.race([exited, sleep(15_000).then(() => 'timeout' as const)]);
    const stopMs = performance.now() - stoppingAt;
    // Anything left of the tree (a server orphaned by its launcher) still holds the port.
    const portFreed = await isPortFree(port);
    return {
      readyMs,
      idleRssMb: idle.mb,
      peakRssMb: peakMb,
      serverIdleRssMb: idle.largestMb,
      serverPeakRssMb: serverPeakMb,
      processes: idle.processes,
      stopMs,
      exitCode: exitCode === 'timeout' ? null : exitCode,
      portFreed,
    };
  } finally {
    await agent.close();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** Runs `command` (in `cwd`, default this project) `runs` times against one emulated upstream. */
export async function measureStartup(command: readonly string[], runs: number, cwd = PROJECT_ROOT): Promise<StartupResult> {
  const upstream = await startMockUpstream({ port: 0 });
  try {
    const results: StartupRun[] = [];
    for (let index = 0; index < runs; index += 1) results.push(await oneRun(command, upstream.url, cwd));
    return {
      command: command.join(' '),
      runs: results,
      readyMs: summarise(results.map((run) => run.readyMs)),
      idleRssMb: summarise(results.map((run) => run.idleRssMb)),
      peakRssMb: summarise(results.map((run) => run.peakRssMb)),
      serverIdleRssMb: summarise(results.map((run) => run.serverIdleRssMb)),
      serverPeakRssMb: summarise(results.map((run) => run.serverPeakRssMb)),
      stopMs: summarise(results.map((run) => run.stopMs)),
    };
  } finally {
    await upstream.close();
  }
}

export function formatStartup(result: StartupResult): string {
  const row = (label: string, s: LatencySummary, unit: string) =>
    `  ${label.padEnd(22)} p50 ${s.p50.toFixed(0).padStart(5)} ${unit}   max ${s.max.toFixed(0).padStart(5)} ${unit}\n`;
  const last = result.runs[result.runs.length - 1];
  return (
    `start-up of \`${result.command}\` (${result.runs.length} runs; RSS summed over the process tree of ${last?.processes ?? 0} processes)\n` +
    row('spawn -> /ready 200', result.readyMs, 'ms') +
    row('idle RSS, tree', result.idleRssMb, 'MiB') +
    row('idle RSS, server', result.serverIdleRssMb, 'MiB') +
    row('peak RSS, tree', result.peakRssMb, 'MiB') +
    row('peak RSS, server', result.serverPeakRssMb, 'MiB') +
    row('SIGTERM -> exit', result.stopMs, 'ms') +
    `  exit codes ${result.runs.map((run) => run.exitCode).join(', ')}; port freed after exit: ${result.runs.every((run) => run.portFreed) ? 'yes' : 'NO'}\n`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2);
  const separator = argv.indexOf('--');
  const command = separator >= 0 ? argv.slice(separator + 1) : ['npm', 'start', '--silent'];
  const options = separator >= 0 ? argv.slice(0, separator) : argv;
  const runsAt = options.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(options[runsAt + 1]) : 5;
  const cwdAt = options.indexOf('--cwd');
  const result = await measureStartup(command, runs, cwdAt >= 0 ? options[cwdAt + 1] : undefined);
  process.stdout.write(options.includes('--json') ? `${JSON.stringify(result, null, 2)}\n` : formatStartup(result));
}
