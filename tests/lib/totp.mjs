// totp.mjs: TOTP codes (RFC 6238) computed in the test, independently of the
// server's liboath: base32 decoding, HMAC over the big-endian step counter,
// dynamic truncation.
import { createHmac } from 'node:crypto';

export function base32Decode(s) {
  const alpha = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of s.replace(/=+$/, '').toUpperCase()) {
    const v = alpha.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

// The code of a base32 secret at timeMs (default now); stepOffset moves it
// whole steps ahead (+1) or back (-1).
export function totp(secret, { timeMs = Date.now(), stepOffset = 0, period = 30, digits = 6, alg = 'sha1' } = {}) {
  const counter = Math.floor(timeMs / 1000 / period) + stepOffset;
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = createHmac(alg, base32Decode(secret)).update(msg).digest();
  const o = h[h.length - 1] & 15;
  const bin = h.readUInt32BE(o) & 0x7fffffff;
  return String(bin % 10 ** digits).padStart(digits, '0');
}
