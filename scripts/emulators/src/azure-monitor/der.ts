/**
 * The handful of ASN.1 DER encoders a self-signed X.509 certificate needs (ITU-T X.690).
 * Every function returns the complete tag-length-value encoding.
 */

export function sequence(...items: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

export function set(...items: Buffer[]): Buffer {
  return tlv(0x31, Buffer.concat(items));
}

/** A non-negative INTEGER from its big-endian magnitude. */
export function unsignedInteger(magnitude: Buffer): Buffer {
  const needsZero = magnitude.length === 0 || (magnitude[0] & 0x80) !== 0;
  return tlv(0x02, needsZero ? Buffer.concat([Buffer.from([0]), magnitude]) : magnitude);
}

export function smallInteger(value: number): Buffer {
  if (!Number.isInteger(value) || value < 0 || value > 127) {
    throw new RangeError(`smallInteger takes 0..127, got ${value}`);
  }
  return tlv(0x02, Buffer.from([value]));
}

export function boolean(value: boolean): Buffer {
  return tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
}

export function objectIdentifier(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((arc) => !Number.isSafeInteger(arc) || arc < 0)) {
    throw new Error(`not an object identifier: ${dotted}`);
  }
  const bytes = [...base128(arcs[0] * 40 + arcs[1])];
  for (const arc of arcs.slice(2)) {
    bytes.push(...base128(arc));
  }
  return tlv(0x06, Buffer.from(bytes));
}

export function utf8String(text: string): Buffer {
  return tlv(0x0c, Buffer.from(text, 'utf8'));
}

/** UTCTime `YYMMDDHHMMSSZ`; X.509 requires it for years 1950–2049 (RFC 5280 §4.1.2.5). */
export function utcTime(date: Date): Buffer {
  const year = date.getUTCFullYear();
  if (year < 1950 || year > 2049) {
    throw new RangeError(`UTCTime covers 1950-2049, got ${date.toISOString()}`);
  }
  const digits = [
    year % 100,
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  ].map((part) => String(part).padStart(2, '0'));
  return tlv(0x17, Buffer.from(`${digits.join('')}Z`, 'ascii'));
}

/** A BIT STRING whose last `unusedBits` bits are padding. */
export function bitString(bytes: Buffer, unusedBits = 0): Buffer {
  return tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), bytes]));
}

export function octetString(bytes: Buffer): Buffer {
  return tlv(0x04, bytes);
}

/** `[n] EXPLICIT`: a constructed context-specific wrapper around one encoded value. */
export function explicit(tagNumber: number, inner: Buffer): Buffer {
  return tlv(0xa0 | tagNumber, inner);
}

/** `[n] IMPLICIT` of a primitive value, as GeneralName alternatives are encoded. */
export function implicitPrimitive(tagNumber: number, content: Buffer): Buffer {
  return tlv(0x80 | tagNumber, content);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodedLength(content.length), content]);
}

function encodedLength(length: number): Buffer {
  if (length < 0x80) {
    return Buffer.from([length]);
  }
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) {
    bytes.unshift(rest % 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function base128(value: number): number[] {
  const digits = [value % 128];
  for (let rest = Math.floor(value / 128); rest > 0; rest = Math.floor(rest / 128)) {
    digits.unshift((rest % 128) | 0x80);
  }
  return digits;
}
