import { mkdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaultPlan } from '../../mocks/faults/fault-plan.js';
import { createTestGateway, PROJECT_ROOT, type TestGateway } from '../helpers/create-test-gateway.js';
import { ensureWebBuild, WEB_ROOT } from './support/ensure-web-build.js';
import { hasChromium, launchChromium, type LaunchedBrowser } from './support/launch-chromium.js';

const ARTIFACTS = path.join(PROJECT_ROOT, 'tests/e2e/artifacts');
const JUSTICE = 'Ministère de la Justice';

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

  async function open(url: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await browser.context.newPage();
    await page.setViewportSize(viewport);
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${url}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${url}: ${error.message}`));
    await page.goto(`${base}${url}`);
    await page.locator('h1').first().waitFor();
    return page;
  }

  const tableKeys = (page: Page) => page.locator('#tableau-engagements tbody tr[data-key]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-key')));

  it('asks the API by GET, so that its answers are cacheable and revalidated by ETag', async () => {
    const page = await browser.context.newPage();
    const answers: { method: string; status: number; etag: string | null }[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/graphql') {
        answers.push({ method: response.request().method(), status: response.status(), etag: response.headers()['etag'] ?? null });
      }
    });
    await page.goto(`${base}/`);
    await expect.poll(() => page.locator('#tableau-engagements tbody tr').count()).toBeGreaterThan(0);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((answer) => answer.method === 'GET' && answer.status === 200 && answer.etag !== null)).toBe(true);
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
