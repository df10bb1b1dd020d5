import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/**
 * Bytes → text, in the order feeds in the wild need: byte-order mark, then the HTTP
 * charset, then the XML declaration, else UTF-8 — falling back to Windows-1252 when the
 * bytes are not valid UTF-8. A declared single-byte charset is not believed when the bytes
 * are valid UTF-8 with multi-byte sequences: a lying declaration is far more common than
 * Latin-1 text that happens to be valid UTF-8.
 */
export function decodeFeed(bytes: Uint8Array, contentType: string | null = null): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bom = sniffBom(buf);
  if (bom) return iconv.decode(buf.subarray(bom.length), bom.encoding);
  const wide = sniffWide(buf);
  if (wide) return iconv.decode(buf, wide);

  const declared = usable(charsetOf(contentType)) ?? usable(prologEncoding(buf));
  if (declared && !isUtf8Label(declared)) {
    if (isSingleByte(declared) && isUtf8(buf)) {
      // Valid UTF-8 with multi-byte sequences (the text is shorter than its bytes): the label lies.
      const text = buf.toString('utf8');
      if (text.length < buf.length) return text;
    }
    return iconv.decode(buf, declared);
  }
  // Pure ASCII (most feeds, entities and all) is copied byte for byte: much faster than UTF-8.
  if (isAscii(buf)) return buf.toString('latin1');
  return isUtf8(buf) ? buf.toString('utf8') : iconv.decode(buf, 'windows-1252');
}

function sniffBom(b: Buffer): { encoding: string; length: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b[0] === 0x00 && b[1] === 0x00 && b[2] === 0xfe && b[3] === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0x00 && b[3] === 0x00) return { encoding: 'utf-32le', length: 4 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  return null;
}

/** XML 1.0 appendix F: "<" or "<?" in a wide encoding, whatever the (often wrong) label says. */
function sniffWide(b: Buffer): string | null {
  if (b.length < 4) return null;
  if (b[0] === 0 && b[1] === 0 && b[2] === 0 && b[3] === 0x3c) return 'utf-32be';
  if (b[0] === 0x3c && b[1] === 0 && b[2] === 0 && b[3] === 0) return 'utf-32le';
  if (b[0] === 0 && b[1] === 0x3c && b[2] === 0 && b[3] === 0x3f) return 'utf-16be';
  if (b[0] === 0x3c && b[1] === 0 && b[2] === 0x3f && b[3] === 0) return 'utf-16le';
  return null;
}

function charsetOf(contentType: string | null): string | null {
  const m = contentType?.match(/charset\s*=\s*"?([^";\s]+)/i);
  return m?.[1] ?? null;
}

function prologEncoding(b: Buffer): string | null {
  const head = b.subarray(0, 1024).toString('latin1');
  const m = head.match(/^\s*(?:<!--[\s\S]*?-->\s*)*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']/);
  return m?.[1] ?? null;
}

function usable(label: string | null): string | null {
  if (!label) return null;
  const l = label.trim().toLowerCase();
  return iconv.encodingExists(l) ? l : null;
}

function isUtf8Label(label: string): boolean {
  return label === 'utf-8' || label === 'utf8';
}

function isSingleByte(label: string): boolean {
  return /^(us-?ascii|ascii|iso-?8859-\d+|latin-?\d|l\d|windows-125\d|cp125\d|cp819|koi8-?[ru])$/.test(label);
}
