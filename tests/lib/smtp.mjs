// smtp.mjs: a real SMTP server for black-box tests (tests/lib/smtp_sink.py,
// on Debian's python3-aiosmtpd) and a reader for what it received.
//
//   const sink = await startSmtpSink();
//   ... start the server with --smtp-url smtp://127.0.0.1:${sink.port} ...
//   const mail = await sink.waitFor((m) => m.to.includes(email), 15000);
//   mail.subject, mail.body (decoded text, "\n" line ends), mail.headers
//   await sink.stop();
//
// The sink is stopped by its pid; its directory is removed unless it was
// given (opts.dir) or opts.keep is set.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// The system interpreter: a pyenv python3 on PATH may lack aiosmtpd.
const PYTHON = process.env.SMTP_SINK_PYTHON || '/usr/bin/python3';

// Text of bytes in charset (UTF-8 when unknown).
function decodeBytes(bytes, charset = 'utf-8') {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

// Quoted-printable to bytes; q is true for RFC 2047 "Q" (underscore = space).
function qpBytes(text, q = false) {
  const s = (q ? text.replace(/_/g, ' ') : text).replace(/=\r?\n/g, '');
  const out = [];
  for (let i = 0; i < s.length; i++) {
    const hex = s.slice(i + 1, i + 3);
    if (s[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else {
      out.push(s.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(out);
}

// Decodes RFC 2047 encoded-words; white space between two of them goes.
export function decodeWords(value) {
  const word = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
  return value
    .replace(/(\?=)\s+(?==\?)/g, '$1')
    .replace(word, (_, charset, enc, text) => decodeBytes(
      enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : qpBytes(text, true),
      charset.replace(/\*.*$/, '')));
}

// Parses one raw message (a Buffer) into headers (lower-case names, values
// unfolded and decoded; the first of each name) and the decoded body text.
export function parseMessage(raw) {
  const bin = raw.toString('latin1');
  let split = bin.indexOf('\r\n\r\n');
  let sepLen = 4;
  if (split < 0) { split = bin.indexOf('\n\n'); sepLen = 2; }
  if (split < 0) { split = bin.length; sepLen = 0; }
  const head = bin.slice(0, split).replace(/\r?\n(?=[ \t])/g, '');
  const headers = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    // header bytes may be raw UTF-8 too: decode them before the words
    const value = decodeWords(decodeBytes(Buffer.from(line.slice(colon + 1).trim(), 'latin1')));
    if (!(name in headers)) headers[name] = value;
  }
  const ctype = headers['content-type'] || 'text/plain; charset=us-ascii';
  const charset = (/charset="?([^";\s]+)"?/i.exec(ctype) || [])[1] || 'utf-8';
  const cte = (headers['content-transfer-encoding'] || '7bit').toLowerCase();
  const rawBody = bin.slice(split + sepLen);
  let bytes;
  if (cte === 'quoted-printable') bytes = qpBytes(rawBody);
  else if (cte === 'base64') bytes = Buffer.from(rawBody.replace(/\s+/g, ''), 'base64');
  else bytes = Buffer.from(rawBody, 'latin1');
  const body = decodeBytes(bytes, charset).replace(/\r\n/g, '\n');
  return {
    headers,
    from: headers.from || '',
    to: headers.to || '',
    subject: headers.subject || '',
    body,
  };
}

export async function startSmtpSink(opts = {}) {
  const dir = opts.dir || mkdtempSync(join(tmpdir(), 'sb-smtp-'));
  const proc = spawn(PYTHON, [join(here, 'smtp_sink.py'), '--port', String(opts.port || 0), '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (chunk) => { stderr += chunk; });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`smtp sink did not start:\n${stderr}`)), 10000);
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out.slice(0, nl)).port);
      } catch (e) {
        reject(new Error(`smtp sink said ${out}: ${e.message}`));
      }
    });
    proc.on('error', (e) => { clearTimeout(timer); reject(e); });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`smtp sink exited ${code}:\n${stderr}`)); });
  });

  // Every message received so far, oldest first: {n, file, raw, mailFrom,
  // rcpt (the envelope recipients), from, to, subject, body, headers}.
  function messages() {
    const names = readdirSync(dir).filter((f) => /^\d+\.eml$/.test(f));
    names.sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
    return names.map((name) => {
      const file = join(dir, name);
      const raw = readFileSync(file);
      let envelope = { from: null, to: [] };
      try {
        envelope = JSON.parse(readFileSync(file.replace(/\.eml$/, '.json'), 'utf8'));
      } catch { /* written before the .eml; absent only if removed */ }
      return {
        n: parseInt(name, 10), file, raw: raw.toString('utf8'),
        mailFrom: envelope.from, rcpt: envelope.to, ...parseMessage(raw),
      };
    });
  }

  // The first message for which predicate holds, waiting up to timeoutMs.
  async function waitFor(predicate, timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = messages().find(predicate);
      if (found) return found;
      if (Date.now() > deadline) {
        const seen = messages().map((m) => `${m.to}: ${m.subject}`).join('\n  ');
        throw new Error(`no matching mail within ${timeoutMs} ms; received:\n  ${seen || '(nothing)'}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function stop() {
    if (proc.exitCode === null && proc.signalCode === null) {
      const done = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await done;
    }
    if (!opts.keep && !opts.dir) rmSync(dir, { recursive: true, force: true });
    if (proc.exitCode !== 0) throw new Error(`smtp sink exited ${proc.exitCode ?? proc.signalCode}:\n${stderr}`);
  }

  return { port, dir, proc, messages, waitFor, stop };
}
