/**
 * `npm run demo`: starts the bundled data.gouv.fr and code.gouv.fr emulations
 * on loopback and the gateway pointed at them, labelled MOCK everywhere
 * (upstreamStatus.source, each object's and repository's `source`, every
 * answer's `extensions.notice`).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readMockUpstreamSettings } from '../mocks/mock-upstream-settings.js';
import { startMockUpstream } from '../mocks/serve-mock-upstream.js';

let settings;
try {
  settings = readMockUpstreamSettings(process.env);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
const upstream = await startMockUpstream(settings);
process.stdout.write(`Demo upstream (recorded + synthetic data.gouv.fr records) at ${upstream.url}\n`);
process.stdout.write(`Demo code.gouv.fr (synthetic repositories) at ${upstream.codegouv.dataUrl} and ${upstream.codegouv.ecosystemUrl}\n`);

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const gateway = spawn(process.execPath, ['--import', 'tsx', cli], {
  stdio: 'inherit',
  // The demo's memory is kept apart from the live gateway's, and never in a shared database.
  env: {
    ...withoutDatabaseUrl(process.env),
    DATA_DIR: 'var/demo',
    DATAGOUV_API_URL: upstream.url,
    DATAGOUV_SOURCE: 'MOCK',
    CODEGOUV_DATA_URL: upstream.codegouv.dataUrl,
    CODEGOUV_ECOSYSTEM_URL: upstream.codegouv.ecosystemUrl,
    CODEGOUV_SOURCE: 'MOCK',
  },
});

const stop = (signal: NodeJS.Signals) => {
  gateway.kill(signal);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
gateway.once('exit', (code) => {
  void upstream.close().then(() => process.exit(code ?? 0));
});

function withoutDatabaseUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = env;
  return rest;
}
