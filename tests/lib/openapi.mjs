// openapi.mjs: checks every request a test sends and every answer it gets
// against openapi.json, so the file cannot drift from the server unseen.
//
// An answer must have a status the operation lists (`default` stands for
// 500 only), a content type the response lists with a body matching its
// schema, no body where the response has no content, and every error must
// be application/problem+json (SCIM's, under /scim/v2, application/scim+json
// in SCIM's error schema). A request body must match the operation's
// requestBody schema for its content type, unless the test marks it as
// malformed on purpose. The schemas are compiled once per process, on
// first use (ajv caches them by their place in the file).
//
// With SWITCHBOARD_OPENAPI_REPORT=FILE a mismatch is appended to FILE as a
// JSON line instead of thrown (to count drift, not to run tests by).
import { readFileSync, appendFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOC_ID = 'openapi.json';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'];

let state = null;

function escape(s) { return s.replace(/~/g, '~0').replace(/\//g, '~1'); }

// JSON pointer (without '#') to an object, following one $ref if present.
function deref(doc, ptr) {
  let p = ptr;
  let node = at(doc, p);
  for (let i = 0; node && node.$ref && i < 5; i++) {
    p = node.$ref.replace(/^#/, '');
    node = at(doc, p);
  }
  return { node, ptr: p };
}

function at(doc, ptr) {
  let n = doc;
  for (const part of ptr.split('/').slice(1)) {
    if (n === undefined) return undefined;
    n = n[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return n;
}

function load() {
  if (state) return state;
  const doc = JSON.parse(readFileSync(join(root, 'openapi.json'), 'utf8'));
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(doc, DOC_ID);
  const base = new URL(doc.servers?.[0]?.url || '/', 'http://x').pathname.replace(/\/$/, '');
  const ops = [];
  // a path item with servers of its own (SCIM's /scim/v2) is under that base
  const bases = new Set([base]);
  for (const [tpl, item] of Object.entries(doc.paths)) {
    const itemBase = item.servers ? new URL(item.servers[0].url, 'http://x').pathname.replace(/\/$/, '') : base;
    bases.add(itemBase);
    const segs = tpl.split('/');
    const re = new RegExp(`^${segs.map((s) => (/^\{.+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/')}$`);
    const literals = segs.filter((s) => s && !/^\{.+\}$/.test(s)).length;
    for (const m of METHODS) {
      if (item[m]) ops.push({ method: m.toUpperCase(), tpl, re, literals, base: itemBase, ptr: `/paths/${escape(tpl)}/${m}`, op: item[m] });
    }
  }
  // literal segments win over captures (/extensions/next before /extensions/{id})
  ops.sort((a, b) => b.literals - a.literals);
  state = { doc, ajv, base, bases: [...bases], ops };
  return state;
}

// One compiled validator per place in the file (ajv's own lookup of a
// fragment of a large document is slow).
const validators = new Map();
function validator(ptr) {
  let v = validators.get(ptr);
  if (v) return v;
  v = load().ajv.getSchema(`${DOC_ID}#${ptr}`);
  if (!v) throw new Error(`openapi.json has no schema at ${ptr}`);
  validators.set(ptr, v);
  return v;
}

// The operation for a method and a request path (with query), or null; and
// whether the path is under the API's base at all.
export function findOperation(method, path) {
  const { bases, ops } = load();
  const p = path.split('?')[0];
  const under = bases.find((b) => p === b || p.startsWith(`${b}/`));
  const api = under !== undefined;
  if (!api) return { op: null, api };
  const m = method === 'HEAD' ? ['HEAD', 'GET'] : [method];
  for (const name of m) {
    const found = ops.find((o) => o.method === name && (p === o.base || p.startsWith(`${o.base}/`)) && o.re.test(p.slice(o.base.length) || '/'));
    if (found) return { op: found, api, base: under };
  }
  return { op: null, api, base: under };
}

// The media type of every error under base: SCIM's own under /scim/v2
// (RFC 7644 3.12), problem+json elsewhere.
function errorType(base) { return base && base.startsWith('/scim/') ? 'application/scim+json' : 'application/problem+json'; }

function mediaType(ct) { return (ct || '').split(';')[0].trim().toLowerCase(); }

function fmt(errors) {
  return (errors || []).slice(0, 8).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`).join('; ');
}

function mismatch(kind, what, message) {
  const file = process.env.SWITCHBOARD_OPENAPI_REPORT;
  if (file) {
    const at = (new Error().stack || '').split('\n').find((l) => l.includes('/tests/api/')) || '';
    appendFileSync(file, `${JSON.stringify({ kind, what, message, at: at.trim() })}\n`);
    return;
  }
  throw new Error(`OpenAPI mismatch (${kind}) ${what}: ${message}`);
}

// A body a test sends malformed on purpose: the same object, marked so that
// the request check spares it (JSON.stringify does not see the mark).
const MALFORMED = Symbol('malformed');
export function malformed(body) {
  Object.defineProperty(body, MALFORMED, { value: true });
  return body;
}
export function isMalformed(body) { return !!(body && typeof body === 'object' && body[MALFORMED]); }

// Checks a request body before it is sent. contentType and text are what
// goes on the wire; body is the object a JSON body was made from.
export function checkRequest(method, path, { contentType, text, body, malformed: bad } = {}) {
  const problems = [];
  const mismatch = (kind, what, message) => problems.push({ kind, what, message });
  checkRequestInto(mismatch, method, path, { contentType, text, body, malformed: bad || isMalformed(body) });
  return problems;
}

// Reports the problems checkRequest found, with the status the server gave.
export function reportRequest(problems, status) {
  for (const p of problems) mismatch(p.kind, `${p.what} (answered ${status})`, p.message);
}

function checkRequestInto(mismatch, method, path, { contentType, text, body, malformed } = {}) {
  if (malformed) return;
  const { op } = findOperation(method, path);
  if (!op) return;
  const what = `${method} ${op.tpl}`;
  const hasBody = text !== undefined && text !== null && text !== '';
  if (!hasBody) return;
  const rb = deref(load().doc, `${op.ptr}/requestBody`);
  if (!rb.node) { mismatch('request-unexpected-body', what, 'the operation takes no body'); return; }
  const mt = mediaType(contentType);
  const content = rb.node.content || {};
  if (!content[mt]) { mismatch('request-content-type', what, `${mt || '(none)'} is not one of ${Object.keys(content).join(', ')}`); return; }
  if (!content[mt].schema) return;
  let value = body;
  if (value === undefined) {
    if (mt.endsWith('json')) {
      try { value = JSON.parse(text); } catch { mismatch('request-body', what, 'the body is not JSON'); return; }
    } else value = typeof text === 'string' ? text : String(text);
  }
  const v = validator(`${rb.ptr}/content/${escape(mt)}/schema`);
  if (!v(value)) mismatch('request-body', what, fmt(v.errors));
}

// Checks an answer: status, content type, body. body is the parsed JSON (or
// the text when it is not JSON); text the raw body.
export function checkResponse(method, path, { status, contentType, text, body }) {
  const { op, api, base } = findOperation(method, path);
  const mt = mediaType(contentType);
  const hasBody = text !== undefined && text !== null && text !== '' && method !== 'HEAD';
  if (!op) {
    // not in the file: only API errors are held to problem+json (SCIM's to its own)
    if (api && status >= 400 && mt !== errorType(base)) {
      mismatch('problem-content-type', `${method} ${path.split('?')[0]}`, `${status} is ${mt || 'without a body'}`);
    }
    return;
  }
  const what = `${method} ${op.tpl} -> ${status}`;
  const { doc } = load();
  const responses = op.op.responses || {};
  let key = String(status);
  if (!responses[key]) key = `${String(status)[0]}XX`;
  if (!responses[key]) key = status === 500 ? 'default' : null;
  if (!key || !responses[key]) { mismatch('undocumented-status', what, `the operation lists ${Object.keys(responses).join(', ')}`); return; }
  if (status >= 400 && mt !== errorType(op.base)) {
    mismatch('problem-content-type', what, `an error is ${mt || 'without a body'}, not ${errorType(op.base)}`);
    return;
  }
  const res = deref(doc, `${op.ptr}/responses/${escape(key)}`);
  const content = res.node.content || {};
  if (!hasBody) {
    if (Object.keys(content).length && status !== 304 && method !== 'HEAD') mismatch('response-no-body', what, `expected ${Object.keys(content).join(', ')}`);
    return;
  }
  if (!Object.keys(content).length) { mismatch('response-unexpected-body', what, `the file documents no body, got ${mt}`); return; }
  if (!content[mt]) { mismatch('response-content-type', what, `${mt || '(none)'} is not one of ${Object.keys(content).join(', ')}`); return; }
  if (!content[mt].schema) return;
  const value = mt.endsWith('json') ? body : text;
  const v = validator(`${res.ptr}/content/${escape(mt)}/schema`);
  if (!v(value)) mismatch('response-body', what, fmt(v.errors));
}
