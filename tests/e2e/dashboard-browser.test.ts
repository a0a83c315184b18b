import { mkdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaultPlan } from '../../mocks/faults/fault-plan.js';
import { createRecordingGateway, type RecordingGateway } from '../helpers/create-recording-gateway.js';
import { createTestGateway, PROJECT_ROOT, type TestGateway } from '../helpers/create-test-gateway.js';
import { ensureWebBuild, WEB_ROOT } from './support/ensure-web-build.js';
import { hasChromium, launchChromium, type LaunchedBrowser } from './support/launch-chromium.js';

const ARTIFACTS = path.join(PROJECT_ROOT, 'tests/e2e/artifacts');
const JUSTICE = 'Ministère de la Justice';
/** c002's dataset, found by search; deleting it withdraws the commitment. */
const C002_DATASET = 'liste-des-permis-de-construire-et-autres-autorisations-durbanisme-des-personnes-physiques';

interface ScoreRow {
  key: string;
  total: number;
  publishedOnTime: number;
  publishedLate: number;
  overdue: number;
  pending: number;
  unverifiable: number;
}

describe.skipIf(!hasChromium())('the dashboard in headless Chromium, against the demo', () => {
  let t: TestGateway;
  let base: string;
  let browser: LaunchedBrowser;
  /** Console errors and uncaught exceptions of every page opened, by page URL. */
  const problems: string[] = [];

  beforeAll(async () => {
    await ensureWebBuild();
    await mkdir(ARTIFACTS, { recursive: true });
    t = await createTestGateway({ webRoot: WEB_ROOT });
    await new Promise<void>((resolve) => t.gateway.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(t.gateway.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.gateway.shutdown();
    await t?.close();
  });

  /** `at`: the gateway's origin, the demo's unless told. */
  async function open(url: string, viewport = { width: 1280, height: 900 }, at = base): Promise<Page> {
    const page = await browser.context.newPage();
    await page.setViewportSize(viewport);
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${url}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${url}: ${error.message}`));
    await page.goto(`${at}${url}`);
    await page.locator('h1').first().waitFor();
    return page;
  }

  const tableKeys = (page: Page) => page.locator('#tableau-engagements tbody tr[data-key]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-key')));

  it('asks the API by GET, so that its answers are cacheable and revalidated by ETag', async () => {
    const page = await browser.context.newPage();
    const answers: { operation: string | undefined; method: string; status: number; etag: string | null }[] = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.pathname === '/graphql') {
        const operation = /\bquery (\w+)/.exec(url.searchParams.get('query') ?? '')?.[1];
        answers.push({ operation, method: response.request().method(), status: response.status(), etag: response.headers()['etag'] ?? null });
      }
    });
    await page.goto(`${base}/`);
    await expect.poll(() => page.locator('#tableau-engagements tbody tr').count()).toBeGreaterThan(0);
    expect(answers.map((answer) => answer.operation).sort()).toEqual(['Dashboard', 'DashboardHistory']);
    expect(answers.every((answer) => answer.method === 'GET' && answer.status === 200)).toBe(true);
    // This gateway keeps no history: that answer is an error, which is never cached; the verdicts' answer is.
    expect(answers.find((answer) => answer.operation === 'Dashboard')?.etag).not.toBeNull();
    await page.close();
  });

  it('loads in French without console errors, with the demo banner and headline totals equal to the GraphQL scoreboard', async () => {
    const page = await open('/');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await expect.poll(() => page.locator('#tableau-engagements tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#banniere-demo').textContent()).toContain('Données de démonstration');

    const body = await t.query<{ scoreboard: ScoreRow[] }>('{ scoreboard(groupBy: MINISTRY) { key total publishedOnTime publishedLate overdue pending unverifiable } }');
    const rows = body.data!.scoreboard;
    const sum = (field: keyof Omit<ScoreRow, 'key'>) => rows.reduce((total, row) => total + row[field], 0);
    const figure = async (id: string) => Number((await page.locator(`[data-figure="${id}"] dd`).textContent())!.replace(/\s/g, ''));
    expect(await figure('total')).toBe(sum('total'));
    expect(await figure('PUBLISHED_ON_TIME')).toBe(sum('publishedOnTime'));
    expect(await figure('PUBLISHED_LATE')).toBe(sum('publishedLate'));
    expect(await figure('OVERDUE')).toBe(sum('overdue'));
    expect(await figure('PENDING')).toBe(sum('pending'));
    expect(await figure('UNVERIFIABLE')).toBe(sum('unverifiable'));
    expect(await page.locator('#tableau-ministeres tbody tr').count()).toBe(rows.length);
    expect(await tableKeys(page)).toHaveLength(sum('total'));

    // Charts are drawn, each with a text alternative.
    for (const id of ['#graphique-ministeres', '#graphique-chronologie']) {
      expect(await page.locator(`${id} svg`).count()).toBeGreaterThan(0);
      expect((await page.locator(`${id} [role="img"]`).getAttribute('aria-label'))!.length).toBeGreaterThan(40);
    }
    // Tables have headers with a scope; every control has a label.
    expect(await page.locator('th:not([scope])').count()).toBe(0);
    const unlabelled = await page.locator('select, input').evaluateAll((controls) =>
      controls.filter((control) => !document.querySelector(`label[for="${control.id}"]`)).map((control) => control.id));
    expect(unlabelled).toEqual([]);

    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-desktop.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  });

  it('filters by ministry into the URL, and a reloaded URL restores the view', async () => {
    const page = await open('/');
    const all = await tableKeys(page);
    await page.selectOption('#filtre-ministere', JUSTICE);
    await expect.poll(() => new URL(page.url()).searchParams.get('ministry')).toBe(JUSTICE);
    const filtered = await tableKeys(page);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.length).toBeLessThan(all.length);

    const body = await t.query<{ commitments: { edges: { node: { key: string } }[] } }>(
      'query ($m: String) { commitments(first: 100, filter: { ministry: $m }) { edges { node { key } } } }',
      { m: JUSTICE },
    );
    expect(filtered).toEqual(body.data!.commitments.edges.map((e) => e.node.key));

    await page.selectOption('#filtre-etat', 'OVERDUE');
    await page.getByRole('button', { name: /Échéance/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('dueDate');
    const shared = page.url();
    const view = await tableKeys(page);
    await page.close();

    const again = await open(new URL(shared).pathname + new URL(shared).search);
    await expect.poll(() => tableKeys(again)).toEqual(view);
    expect(await again.inputValue('#filtre-ministere')).toBe(JUSTICE);
    expect(await again.inputValue('#filtre-etat')).toBe('OVERDUE');
    expect(await again.locator('th[aria-sort="ascending"]').textContent()).toContain('Échéance');
    await again.close();
    expect(problems).toEqual([]);
  });

  it('downloads the CSV of the current view, whose rows match the table', async () => {
    const page = await open(`/?${new URLSearchParams({ kind: 'DATASET', state: 'OVERDUE' })}`);
    const keys = await tableKeys(page);
    expect(keys.length).toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Engagements de cette vue (CSV)', exact: true }).click()]);
    expect(download.suggestedFilename()).toMatch(/^engagements-\d{4}-\d{2}-\d{2}\.csv$/);
    const file = path.join(ARTIFACTS, download.suggestedFilename());
    await download.saveAs(file);
    const rows = parse(await readFile(file), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row['Clé'])).toEqual(keys);
    expect(rows.every((row) => row['Type'] === 'DATASET' && row['État (code)'] === 'OVERDUE' && row['Source des données'] === 'MOCK')).toBe(true);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('shows a commitment page with its verdict sentence, evidence and a GraphiQL link, reached from the table', async () => {
    const page = await open('/');
    await page.getByRole('link', { name: /API Historique d.un véhicule/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/engagements/c015');
    const body = await t.query<{ commitment: { status: { summary: string; evidence: unknown[] } } }>('{ commitment(key: "c015") { status { summary evidence { kind } } } }');
    const { summary, evidence } = body.data!.commitment.status;
    await expect.poll(() => page.locator('#verdict').textContent()).toBe(summary);
    expect(summary).toMatch(/^Promis pour le T3 2021, introuvable sur data\.gouv\.fr : .* jours après l'échéance$/);
    expect(await page.locator('ul.evidence > li').count()).toBe(evidence.length);
    const graphiql = await page.getByRole('link', { name: 'Voir cet engagement dans GraphiQL' }).getAttribute('href');
    const params = new URL(graphiql!, base).searchParams;
    expect(params.get('query')).toContain('query CommitmentPage');
    expect(JSON.parse(params.get('variables')!)).toEqual({ key: 'c015' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'commitment-desktop.png'), fullPage: true });

    await page.goBack();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/');
    await page.locator('#tableau-engagements').waitFor();
    // The page's own way back returns to the filtered view the reader left.
    await page.selectOption('#filtre-etat', 'OVERDUE');
    await page.getByRole('link', { name: /API Historique d.un véhicule/ }).click();
    await page.locator('#verdict').waitFor();
    await page.getByRole('link', { name: '← Tableau de bord' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?state=OVERDUE');
    expect(await page.inputValue('#filtre-etat')).toBe('OVERDUE');
    await page.close();

    const direct = await open('/engagements/c015', { width: 390, height: 844 });
    await expect.poll(() => direct.locator('#verdict').textContent()).toBe(summary);
    await direct.screenshot({ path: path.join(ARTIFACTS, 'commitment-phone.png'), fullPage: true });
    await direct.close();
    expect(problems).toEqual([]);
  });

  it('still shows the verdicts on a gateway without a store of record, and says the history is unavailable', async () => {
    const page = await open('/');
    await expect.poll(() => tableKeys(page).then((keys) => keys.length)).toBeGreaterThan(0);
    expect(await page.locator('#derniers-changements').textContent()).toContain('Historique indisponible');
    // The picker says why it cannot be used rather than failing when used.
    expect(await page.locator('#date-verdicts').isDisabled()).toBe(true);
    expect(await page.locator('#banniere-demo').count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'history-unavailable-desktop.png') });
    await page.close();

    // A shared link to a past day shows today's verdicts, and says so, instead of no page at all.
    const dated = await open('/?asOf=2026-11-20&state=OVERDUE');
    await dated.locator('#banniere-date').waitFor();
    expect(await dated.locator('#banniere-date').textContent()).toMatch(/Historique indisponible.*20 novembre 2026.*ceux d'aujourd'hui/);
    await expect.poll(() => tableKeys(dated).then((keys) => keys.length)).toBeGreaterThan(0);
    expect(new URL(dated.url()).search).toBe('?state=OVERDUE');
    await dated.close();

    const commitment = await open('/engagements/c015');
    await commitment.locator('#verdict').waitFor();
    expect(await commitment.locator('#historique-verdicts').textContent()).toContain('Historique indisponible');
    expect(await commitment.locator('ul.evidence > li').count()).toBeGreaterThan(0);
    await commitment.close();
    expect(problems).toEqual([]);
  });

  describe('with a store of record and two evaluation runs, c002’s dataset deleted between them', () => {
    let recording: RecordingGateway;
    let at: string;
    let withdrawal: { sentence: string; at: string };

    beforeAll(async () => {
      // Every upstream read is fresh: the emulated catalogue changes between runs.
      recording = await createRecordingGateway({ startAt: '2026-11-29T10:00:00+01:00', client: { cache: { ttlMs: 0 } }, webRoot: WEB_ROOT });
      await recording.evaluator.runOnce();
      recording.setNow('2026-12-03T10:00:00+01:00');
      recording.control.deleteObject('dataset', C002_DATASET);
      await recording.evaluator.runOnce();
      await new Promise<void>((resolve) => recording.gateway.server.listen(0, '127.0.0.1', resolve));
      at = `http://127.0.0.1:${(recording.gateway.server.address() as AddressInfo).port}`;
      const body = await recording.query<{ changes: { edges: { node: { sentence: string; at: string } }[] } }>(
        '{ changes(since: "2026-01-01T00:00:00Z", filter: { commitment: "c002" }) { edges { node { sentence at } } } }',
      );
      withdrawal = body.data!.changes.edges[0]!.node;
    }, 60_000);

    afterAll(async () => {
      await recording?.gateway.shutdown();
      await recording?.close();
    });

    const rowState = (page: Page, key: string) => page.locator(`#tableau-engagements tr[data-key="${key}"] td[data-label="État"]`).textContent();

    it('lists the latest changes on the home page, with the last run, each linked to its commitment', async () => {
      const page = await open('/', undefined, at);
      const changes = page.locator('#derniers-changements');
      await changes.locator('ol.changes').waitFor();
      expect(withdrawal.sentence).toMatch(/retiré de data\.gouv\.fr le 3 décembre 2026/);
      expect(await changes.locator('li[data-key="c002"] .change-sentence').textContent()).toBe(withdrawal.sentence);
      expect(await changes.locator('li[data-key="c002"] time').getAttribute('datetime')).toBe(withdrawal.at);
      expect(await changes.locator('li[data-key="c002"] time').textContent()).toBe('3 décembre 2026');
      expect(await page.locator('#derniere-verification').textContent()).toMatch(/^Dernière vérification : 3 décembre 2026 à 10:00 \(heure de Paris\)/);
      expect(await changes.locator('ol.changes > li').count()).toBeLessThanOrEqual(10);
      expect(await rowState(page, 'c002')).toContain('Retiré');
      await page.screenshot({ path: path.join(ARTIFACTS, 'history-dashboard-desktop.png') });
      await changes.screenshot({ path: path.join(ARTIFACTS, 'history-changes-desktop.png') });

      await changes.locator('li[data-key="c002"] a').click();
      await expect.poll(() => new URL(page.url()).pathname).toBe('/engagements/c002');
      await page.locator('#historique-verdicts ol.history').waitFor();
      await page.close();
      expect(problems).toEqual([]);
    });

    it('shows a commitment’s recorded verdicts newest first, with dates in French and what changed', async () => {
      const page = await open('/engagements/c002', undefined, at);
      const entries = page.locator('#historique-verdicts li.history-entry');
      await entries.first().waitFor();
      expect(await entries.evaluateAll((items) => items.map((item) => item.getAttribute('data-state')))).toEqual(['WITHDRAWN', 'PUBLISHED_ON_TIME']);
      const newest = (await entries.nth(0).textContent())!;
      expect(newest).toContain('3 décembre 2026 à 10:00');
      expect(newest).toContain('Retiré');
      expect(newest).toContain('Le 3 décembre 2026, le verdict passe de « publié à l’heure » à « retiré »');
      expect(await entries.nth(0).locator('ul.history-changes li').count()).toBeGreaterThan(0);
      const oldest = (await entries.nth(1).textContent())!;
      expect(oldest).toContain('Premier verdict enregistré le 29 novembre 2026');
      // The state's own colour marks each entry, as on the dashboard.
      expect(await entries.nth(0).evaluate((item) => getComputedStyle(item).borderLeftColor)).toBe('rgb(123, 79, 157)');
      await page.locator('#historique-verdicts').screenshot({ path: path.join(ARTIFACTS, 'history-commitment-desktop.png') });
      await page.close();

      const phone = await open('/engagements/c002', { width: 390, height: 844 }, at);
      await phone.locator('#historique-verdicts li.history-entry').first().waitFor();
      expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await phone.locator('#historique-verdicts').screenshot({ path: path.join(ARTIFACTS, 'history-commitment-phone.png') });
      await phone.close();
      expect(problems).toEqual([]);
    });

    it('reads the verdicts as of a chosen day, keeps that day in the URL and through a commitment’s page, and comes back to today', async () => {
      const page = await open('/?state=WITHDRAWN', undefined, at);
      await expect.poll(() => tableKeys(page)).toEqual(['c002']);
      expect(await page.locator('label[for="date-verdicts"]').textContent()).toBe('Voir les verdicts enregistrés à la date du');
      await page.fill('#date-verdicts', '2026-11-30');
      await page.getByRole('button', { name: 'Afficher cette date' }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('asOf')).toBe('2026-11-30');
      expect(new URL(page.url()).searchParams.get('state')).toBe('WITHDRAWN');
      await page.locator('#banniere-date').waitFor();
      expect(await page.locator('#banniere-date').textContent()).toContain('Verdicts enregistrés au 30 novembre 2026');
      expect(await page.locator('#verdicts-date').textContent()).toContain('Verdicts enregistrés au 30 novembre 2026');
      // On 30 November nothing was withdrawn yet: the filtered table is empty, and c002 was on time.
      await expect.poll(() => tableKeys(page)).toEqual([]);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('date-verdicts');
      await page.getByRole('button', { name: 'Tout afficher' }).click();
      await expect.poll(() => new URL(page.url()).search).toBe('?asOf=2026-11-30');
      await expect.poll(() => rowState(page, 'c002')).toContain("Publié à l'heure");
      expect(await page.locator('[data-figure="WITHDRAWN"]').count()).toBe(0);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(ARTIFACTS, 'history-as-of-desktop.png') });

      // To the commitment's page and back, by the page's link and by the browser's.
      await page.locator('#tableau-engagements tr[data-key="c002"] a').click();
      await expect.poll(() => new URL(page.url()).pathname).toBe('/engagements/c002');
      expect(new URL(page.url()).searchParams.get('asOf')).toBe('2026-11-30');
      await page.locator('#verdict-a-la-date').waitFor();
      expect(await page.locator('#verdict-a-la-date').textContent()).toMatch(/^Au 30 novembre 2026, le verdict enregistré était : Publié à l'heure/);
      expect(await page.locator('li.history-current').getAttribute('data-state')).toBe('PUBLISHED_ON_TIME');
      await page.screenshot({ path: path.join(ARTIFACTS, 'history-commitment-as-of-desktop.png') });
      await page.getByRole('link', { name: '← Tableau de bord' }).click();
      await expect.poll(() => new URL(page.url()).search).toBe('?asOf=2026-11-30');
      await expect.poll(() => rowState(page, 'c002')).toContain("Publié à l'heure");
      expect(await page.inputValue('#date-verdicts')).toBe('2026-11-30');
      await page.locator('#tableau-engagements tr[data-key="c002"] a').click();
      await page.locator('#verdict-a-la-date').waitFor();
      await page.goBack();
      await expect.poll(() => new URL(page.url()).search).toBe('?asOf=2026-11-30');
      await expect.poll(() => rowState(page, 'c002')).toContain("Publié à l'heure");

      await page.getByRole('button', { name: "Revenir à aujourd'hui" }).click();
      await expect.poll(() => new URL(page.url()).search).toBe('');
      await expect.poll(() => rowState(page, 'c002')).toContain('Retiré');
      expect(await page.locator('#banniere-date').count()).toBe(0);
      expect(await page.inputValue('#date-verdicts')).toBe('');
      await page.close();
      expect(problems).toEqual([]);
    }, 60_000);

    it('says so for every commitment when the day is before the first recorded verdict', async () => {
      const page = await open('/?asOf=2026-11-28', undefined, at);
      await page.locator('#banniere-date').waitFor();
      const keys = await tableKeys(page);
      expect(keys).toHaveLength(recording.commitments().length);
      const states = await page.locator('#tableau-engagements tbody td[data-label="État"]').allTextContents();
      expect(states.every((text) => text === 'aucun verdict enregistré à cette date')).toBe(true);
      expect(await page.locator('[data-figure="NO_RECORD"] dd').textContent()).toBe(String(keys.length));
      expect(await page.locator('section:has(#par-ministere)').textContent()).toContain("Aucun verdict n'était enregistré le 28 novembre 2026");
      await page.screenshot({ path: path.join(ARTIFACTS, 'history-as-of-before-first-run.png') });
      await page.close();

      const phone = await open('/?asOf=2026-11-30', { width: 390, height: 844 }, at);
      await phone.locator('#banniere-date').waitFor();
      expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await phone.screenshot({ path: path.join(ARTIFACTS, 'history-as-of-phone.png') });
      await phone.close();
      expect(problems).toEqual([]);
    });

    it('says nothing has been recorded yet on a gateway whose store has no run', async () => {
      const empty = await createRecordingGateway({ startAt: '2026-11-29T10:00:00+01:00', webRoot: WEB_ROOT });
      try {
        await new Promise<void>((resolve) => empty.gateway.server.listen(0, '127.0.0.1', resolve));
        const emptyAt = `http://127.0.0.1:${(empty.gateway.server.address() as AddressInfo).port}`;
        const home = await open('/', undefined, emptyAt);
        await home.locator('#derniere-verification').waitFor();
        expect(await home.locator('#derniere-verification').textContent()).toBe("Dernière vérification : aucune enregistrée pour l'instant.");
        expect(await home.locator('#aucun-changement').textContent()).toBe("Aucun changement enregistré pour l'instant.");
        await home.close();
        const page = await open('/engagements/c002', undefined, emptyAt);
        await page.locator('#historique-vide').waitFor();
        expect(await page.locator('#historique-vide').textContent()).toMatch(/^Aucun verdict n'a encore été enregistré pour cet engagement/);
        await page.locator('#historique-verdicts').screenshot({ path: path.join(ARTIFACTS, 'history-commitment-empty.png') });
        await page.close();
      } finally {
        await empty.gateway.shutdown();
        await empty.close();
      }
      expect(problems).toEqual([]);
    });
  });

  it('reaches and operates the table filters with the keyboard alone, with a visible focus', async () => {
    const page = await open('/');
    await page.locator('#tableau-engagements').waitFor();
    let reached = false;
    for (let presses = 0; presses < 80 && !reached; presses += 1) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.id === 'filtre-ministere');
    }
    expect(reached).toBe(true);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => new URL(page.url()).searchParams.get('ministry')).not.toBeNull();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('filtre-type');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('is usable at phone width', async () => {
    const page = await open('/', { width: 390, height: 844 });
    await page.locator('#tableau-engagements tbody tr').first().waitFor();
    // Nothing but the scrollable table regions may be wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-phone.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  });

  it('says so in a banner, and on each row, when verdicts rest on an earlier check because data.gouv.fr fails', async () => {
    let clock = Date.parse('2026-11-29T09:00:00Z');
    const faults = createFaultPlan();
    const outage = await createTestGateway({
      webRoot: WEB_ROOT,
      handlers: { faults },
      client: { cache: { ttlMs: 1_000, maxStaleMs: 0 }, clock: { now: () => clock, sleep: () => Promise.resolve() } },
    });
    try {
      await new Promise<void>((resolve) => outage.gateway.server.listen(0, '127.0.0.1', resolve));
      const outageBase = `http://127.0.0.1:${(outage.gateway.server.address() as AddressInfo).port}`;
      expect((await outage.query('{ commitments(first: 100) { edges { node { status { stale } } } } }')).errors).toBeUndefined();
      clock += 10_000;
      faults.next('*', Array(2_000).fill('503'));
      const page = await browser.context.newPage();
      // Datasets only: source code rests on code.gouv.fr, which still answers.
      await page.goto(`${outageBase}/?state=OVERDUE&kind=DATASET`);
      await page.locator('#banniere-ancienne').waitFor();
      expect(await page.locator('#banniere-ancienne').textContent()).toContain('Données anciennes');
      await expect.poll(() => page.locator('#tableau-engagements tbody tr[data-key]').count()).toBeGreaterThan(0);
      const rows = await page.locator('#tableau-engagements tbody tr[data-key]').allTextContents();
      expect(rows.every((text) => text.includes('constat ancien'))).toBe(true);
      await page.close();
    } finally {
      await outage.gateway.shutdown();
      await outage.close();
    }
  });

  it('shows the official tracking table beside our verdict when that source is on', async () => {
    const tracked = await createTestGateway({ webRoot: WEB_ROOT, useTrackingTable: true });
    try {
      await new Promise<void>((resolve) => tracked.gateway.server.listen(0, '127.0.0.1', resolve));
      const page = await browser.context.newPage();
      await page.goto(`http://127.0.0.1:${(tracked.gateway.server.address() as AddressInfo).port}/engagements/c001`);
      const section = page.locator('section:has(#suivi-officiel)');
      await section.waitFor();
      const body = await tracked.query<{ commitment: { officialStatus: { openingStatus: string } } }>('{ commitment(key: "c001") { officialStatus { openingStatus } } }');
      expect(await section.textContent()).toContain(body.data!.commitment.officialStatus.openingStatus);
      expect(await section.textContent()).toContain("Publié à l'heure");
      await page.close();
      // The table's rows matching no record are listed after the records, labelled as coming from the table.
      await tracked.gateway.refreshTrackerCommitments();
      const listing = await browser.context.newPage();
      await listing.goto(`http://127.0.0.1:${(tracked.gateway.server.address() as AddressInfo).port}/`);
      await expect.poll(() => listing.locator('#tableau-engagements tbody tr').count()).toBeGreaterThan(0);
      const labelled = listing.locator('#tableau-engagements tr[data-key^="t-"] .source-label');
      await expect.poll(() => labelled.count()).toBeGreaterThan(0);
      expect(await labelled.first().textContent()).toBe('tableau officiel');
      expect(await listing.locator('#tableau-engagements tr[data-key^="c"] .source-label').count()).toBe(0);
      await listing.close();
      // Off by default: no such section.
      const plain = await open('/engagements/c001');
      await plain.locator('#verdict').waitFor();
      expect(await plain.locator('#suivi-officiel').count()).toBe(0);
      await plain.close();
    } finally {
      await tracked.gateway.shutdown();
      await tracked.close();
    }
    expect(problems).toEqual([]);
  });

  it('opens a shared GraphiQL link on its own query and variables', async () => {
    const query = 'query Partagee($key: String!) { commitment(key: $key) { title } }';
    const page = await browser.context.newPage();
    await page.goto(`${base}/graphql?${new URLSearchParams({ query, variables: JSON.stringify({ key: 'c015' }) })}`);
    const editor = page.locator('.graphiql-query-editor');
    await expect.poll(() => editor.textContent(), { timeout: 30_000 }).toContain('Partagee');
    expect(await page.locator('.graphiql-editor-tool').textContent()).toContain('c015');
    await page.close();
  }, 60_000);
});
