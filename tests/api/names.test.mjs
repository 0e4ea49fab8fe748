// names.test.mjs: the portal's full-name splitter (web/js/names.js), run in
// node: what "voeg 'Jan de Vries' toe" fills in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitName } from '../../web/js/names.js';

const parts = (s) => { const p = splitName(s); return [p.salutation, p.first_name, p.infix, p.last_name]; };

test('a full name splits into salutation, first name, infix and last name', () => {
  assert.deepEqual(parts('Jan de Vries'), ['', 'Jan', 'de', 'Vries']);
  assert.deepEqual(parts('Pieter van den Berg'), ['', 'Pieter', 'van den', 'Berg']);
  assert.deepEqual(parts('Dhr. Jan de Vries'), ['Dhr.', 'Jan', 'de', 'Vries']);
  assert.deepEqual(parts('mevrouw Anna ter Horst'), ['Mevr.', 'Anna', 'ter', 'Horst']);
  assert.deepEqual(parts('De heer Kees van \'t Hek'), ['Dhr.', 'Kees', "van 't", 'Hek']);
  assert.deepEqual(parts('  Pieter   Jansen '), ['', 'Pieter', '', 'Jansen']);
  assert.deepEqual(parts('Mohamed el Amrani'), ['', 'Mohamed', '', 'el Amrani']);
  assert.deepEqual(parts('Jan Van Dam'), ['', 'Jan', '', 'Van Dam'], 'a capital Van is part of a Flemish last name');
  assert.deepEqual(parts('Mark de'), ['', 'Mark', '', 'de'], 'the last word is never an infix');
  assert.deepEqual(parts('Cher'), ['', '', '', 'Cher']);
  assert.deepEqual(parts(''), ['', '', '', '']);
});
