// audio.mjs: sounds for the media tests: 16-bit PCM WAV files made here (a
// tone, or silence), and what a WAV file's header says.

// A WAV file of seconds at rate with channels, a tone of hz (0: silence).
export function wav({ seconds = 1, rate = 44100, channels = 2, hz = 440, amplitude = 0.5 } = {}) {
  const frames = Math.round(seconds * rate);
  const data = Buffer.alloc(frames * channels * 2);
  for (let i = 0; i < frames; i++) {
    const v = hz ? Math.round(Math.sin((2 * Math.PI * hz * i) / rate) * amplitude * 32767) : 0;
    for (let c = 0; c < channels; c++) data.writeInt16LE(v, (i * channels + c) * 2);
  }
  const h = Buffer.alloc(44);
  h.write('RIFF', 0); h.writeUInt32LE(36 + data.length, 4); h.write('WAVE', 8);
  h.write('fmt ', 12); h.writeUInt32LE(16, 16); h.writeUInt16LE(1, 20); h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(rate, 24); h.writeUInt32LE(rate * channels * 2, 28); h.writeUInt16LE(channels * 2, 32);
  h.writeUInt16LE(16, 34); h.write('data', 36); h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

// What a canonical WAV header says: format, channels, rate, bits, seconds.
export function wavInfo(b) {
  const buf = Buffer.from(b);
  if (buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WAVE') return null;
  let at = 12;
  const info = {};
  while (at + 8 <= buf.length) {
    const id = buf.toString('latin1', at, at + 4);
    const len = buf.readUInt32LE(at + 4);
    if (id === 'fmt ') {
      Object.assign(info, { format: buf.readUInt16LE(at + 8), channels: buf.readUInt16LE(at + 10), rate: buf.readUInt32LE(at + 12), bits: buf.readUInt16LE(at + 22) });
    } else if (id === 'data') {
      info.seconds = len / (info.rate * info.channels * (info.bits / 8));
      break;
    }
    at += 8 + len + (len & 1);
  }
  return info;
}

// A multipart/form-data body of fields and one file: [contentType, Buffer].
export function multipart(fields, file) {
  const boundary = `----sb${Date.now()}`;
  const parts = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return [`multipart/form-data; boundary=${boundary}`, Buffer.concat(parts)];
}
