#!/usr/bin/env node
/*
 * Builds lib/validation/data/flink-config.json, the Flink and operator configuration key catalogue
 * the validator uses, from ../shared/flink-config/{keys,renames}.json. The output is committed:
 * the library never reads ../shared. Run with `npm run catalogue`.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const SHARED = process.env.CDK8S_FLINK_SHARED || path.resolve(ROOT, '..', 'shared');
const SRC = path.join(SHARED, 'flink-config');
// CDK8S_FLINK_CATALOGUE_OUT lets the shared tests regenerate into a temp file and compare with the committed one.
const OUT = process.env.CDK8S_FLINK_CATALOGUE_OUT || path.join(ROOT, 'lib', 'validation', 'data', 'flink-config.json');

function read(name) {
  const file = path.join(SRC, name);
  if (!fs.existsSync(file)) {
    console.error(`build-catalogue: ${file} not found.`);
    process.exit(2);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

const keysDoc = read('keys.json');
const renames = read('renames.json');

/** Only what validation reads; descriptions and table names are left behind. */
function entry(k) {
  const e = { type: k.type };
  if (k.enum) e.enum = k.enum;
  if (k.knownValues) e.knownValues = k.knownValues;
  if (k.knownValuesNote && /class name/.test(k.knownValuesNote)) e.acceptsClassName = true;
  if (k.deprecated) e.deprecated = true;
  if (k.scope && k.scope !== 'flink') e.scope = k.scope;
  if (k.perResource === false) e.perResource = false;
  return e;
}

const keys = {};
for (const name of Object.keys(keysDoc.keys).sort()) keys[name] = entry(keysDoc.keys[name]);

const patterns = keysDoc.patterns.map((p) => {
  const e = { pattern: p.pattern, regex: p.regex, type: p.type };
  if (p.enum) e.enum = p.enum;
  if (p.scope && p.scope !== 'flink') e.scope = p.scope;
  // Operator-level families (default-configuration.*, the operator's own metric reporters) only
  // work in the operator's ConfigMap; the source says so in the note.
  if (p.perResource === false || /not per resource/.test(p.note || '')) e.perResource = false;
  return e;
});

const renameList = renames.map((r) => {
  const e = { old: r.old, new: r.new, since: r.since, removedIn: r.removedIn, kind: r.kind };
  if (r.deprecatedSince) e.deprecatedSince = r.deprecatedSince;
  if (r.component && r.component !== 'flink') e.component = r.component;
  if (r.current) e.current = r.current;
  return e;
});

const out = {
  source: `Flink ${keysDoc.flinkVersion}, operator ${keysDoc.operatorVersion}`,
  keys,
  patterns,
  renames: renameList,
};
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, JSON.stringify(out) + '\n');
console.log(`wrote ${path.relative(ROOT, OUT)}: ${Object.keys(keys).length} keys, ${patterns.length} patterns, ${renameList.length} renames (${fs.statSync(OUT).size} bytes)`);
