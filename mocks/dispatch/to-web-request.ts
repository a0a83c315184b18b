import type { Dispatcher } from 'undici';

type HeaderValue = string | number | readonly string[] | undefined | null;

/** Every form undici accepts for request headers: object, flat `[name, value, ...]` array, or iterable of pairs. */
export function toRequestHeaders(headers: Dispatcher.DispatchOptions['headers']): Headers {
  const out = new Headers();
  const add = (name: string, value: HeaderValue): void => {
    if (value === undefined || value === null) return;
    for (const one of Array.isArray(value) ? value : [String(value)]) out.append(name, String(one));
  };
  if (headers === undefined || headers === null) return out;
  if (Array.isArray(headers)) {
    // undici's flat form: name, value, name, value...
    for (let index = 0; index + 1 < headers.length; index += 2) add(String(headers[index]), headers[index + 1] as HeaderValue);
    return out;
  }
  if (typeof (headers as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const [name, value] of headers as Iterable<[string, HeaderValue]>) add(name, value);
    return out;
  }
  for (const [name, value] of Object.entries(headers as Record<string, HeaderValue>)) add(name, value);
  return out;
}

async function collect(stream: AsyncIterable<unknown>): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  return new Uint8Array(Buffer.concat(chunks));
}

/** The request body as fetch's `Request` accepts it (streams are read whole: the mock answers from memory). */
export async function toRequestBody(body: Dispatcher.DispatchOptions['body']): Promise<BodyInit | null> {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return body;
  // Copied so the bytes are backed by a plain ArrayBuffer, as BodyInit wants.
  if (body instanceof Uint8Array) return new Uint8Array(body);
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') return collect(body as AsyncIterable<unknown>);
  return body as unknown as BodyInit;
}

/** Absolute URL of a dispatch: origin + path, plus undici's `query` option when given. */
export function toRequestUrl(options: Dispatcher.DispatchOptions): URL {
  const origin = String(options.origin ?? '').replace(/\/+$/, '');
  const url = new URL(`${origin}${options.path}`);
  if (options.query !== undefined && options.query !== null) {
    for (const [name, value] of Object.entries(options.query)) {
      for (const one of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(one));
    }
  }
  return url;
}
