/** A response body grew past the configured limit; reading stopped there. */
export class BodyTooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`response body larger than ${limitBytes} bytes`);
    this.name = 'BodyTooLarge';
  }
}

/**
 * Reads a body stream as UTF-8 text, refusing to buffer more than `maxBytes`
 * so a runaway upstream answer cannot exhaust the gateway's memory.
 */
export async function readBodyText(body: AsyncIterable<Uint8Array> & { destroy(error?: Error): void }, maxBytes: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      const error = new BodyTooLarge(maxBytes);
      body.destroy(error);
      throw error;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}
