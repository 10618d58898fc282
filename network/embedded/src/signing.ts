/**
 * ECDSA P-256 / SHA-256 signatures in the form Fabric verifies: DER-encoded with a low S value
 * (Fabric's bccsp rejects S > n/2, so its SDKs normalise S; Node's crypto does not).
 */
import { createPrivateKey, sign, type KeyObject } from 'crypto';

const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
const HALF_ORDER = P256_ORDER >> 1n;

/**
 * Parsed keys by PEM: every proposal, endorsement and block is signed, and parsing the PEM each
 * time cost more than the signature. A network holds a handful of identities; the bound only keeps
 * a process that makes network after network (a test run) from holding every key it ever used.
 */
const parsedKeys = new Map<string, KeyObject>();
const MAX_PARSED_KEYS = 256;

function privateKeyOf(pem: string): KeyObject {
  let key = parsedKeys.get(pem);
  if (key === undefined) {
    key = createPrivateKey(pem);
    if (parsedKeys.size >= MAX_PARSED_KEYS) parsedKeys.clear();
    parsedKeys.set(pem, key);
  }
  return key;
}

export function signLowS(data: Uint8Array, privateKeyPem: string): Buffer {
  const der = sign('sha256', data, privateKeyOf(privateKeyPem));
  const { r, s } = decodeSignature(der);
  return encodeSignature(r, s > HALF_ORDER ? P256_ORDER - s : s);
}

function decodeSignature(der: Buffer): { r: bigint; s: bigint } {
  // SEQUENCE (short length for P-256) { INTEGER r, INTEGER s }
  let offset = 2;
  const readInteger = (): bigint => {
    const length = der[offset + 1];
    const value = der.subarray(offset + 2, offset + 2 + length);
    offset += 2 + length;
    return BigInt(`0x${value.toString('hex') || '0'}`);
  };
  const r = readInteger();
  const s = readInteger();
  return { r, s };
}

function encodeSignature(r: bigint, s: bigint): Buffer {
  const integer = (value: bigint): Buffer => {
    let hex = value.toString(16);
    if (hex.length % 2 === 1) {
      hex = `0${hex}`;
    }
    let bytes = Buffer.from(hex, 'hex');
    if (bytes[0] & 0x80) {
      bytes = Buffer.concat([Buffer.from([0]), bytes]);
    }
    return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
  };
  const body = Buffer.concat([integer(r), integer(s)]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}
