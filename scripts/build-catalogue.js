#!/usr/bin/env node
/*
 * Builds lib/validation/data/flink-config.json, the Flink and operator configuration key catalogue
 * the validator uses. The output is committed: the library reads neither input.
 *
 * Inputs:
 *  - oracle/flink/output/flink-options.json: every ConfigOption that each supported Flink version
 *    declares, read from Flink's own jars by the Flink oracle (`node oracle/flink/run.js`). It
 *    decides, for Flink keys, which versions have a key (since / removedIn), its type and enum
 *    values, deprecation, and the deprecated keys Flink still reads in its place.
 *  - ../shared/flink-config/{keys,renames}.json: what Java cannot tell. The operator's and
 *    autoscaler's keys, the key families Flink forwards by prefix (patterns), known values of
 *    String keys, renames older than the oldest version the oracle reads, "replaced by" hints of
 *    deprecated options, and keys only on Flink master.
 *
 * A new Flink release: add it to oracle/flink/versions.json, run the oracle, then `npm run catalogue`.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const SHARED = process.env.CDK8S_FLINK_SHARED || path.resolve(ROOT, '..', 'shared');
const SRC = path.join(SHARED, 'flink-config');
const ORACLE = path.join(ROOT, 'oracle', 'flink', 'output', 'flink-options.json');
// CDK8S_FLINK_CATALOGUE_OUT lets the shared tests regenerate into a temp file and compare with the committed one.
const OUT = process.env.CDK8S_FLINK_CATALOGUE_OUT || path.join(ROOT, 'lib', 'validation', 'data', 'flink-config.json');

function readJson(file) {
  if (!fs.existsSync(file)) {
    console.error(`build-catalogue: ${file} not found.`);
    process.exit(2);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

const keysDoc = readJson(path.join(SRC, 'keys.json'));
const renames = readJson(path.join(SRC, 'renames.json'));
const oracle = readJson(ORACLE);

function cmp(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  return pa[0] - pb[0] || pa[1] - pb[1];
}

const LINES = oracle.versions.filter((v) => v.verified).map((v) => v.line).sort(cmp);
if (LINES.length === 0) {
  console.error('build-catalogue: the oracle output has no verified Flink version.');
  process.exit(2);
}
const FIRST = LINES[0];
const LAST = LINES[LINES.length - 1];
/** The first Flink line after the newest the oracle read (new keys of "replaced by" hints only on master). */
const NEXT = (() => { const [a, b] = LAST.split('.').map(Number); return `${a}.${b + 1}`; })();

/**
 * Families Flink forwards by prefix to a filesystem client or plugin: every key under them is
 * read, whatever the version, so none is ever unknown, too new, removed or deprecated. Keys the
 * oracle finds under them keep their type (for the value check) but no version bounds.
 */
const FORWARDED = /^(s3|s3a|fs\.s3a|presto\.s3|gs|fs\.gs|azure|fs\.azure|oss|fs\.oss|flink\.hadoop|flink\.yarn)\./;

/** First segments of Flink's own configuration (relative connector/format/reporter options are not). */
const SEGMENTS = new Set(Object.keys(keysDoc.keys).filter((k) => (keysDoc.keys[k].scope || 'flink') !== 'operator' && keysDoc.keys[k].scope !== 'autoscaler').map((k) => k.split('.')[0]));
for (const r of renames) if (r.component !== 'operator') SEGMENTS.add(r.old.split('.')[0]);
for (const s of ['sink', 'scan', 'lookup', 'fields', 'partition']) SEGMENTS.delete(s); // table connector options

const sharedOld = new Set(renames.map((r) => r.old));
const sharedNew = new Set(renames.filter((r) => r.new).map((r) => r.new));

/** Whether an option the oracle found is a key of Flink's configuration (not a connector/format/reporter option). */
function isConfigKey(key) {
  if (/[<#]/.test(key)) return false;
  if (keysDoc.keys[key] || sharedOld.has(key) || sharedNew.has(key)) return true;
  return key.includes('.') && SEGMENTS.has(key.split('.')[0]);
}

/** Modules Maven Central did not serve per verified line: a key is judged only where its module was read. */
const NOT_SERVED = new Map(oracle.versions.filter((v) => v.verified).map((v) => [v.line, new Set(v.notServed)]));
function served(module, line) {
  return !module || !(NOT_SERVED.get(line) || new Set()).has(module);
}

/**
 * The first line of `lines`; undefined if it is the oldest read. Lines just before it whose module
 * Maven did not serve are given the benefit of the doubt: the key exists from the first of them.
 */
function sinceOf(lines, module) {
  const first = [...lines].sort(cmp)[0];
  let i = LINES.indexOf(first);
  while (i > 0 && !served(module, LINES[i - 1])) i--;
  return i === 0 ? undefined : LINES[i];
}

/** The first read line after the last of `lines` (skipping lines whose module was not served); undefined if none. */
function removedAfter(lines, module) {
  const last = [...lines].sort(cmp).pop();
  let i = LINES.indexOf(last) + 1;
  while (i < LINES.length && !served(module, LINES[i])) i++;
  return i < LINES.length ? LINES[i] : undefined;
}

/** Only what validation reads from a shared entry; descriptions and table names are left behind. */
function sharedExtras(e, k) {
  if (!k) return e;
  if (k.knownValues) e.knownValues = k.knownValues;
  if (k.knownValuesNote && /class name/.test(k.knownValuesNote)) e.acceptsClassName = true;
  if (k.perResource === false) e.perResource = false;
  return e;
}

function scopeOf(key, shared) {
  if (shared && shared.scope) return shared.scope;
  return /^(table|sql-client|materialized-table)\./.test(key) ? 'table' : 'flink';
}

const oracleKeys = oracle.keys;
// Renames. Flink's own: every deprecated key an option reads in its place, with the versions it does.
const aliasLines = new Map(); // old -> new -> lines
const fallbackLines = new Map(); // key -> [lines], where an option reads it as a (not deprecated) fallback
for (const [key, o] of Object.entries(oracleKeys)) {
  if (!isConfigKey(key) || FORWARDED.test(key)) continue;
  for (const [old, lines] of Object.entries(o.deprecatedKeys || {})) {
    if (old === key || FORWARDED.test(old) || /[<#]/.test(old)) continue;
    if (!aliasLines.has(old)) aliasLines.set(old, new Map());
    aliasLines.get(old).set(key, lines);
  }
  for (const [fb, lines] of Object.entries(o.fallbackKeys || {})) {
    if (!fallbackLines.has(fb)) fallbackLines.set(fb, []);
    fallbackLines.get(fb).push(lines);
  }
}
/** Lines at which Flink reads `old`: as an option of its own or as a deprecated key. */
function linesReading(old) {
  const out = new Set((oracleKeys[old] && isConfigKey(old)) ? oracleKeys[old].versions : []);
  for (const lines of (aliasLines.get(old) || new Map()).values()) for (const l of lines) out.add(l);
  for (const lines of fallbackLines.get(old) || []) for (const l of lines) out.add(l);
  return [...out].sort(cmp);
}

const keys = {};
/** Every key Flink reads at some verified version: options and their deprecated keys. */
const flinkNames = new Set();

for (const [key, o] of Object.entries(oracleKeys)) {
  if (!isConfigKey(key)) continue;
  flinkNames.add(key);
  const shared = keysDoc.keys[key];
  const e = { type: o.type };
  if (o.enum) e.enum = o.enum;
  if (o.olderTypes) {
    // Lines before `before` read the key with another type: the value check follows the target version.
    e.typeBefore = o.olderTypes.map((t) => {
      const last = [...t.lines].sort(cmp).pop();
      const before = LINES.find((l) => cmp(l, last) > 0);
      return { before, type: t.type, ...(t.enum ? { enum: t.enum } : {}) };
    }).sort((a, b) => cmp(a.before, b.before));
  }
  sharedExtras(e, shared);
  const scope = scopeOf(key, shared);
  if (scope !== 'flink') e.scope = scope;
  if (!FORWARDED.test(key)) {
    const since = sinceOf(o.versions, o.module);
    if (since) e.since = since;
    // Read until Flink stops reading it: as its own option, a deprecated key or a fallback key.
    const removedIn = removedAfter(linesReading(key), o.module);
    if (removedIn) e.removedIn = removedIn;
    const lastLine = [...o.versions].sort(cmp).pop();
    const dep = (o.deprecatedIn || []).slice().sort(cmp);
    if (dep.includes(lastLine)) {
      // The first line of the run of deprecated versions that reaches the key's last version.
      let from = lastLine;
      const declared = [...o.versions].sort(cmp);
      for (let i = declared.length - 1; i >= 0 && dep.includes(declared[i]); i--) from = declared[i];
      e.deprecated = true;
      if (from !== FIRST) e.deprecatedSince = from;
    }
  }
  keys[key] = e;
}

// Keys the oracle does not read: the operator's, and the shared catalogue's Flink keys that no
// verified version declares (keys only on Flink master, and options of modules the oracle does not load).
const patternsRe = keysDoc.patterns.map((p) => new RegExp(p.regex));
const masterOnly = [];
for (const key of Object.keys(keysDoc.keys)) {
  if (keys[key] || flinkNames.has(key)) continue;
  const k = keysDoc.keys[key];
  const e = { type: k.type };
  if (k.enum) e.enum = k.enum;
  sharedExtras(e, k);
  if (k.deprecated) e.deprecated = true;
  if (k.scope && k.scope !== 'flink') e.scope = k.scope;
  const operator = k.scope === 'operator' || k.scope === 'autoscaler';
  const oracleAlias = Object.values(oracleKeys).some((o) => o.deprecatedKeys && o.deprecatedKeys[key]);
  if (oracleAlias) continue; // an old name Flink still reads: a rename below
  // Declared by no version the oracle read: either only on master or in a module it does not load
  // (flink-cep, reporters, ...). Without proof of the versions, it is accepted in every version.
  if (!operator && !FORWARDED.test(key) && !patternsRe.some((re) => re.test(key))) masterOnly.push(key);
  keys[key] = e;
}

const sortedKeys = {};
for (const name of Object.keys(keys).sort()) sortedKeys[name] = keys[name];

const patterns = keysDoc.patterns.map((p) => {
  const e = { pattern: p.pattern, regex: p.regex, type: p.type };
  if (p.enum) e.enum = p.enum;
  if (p.scope && p.scope !== 'flink') e.scope = p.scope;
  // Operator-level families (default-configuration.*, the operator's own metric reporters) only
  // work in the operator's ConfigMap; the source says so in the note.
  if (p.perResource === false || /not per resource/.test(p.note || '')) e.perResource = false;
  return e;
});

const renameList = [];
for (const [old, targets] of [...aliasLines].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
  const reading = linesReading(old);
  for (const [neu, lines] of [...targets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const m = oracleKeys[neu].module;
    const e = { old, new: neu, since: sinceOf(lines, m) || null, removedIn: removedAfter(reading, m) || null, kind: 'alias' };
    renameList.push(e);
  }
}
const oracleOld = new Set(aliasLines.keys());
let keptShared = 0;
for (const r of renames) {
  if (r.component === 'operator') {
    const e = { old: r.old, new: r.new, since: r.since, removedIn: r.removedIn, kind: r.kind };
    if (r.deprecatedSince) e.deprecatedSince = r.deprecatedSince;
    e.component = 'operator';
    if (r.current) e.current = r.current;
    renameList.push(e);
    keptShared++;
    continue;
  }
  if (FORWARDED.test(r.old) || oracleOld.has(r.old)) continue; // the oracle says which versions read it
  if (r.old.includes('<')) {
    // A templated family (metrics.reporter.<name>.class): the oracle judges exact keys only.
    const e = { old: r.old, new: r.new, since: r.since, removedIn: r.removedIn, kind: r.kind };
    if (r.deprecatedSince) e.deprecatedSince = r.deprecatedSince;
    if (r.current) e.current = r.current;
    renameList.push(e);
    keptShared++;
    continue;
  }
  const reading = linesReading(r.old);
  if (reading.length === 0 && !oracleKeys[r.old]) {
    // Older than the oldest version the oracle reads (or only on master): the shared reading stands,
    // but Flink's own declarations decide when the new key exists.
    const e = { old: r.old, new: r.new, since: r.since, removedIn: r.removedIn, kind: r.kind };
    if (r.new && oracleKeys[r.new] && flinkNames.has(r.new)) e.since = sinceOf(oracleKeys[r.new].versions, oracleKeys[r.new].module) || null;
    if (r.removedIn && cmp(r.removedIn, FIRST) > 0 && cmp(r.removedIn, LAST) <= 0) e.removedIn = FIRST;
    if (r.deprecatedSince) e.deprecatedSince = r.deprecatedSince;
    if (r.current) e.current = r.current;
    renameList.push(e);
    keptShared++;
    continue;
  }
  // The old key is an option of a verified version: keep the shared "use X instead" only where
  // Flink itself deprecates the old option, from the version it does.
  if (!r.new || !keys[r.old]) continue;
  const k = keys[r.old];
  if (!k.deprecated && !k.removedIn) continue;
  const e = { old: r.old, new: r.new, since: null, removedIn: k.removedIn || null, kind: r.kind === 'removed' ? 'replacedBy' : r.kind === 'alias' ? 'replacedBy' : r.kind };
  const newLines = oracleKeys[r.new] && flinkNames.has(r.new) ? oracleKeys[r.new].versions : undefined;
  e.since = newLines ? sinceOf(newLines, oracleKeys[r.new].module) || null : NEXT;
  e.deprecatedSince = k.deprecated ? (k.deprecatedSince || FIRST) : k.removedIn;
  renameList.push(e);
  keptShared++;
}

const verified = oracle.versions.filter((v) => v.verified).map((v) => v.version);
const out = {
  source: `Flink ${verified.join(', ')} (declared options, read from the jars); shared catalogue of Flink ${keysDoc.flinkVersion}, operator ${keysDoc.operatorVersion}`,
  flinkLines: LINES,
  keys: sortedKeys,
  patterns,
  renames: renameList,
};
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, JSON.stringify(out) + '\n');
console.log(`wrote ${path.relative(ROOT, OUT)}: ${Object.keys(sortedKeys).length} keys (${masterOnly.length} Flink keys no version the oracle read declares), ${patterns.length} patterns, ${renameList.length} renames (${keptShared} from the shared catalogue) (${fs.statSync(OUT).size} bytes)`);
