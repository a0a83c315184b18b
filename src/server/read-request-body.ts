import type { IncomingMessage } from 'node:http';
import { createBrotliDecompress, createGunzip, createInflate, type Gunzip } from 'node:zlib';

export type BodyRead =
  | { readonly kind: 'ok'; readonly body: Buffer }
  | { readonly kind: 'too-large'; readonly limitBytes: number; readonly inflated: boolean }
  | { readonly kind: 'unsupported-encoding'; readonly encoding: string }
  | { readonly kind: 'corrupt'; readonly encoding: string }
  | { readonly kind: 'aborted' };

type Decoder = Gunzip;

const DECODERS: Readonly<Record<string, () => Decoder>> = {
  gzip: () => createGunzip(),
  'x-gzip': () => createGunzip(),
  deflate: () => createInflate(),
  br: () => createBrotliDecompress() as unknown as Decoder,
};

/**
 * Reads a request body without ever holding more than `maxBytes` of it: the
 * declared length is checked before reading, the bytes received while
 * reading, and a compressed body's inflated size while inflating (a 255 KB
 * gzip can inflate to 256 MB). Reading stops at the first byte over the limit.
 */
export function readRequestBody(request: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return new Promise((resolve) => drainThenResolve(request, 0, () => resolve({ kind: 'too-large', limitBytes: maxBytes, inflated: false })));
  }
  if (encoding !== 'identity' && encoding !== '' && DECODERS[encoding] === undefined) {
    return new Promise((resolve) => drainThenResolve(request, 0, () => resolve({ kind: 'unsupported-encoding', encoding })));
  }
  const decoder = encoding === 'identity' || encoding === '' ? null : (DECODERS[encoding] as () => Decoder)();

  return new Promise<BodyRead>((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let produced = 0;
    let settled = false;
    const settle = (result: BodyRead): void => {
      if (settled) return;
      settled = true;
      request.off('data', onData);
      decoder?.removeAllListeners('data');
      if (result.kind === 'ok' || result.kind === 'aborted') {
        resolve(result);
        return;
      }
      decoder?.destroy();
      drainThenResolve(request, received, () => resolve(result));
    };
    const onOutput = (chunk: Buffer): void => {
      produced += chunk.byteLength;
      if (produced > maxBytes) return settle({ kind: 'too-large', limitBytes: maxBytes, inflated: decoder !== null });
      chunks.push(chunk);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.byteLength;
      if (received > maxBytes) return settle({ kind: 'too-large', limitBytes: maxBytes, inflated: false });
      if (decoder) decoder.write(chunk);
      else onOutput(chunk);
    };
    request.on('data', onData);
    request.once('aborted', () => settle({ kind: 'aborted' }));
    request.once('error', () => settle({ kind: 'aborted' }));
    if (decoder) {
      decoder.on('data', onOutput);
      decoder.once('error', () => settle({ kind: 'corrupt', encoding }));
      decoder.once('end', () => settle({ kind: 'ok', body: Buffer.concat(chunks, produced) }));
      request.once('end', () => decoder.end());
    } else {
      request.once('end', () => settle({ kind: 'ok', body: Buffer.concat(chunks, produced) }));
    }
  });
}

/** Most bytes of a refused body read (and thrown away) so that the refusal can be answered on a quiet socket. */
const DRAIN_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Discards the rest of a refused body before the refusal is answered: a
 * client still sending when the socket closes sees EPIPE instead of the 413.
 * Past DRAIN_MAX_BYTES the answer goes out at once and the socket is closed.
 */
function drainThenResolve(request: IncomingMessage, alreadyRead: number, done: () => void): void {
  if (request.readableEnded) return done();
  let drained = alreadyRead;
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    request.off('data', onData);
    done();
  };
  const onData = (chunk: Buffer): void => {
    drained += chunk.byteLength;
    if (drained > DRAIN_MAX_BYTES) finish();
  };
  request.on('data', onData);
  request.once('end', finish);
  request.once('close', finish);
  request.once('error', finish);
  request.resume();
}
