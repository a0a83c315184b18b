import { createServer, get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ExportColumn } from '../../src/exports/export-column.js';
import { streamCsv } from '../../src/exports/stream-export.js';

const ROWS = 100_000;
const PADDING = 'é'.repeat(500); // ~1 kB a row in UTF-8: the whole file is ~100 MB

describe('streamCsv', () => {
  it('pulls rows only as fast as a slow client reads: a long export stays in bounded memory', async () => {
    let pulled = 0;
    function* rows(): Generator<number> {
      for (let i = 0; i < ROWS; i += 1) {
        pulled += 1;
        yield i;
      }
    }
    const columns: ExportColumn<number>[] = [
      { key: 'n', title: 'Numéro', value: (n) => n },
      { key: 'text', title: 'Texte', value: () => `${PADDING}; "x"` },
    ];
    const server = createServer((_request, response) => {
      void streamCsv(response, { delimiter: ',', headers: 'fr' }, { columns, rows: rows(), baseName: 'test', day: '2026-11-29' });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const response = await new Promise<IncomingMessage>((resolve) => get(`http://127.0.0.1:${port}/`, resolve));
      response.pause();
      // Wait until the producer stalls behind the unread socket.
      let last = -1;
      while (pulled !== last) {
        last = pulled;
        await sleep(150);
      }
      expect(pulled).toBeGreaterThan(0);
      // Socket buffers plus stream high-water marks: a few MB at most, far from the ~100 MB file.
      expect(pulled).toBeLessThan(ROWS / 5);

      let bytes = 0;
      let lineEnds = 0;
      let previous = 0;
      for await (const chunk of response as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        for (const byte of chunk) {
          if (byte === 0x0a && previous === 0x0d) lineEnds += 1;
          previous = byte;
        }
      }
      expect(pulled).toBe(ROWS);
      expect(lineEnds).toBe(ROWS + 1);
      expect(bytes).toBeGreaterThan(ROWS * 1000);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 60_000);
});
