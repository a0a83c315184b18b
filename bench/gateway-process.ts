/**
 * One gateway in a process of its own, as it runs in production, so that its
 * memory is its own and it has a core to itself. Started by `fork` with the
 * settings as JSON in argv[2]; says `{ origin }` once listening, answers
 * `'usage'` with its peak RSS and closes on `'close'`.
 */
import { loadBenchData, startBenchGateway } from './bench-gateway.js';

export interface GatewayProcessSettings {
  readonly upstreamUrl: string;
  readonly fastPaths: boolean;
}

export type GatewayProcessMessage = { readonly origin: string } | { readonly peakRssMb: number; readonly rssMb: number; readonly heapUsedMb: number; readonly heapTotalMb: number };

const settings = JSON.parse(process.argv[2] ?? '{}') as GatewayProcessSettings;
const gateway = await startBenchGateway(settings.upstreamUrl, await loadBenchData(), { fastPaths: settings.fastPaths });
const send = (message: GatewayProcessMessage): void => {
  process.send?.(message);
};
process.on('message', (message: unknown) => {
  if (message === 'usage') {
    const memory = process.memoryUsage();
    send({ peakRssMb: process.resourceUsage().maxRSS / 1024, rssMb: memory.rss / 1048576, heapUsedMb: memory.heapUsed / 1048576, heapTotalMb: memory.heapTotal / 1048576 });
  }
  if (message === 'close') {
    void gateway.close().finally(() => process.exit(0));
  }
});
// The parent going away must not leave a server behind.
process.on('disconnect', () => process.exit(0));
send({ origin: gateway.origin });
