import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

/** Debian's chromium package (scripts/ensure-chromium.sh installs it); never a downloaded build. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags that work in containers without a GPU, a sandbox or network. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Whether the browser tests run. In CI (CI=true) a missing browser is an
 * error, not a skip: a suite that silently skips its browser tests proves nothing.
 */
export function hasChromium(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env['CI'] === 'true') {
    throw new Error(`${CHROMIUM_PATH} is missing: CI must run the browser tests (run scripts/ensure-chromium.sh)`);
  }
  process.stdout.write(`browser tests skipped: no ${CHROMIUM_PATH} (install it with scripts/ensure-chromium.sh)\n`);
  return false;
}

export interface LaunchedBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium with a fresh profile in a temporary folder, removed on close. */
export async function launchChromium(options: BrowserContextOptions = {}): Promise<LaunchedBrowser> {
  const profile = await mkdtemp(path.join(tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    acceptDownloads: true,
    ...options,
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
