/**
 * `npx tsx bench/profile-post.ts [--scenario NAME] [--seconds N] [--connections N] [--top N] [--baseline]`:
 * where a warm uncached POST spends its time. Starts the emulated
 * data.gouv.fr, one gateway process from dist/ under `npm start`'s V8 flags
 * plus `--cpu-prof`, primes it with the scenario once, loads it with
 * autocannon sending a document never seen at every request (as the warm
 * bench's `uncached POST`), stops it, and prints the profile's top frames by
 * self time as a Markdown table. The .cpuprofile is kept in
 * bench/results/profiles/ (open it in Chrome DevTools). `--baseline` profiles
 * the plain yoga + Pothos gateway (`fastPaths: false`) instead, for comparison.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { Agent } from 'undici';
import { startMockUpstream } from '../mocks/serve-mock-upstream.js';
import { load, prime, startGatewayProcess, toRequests, UNIQUE_MARK, WARM_SCENARIOS } from './warm-scenarios.js';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'dataset by slug' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    top: { type: 'string', default: '15' },
    baseline: { type: 'boolean', default: false },
  },
});
const PROFILES = new URL('./results/profiles/', import.meta.url);

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Self time per frame (function, file, line), summed over every node of the profile, largest first. */
function topFrames(profile: CpuProfile, count: number): { frame: string; selfMs: number; share: number }[] {
  const byNode = new Map<number, number>();
  profile.samples.forEach((node, index) => byNode.set(node, (byNode.get(node) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const byFrame = new Map<string, number>();
  for (const node of profile.nodes) {
    const micros = byNode.get(node.id) ?? 0;
    if (micros === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, '').replace(fileURLToPath(new URL('../', import.meta.url)), '');
    const frame = `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
    byFrame.set(frame, (byFrame.get(frame) ?? 0) + micros);
  }
  const total = [...byFrame.values()].reduce((sum, micros) => sum + micros, 0);
  return [...byFrame.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([frame, micros]) => ({ frame, selfMs: micros / 1000, share: micros / total }));
}

async function main(): Promise<void> {
  const scenario = WARM_SCENARIOS.find((candidate) => candidate.name === values.scenario);
  if (scenario === undefined) throw new Error(`unknown scenario "${values.scenario}": ${WARM_SCENARIOS.map((s) => s.name).join(', ')}`);
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build-if-stale.mjs', import.meta.url))], { stdio: 'inherit' });
  await mkdir(PROFILES, { recursive: true });
  const before = new Set(await readdir(PROFILES));
  const upstream = await startMockUpstream({ port: 0 });
  const agent = new Agent({ connections: 2 });
  const gateway = await startGatewayProcess({ upstreamUrl: upstream.url, fastPaths: !values.baseline }, ['--cpu-prof', `--cpu-prof-dir=${fileURLToPath(PROFILES)}`]);
  try {
    const requests = toRequests(scenario);
    await prime(gateway, gateway, requests, agent);
    const cpuBefore = await gateway.cpuMs();
    const summary = await load({
      url: `${gateway.origin}/graphql`,
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: requests.uncachedPostBody,
      uniqueMark: UNIQUE_MARK,
      connections: Number(values.connections),
      durationSeconds: Number(values.seconds),
    });
    const cpuPerRequestMs = ((await gateway.cpuMs()) - cpuBefore) / summary.requests;
    const peakRssMb = await gateway.peakRssMb();
    await gateway.close();
    const written = (await readdir(PROFILES)).filter((file) => file.endsWith('.cpuprofile') && !before.has(file));
    if (written.length !== 1) throw new Error(`expected one new profile in ${fileURLToPath(PROFILES)}, found ${written.length}`);
    const file = new URL(written[0] as string, PROFILES);
    const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
    const lines = [
      `Scenario "${scenario.name}", ${values.baseline ? 'plain yoga + Pothos baseline' : 'gateway with its fast paths'}, uncached POST, ${values.connections} connections, ${values.seconds} s: ` +
        `${summary.perSecond.toFixed(0)} req/s, p50 ${summary.p50Ms} ms, p99 ${summary.p99Ms} ms, ` +
        `statuses ${JSON.stringify(summary.statusCounts)}, gateway CPU ${cpuPerRequestMs.toFixed(3)} ms per request (profiler included), ` +
        `peak RSS ${peakRssMb.toFixed(0)} MB; profile ${fileURLToPath(file)}`,
      '',
      '| # | self ms | share | frame |',
      '| ---: | ---: | ---: | --- |',
      ...topFrames(profile, Number(values.top)).map(
        (row, index) => `| ${index + 1} | ${row.selfMs.toFixed(0)} | ${(row.share * 100).toFixed(1)} % | \`${row.frame.replaceAll('|', '\\|')}\` |`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await gateway.close();
    await agent.close();
    await upstream.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`profile failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
