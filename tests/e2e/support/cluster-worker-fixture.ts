/** A worker as the CLI would run under runCluster: answers every request with its pid. */
import { createServer } from 'node:http';
import { runCluster } from '../../../src/server/run-cluster.js';

const port = Number(process.env['FIXTURE_PORT']);
await runCluster(
  async () => {
    const server = createServer((_request, response) => response.end(String(process.pid)));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    process.once('SIGTERM', () => {
      server.close(() => process.exit(0));
      server.closeAllConnections();
    });
  },
  { workers: () => Number(process.env['FIXTURE_WORKERS']), logger: { info: () => undefined, warn: () => undefined, error: () => undefined } },
);
