/**
 * Compiles src/ to dist/ (tsc) and builds the dashboard from web/ into
 * dist/web/ (Vite) when dist/ is missing or older than a source file, so
 * `npm start` never runs stale code and never pays for a build it does not
 * need. Plain JavaScript: it runs before anything is compiled, without tsx.
 * `--force` builds anyway (`npm run build`, `prepare`). Concurrent runs (two
 * test runs at once) take turns through a lock directory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.build-stamp');
const LOCK = path.join(ROOT, '.build-lock');
const INPUTS = ['src', 'web', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
const LOCK_STALE_MS = 120_000;

function newestMtime(entry) {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return 0;
  const stats = statSync(full);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const child of readdirSync(full, { recursive: true, withFileTypes: true })) {
    newest = Math.max(newest, statSync(path.join(child.parentPath, child.name)).mtimeMs);
  }
  return newest;
}

function isStale() {
  if (!existsSync(STAMP) || !existsSync(path.join(DIST, 'cli.js')) || !existsSync(path.join(DIST, 'web', 'index.html'))) return true;
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.some((input) => newestMtime(input) > built);
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function withLock(task) {
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A lock left by a killed build must not block every later start.
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      else sleep(100);
    }
  }
  try {
    return task();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function build() {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    if (existsSync(path.join(DIST, 'cli.js'))) {
      process.stderr.write('build: typescript is not installed (production install?); keeping the existing dist/\n');
      return 0;
    }
    process.stderr.write('build: dist/ is missing and typescript is not installed: run `npm install`\n');
    return 1;
  }
  const startedAt = Date.now();
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) return result.status ?? 1;
  // vite's package exports do not include its bin: resolve it beside its package.json.
  const vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const web = spawnSync(process.execPath, [vite, 'build', '--config', path.join(ROOT, 'web', 'vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (web.status !== 0) return web.status ?? 1;
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  process.stderr.write(`build: src/ compiled to dist/ and web/ built into dist/web/ in ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`);
  return 0;
}

const force = process.argv.includes('--force');
if (!force && !isStale()) process.exit(0);
process.exit(withLock(() => (force || isStale() ? build() : 0)));
