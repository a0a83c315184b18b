import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/*
 * The dashboard: plain TypeScript and Observable Plot, bundled into
 * dist/web/ and served by the gateway itself (no CDN: the demo works offline).
 * Only dist/web is emptied: the server's own build writes beside it in dist/.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
  },
});
