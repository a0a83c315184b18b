import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createCodegouvHandlers, type CodegouvHandlersOptions } from '../../../mocks/codegouv/handlers.js';
import { createMockDispatcher } from '../../../mocks/create-mock-dispatcher.js';
import { createFaultPlan } from '../../../mocks/faults/fault-plan.js';
import { createCodegouvClient, type CodegouvClientOptions } from '../../../src/upstream/codegouv/client.js';
import { isEcosystemErrorBody } from '../../../src/upstream/codegouv/payload.js';
import { createFakeClock } from './support/create-fake-clock.js';

const DATA_URL = 'https://code.gouv.fr/data';
const ECOSYSTEM_URL = 'https://data.code.gouv.fr/api/v1';
const INVENTORY = `${DATA_URL}/codegouvfr-repositories.json`;

function setUp(handlers: CodegouvHandlersOptions = {}, client: Partial<CodegouvClientOptions> = {}) {
  const emulation = createCodegouvHandlers(handlers);
  const upstream = createMockDispatcher(emulation);
  const clock = createFakeClock();
  const codegouv = createCodegouvClient({
    dataUrl: DATA_URL,
    ecosystemUrl: ECOSYSTEM_URL,
    dispatcher: upstream.dispatcher,
    source: 'LIVE',
    clock,
    ...client,
  });
  return { codegouv, upstream, clock, control: emulation.control };
}

describe('the code.gouv.fr client against the emulation', () => {
  it('reads the inventory once, then serves it from cache, indexed', async () => {
    const { codegouv, upstream } = setUp();
    const first = await codegouv.getInventory();
    const second = await codegouv.getInventory();
    expect(upstream.calls.filter((call) => call.url === INVENTORY)).toHaveLength(1);
    expect(first.size).toBe(second.size);
    expect(first.size).toBeGreaterThan(5);
    expect(first.byUrl('https://github.com/France-Connect/sources/')?.fullName).toBe('france-connect/sources');
    expect(first.byOwner('github.com', 'france-connect').map((r) => r.name).sort()).toEqual(['identity-provider-example', 'service-provider-example', 'sources']);
    // `FranceConnect` finds `france-connect` and `franceconnect` alike.
    const names = first.search('FranceConnect').hits.map((hit) => hit.repository.fullName);
    expect(names).toEqual(expect.arrayContaining(['france-connect/sources', 'ville-exemple/franceconnect', 'territoires-numeriques-demo/franceconnect-kit']));
    // The emulation labels itself: the client reports MOCK whatever it was told.
    expect(codegouv.source()).toBe('MOCK');
    expect(first.byUrl('https://github.com/france-connect/sources')?.source).toBe('MOCK');
  });

  it('reads the inventory’s empty strings as unknown values and maps rows to repositories', async () => {
    const { codegouv } = setUp();
    const inventory = await codegouv.getInventory();
    const livia = inventory.byUrl('https://gitlab.com/drees-demo/modeles/livia');
    expect(livia).toMatchObject({
      fullName: 'drees-demo/modeles/livia', owner: 'drees-demo', name: 'livia', platform: 'gitlab.com', host: 'gitlab.com',
      archived: true, fork: false, createdAt: null, detailed: false, ownerUrl: 'https://gitlab.com/drees-demo',
    });
    expect(inventory.byUrl('https://github.com/dgfip-demo/outil-test-fec')?.license).toBeNull();
  });

  it('reads one repository with its creation date, following the API’s redirect to its canonical spelling', async () => {
    const { codegouv, upstream } = setUp();
    const repository = await codegouv.getRepository('GitHub', 'France-Connect/Sources');
    expect(repository).toMatchObject({ fullName: 'france-connect/sources', createdAt: '2021-11-05T09:12:44.000+00:00', detailed: true, htmlUrl: 'https://github.com/france-connect/sources' });
    expect(upstream.calls.map((call) => call.status)).toEqual([301, 200]);
    expect(upstream.calls[0]?.url).toBe(`${ECOSYSTEM_URL}/hosts/GitHub/repositories/France-Connect%2FSources`);
  });

  it('returns null on ecosyste.ms’s own JSON 404, remembered for a while', async () => {
    const { codegouv, upstream } = setUp();
    await expect(codegouv.getRepository('GitHub', 'france-connect/nothing-here')).resolves.toBeNull();
    await expect(codegouv.getRepository('GitHub', 'france-connect/nothing-here')).resolves.toBeNull();
    expect(upstream.calls).toHaveLength(1);
    expect(codegouv.status().hosts.find((h) => h.host === 'data.code.gouv.fr')?.breakerState).toBe('CLOSED');
    expect(isEcosystemErrorBody('{"error":"Repository not found"}')).toBe(true);
    expect(isEcosystemErrorBody('<html>404</html>')).toBe(false);
  });

  it('reads an HTML 404 from a wrong base URL as UPSTREAM_BAD_PAYLOAD, never as "not found", and counts it against the breaker', async () => {
    const { codegouv, upstream } = setUp({ mode: 'html-404' }, { breaker: { failureThreshold: 2, coolDownMs: 60_000 } });
    await expect(codegouv.getRepository('GitHub', 'france-connect/sources')).rejects.toMatchObject({ code: 'UPSTREAM_BAD_PAYLOAD' });
    await expect(codegouv.getRepository('GitHub', 'france-connect/other')).rejects.toMatchObject({ code: 'UPSTREAM_BAD_PAYLOAD' });
    await expect(codegouv.getRepository('GitHub', 'france-connect/third')).rejects.toMatchObject({ code: 'UPSTREAM_CIRCUIT_OPEN' });
    expect(upstream.calls).toHaveLength(2);
    await expect(codegouv.getInventory()).rejects.toMatchObject({ code: 'UPSTREAM_BAD_PAYLOAD' });
  });

  it('lists an account’s repositories, and gives null for an account the API does not know', async () => {
    const { codegouv } = setUp();
    const page = await codegouv.listOwnerRepositories('GitHub', 'france-connect');
    expect(page?.items.map((r) => r.fullName).sort()).toEqual(['france-connect/identity-provider-example', 'france-connect/service-provider-example', 'france-connect/sources']);
    expect(page?.hasNextPage).toBe(false);
    await expect(codegouv.listOwnerRepositories('GitHub', 'nobody-here')).resolves.toBeNull();
  });

  it('keeps each host’s breaker apart: a failing inventory does not stop repository reads', async () => {
    const { codegouv, control } = setUp({}, { breaker: { failureThreshold: 1, coolDownMs: 60_000 }, retries: 0 });
    control.setMode('inventory-down');
    await expect(codegouv.getInventory()).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    await expect(codegouv.getInventory()).rejects.toMatchObject({ code: 'UPSTREAM_CIRCUIT_OPEN' });
    await expect(codegouv.getRepository('GitHub', 'france-connect/sources')).resolves.not.toBeNull();
    const states = Object.fromEntries(codegouv.status().hosts.map((h) => [h.host, h.breakerState]));
    expect(states).toEqual({ 'code.gouv.fr': 'OPEN', 'data.code.gouv.fr': 'CLOSED' });
  });

  it('honours Retry-After, then serves the inventory', async () => {
    const faults = createFaultPlan().next(INVENTORY, ['429:2']);
    const { codegouv, upstream, clock } = setUp({ faults });
    await expect(codegouv.getInventory()).resolves.toMatchObject({ stale: false });
    expect(upstream.calls.map((call) => call.status)).toEqual([429, 200]);
    expect(clock.sleep).toHaveBeenCalledWith(2_000, expect.anything());
  });

  it('serves the last inventory, flagged stale, when code.gouv.fr fails after its TTL', async () => {
    const { codegouv, control, clock } = setUp({}, { inventoryCache: { ttlMs: 1_000 }, retries: 0 });
    await codegouv.getInventory();
    control.setMode('inventory-down');
    clock.advance(5_000);
    // Past the TTL: served at once while a background refresh runs, then flagged stale once it failed.
    await expect(codegouv.getInventory()).resolves.toMatchObject({ revalidating: true });
    await new Promise((resolve) => setImmediate(resolve));
    const stale = await codegouv.getInventory();
    expect(stale).toMatchObject({ stale: true });
    expect(stale.byUrl('https://github.com/france-connect/sources')?.stale).toBe(true);
  });

  it('refuses a badly formed name before any call', async () => {
    const { codegouv, upstream } = setUp();
    await expect(codegouv.getRepository('GitHub', '../../etc/passwd')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(codegouv.getRepository('Git Hub', 'a/b')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(codegouv.listOwnerRepositories('GitHub', 'a/b')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(upstream.calls).toHaveLength(0);
  });

  it('refuses an inventory that is not a list of repositories', async () => {
    const upstream = createMockDispatcher([http.get(INVENTORY, () => HttpResponse.json({ repositories: [] }))]);
    const codegouv = createCodegouvClient({ dataUrl: DATA_URL, ecosystemUrl: ECOSYSTEM_URL, dispatcher: upstream.dispatcher, source: 'LIVE' });
    await expect(codegouv.getInventory()).rejects.toMatchObject({ code: 'UPSTREAM_BAD_PAYLOAD' });
  });
});
