/** Result of decoding a file's bytes as text. */
export type DecodeUtf8TextResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly message: string };

/**
 * Decodes bytes as strict UTF-8 text. Invalid sequences and NUL bytes are
 * refused rather than replaced: a record that is not text is better reported
 * than served as mojibake. A leading byte-order mark is dropped.
 */
export function decodeUtf8Text(bytes: Uint8Array): DecodeUtf8TextResult {
  const nulAt = bytes.indexOf(0);
  if (nulAt !== -1) {
    return { ok: false, message: `contains a NUL byte at offset ${nulAt}: binary data, not text` };
  }
  try {
    // ignoreBOM: false (the default) makes the decoder drop a leading BOM.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { ok: true, text };
  } catch {
    return { ok: false, message: 'is not valid UTF-8' };
  }
}
