import { CODEGOUV_EMULATION_MODES, parseCodegouvEmulationMode, type CodegouvEmulationMode } from './codegouv/handlers.js';
import { EMULATION_MODES, parseEmulationMode, type EmulationMode } from './control/emulation-control.js';

/**
 * The environment of the scripts that serve the data.gouv.fr emulation
 * (`npm run mock-upstream`, `npm run demo`); the gateway itself never reads
 * these. Listed in the README from this table, like the gateway's own.
 */
export const MOCK_UPSTREAM_VARIABLES = [
  { name: 'MOCK_UPSTREAM_PORT', default: '4010', description: 'port of the emulation served by `npm run mock-upstream` and `npm run demo` (0 picks a free one)' },
  { name: 'MOCK_UPSTREAM_HOST', default: '127.0.0.1', description: 'interface the emulation binds' },
  {
    name: 'MOCK_UPSTREAM_MODE',
    default: 'normal',
    description: '`normal`, `html-404` (every API path answers an HTML 404, as a wrong API root would) or `objects-404` (every object answers 404, lists still work)',
  },
  {
    name: 'MOCK_CODEGOUV_MODE',
    default: 'normal',
    description: 'the code.gouv.fr emulation (served under `/codegouv/`): `normal`, `html-404` (a wrong base URL) or `inventory-down` (the inventory answers 503)',
  },
] as const;

export interface MockUpstreamSettings {
  readonly port: number;
  readonly host: string;
  readonly mode: EmulationMode;
  readonly codegouvMode: CodegouvEmulationMode;
}

/** @throws RangeError with one line naming the bad variable. */
export function readMockUpstreamSettings(env: Readonly<Record<string, string | undefined>>): MockUpstreamSettings {
  const rawPort = env['MOCK_UPSTREAM_PORT']?.trim() || '4010';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65_535) throw new RangeError(`MOCK_UPSTREAM_PORT="${rawPort}" is not a port (expected 0..65535).`);
  const rawMode = env['MOCK_UPSTREAM_MODE']?.trim() || 'normal';
  const mode = parseEmulationMode(rawMode);
  if (mode === null) throw new RangeError(`MOCK_UPSTREAM_MODE="${rawMode}" is not one of ${EMULATION_MODES.join(', ')}.`);
  const rawCodegouvMode = env['MOCK_CODEGOUV_MODE']?.trim() || 'normal';
  const codegouvMode = parseCodegouvEmulationMode(rawCodegouvMode);
  if (codegouvMode === null) throw new RangeError(`MOCK_CODEGOUV_MODE="${rawCodegouvMode}" is not one of ${CODEGOUV_EMULATION_MODES.join(', ')}.`);
  return { port, host: env['MOCK_UPSTREAM_HOST']?.trim() || '127.0.0.1', mode, codegouvMode };
}
