#!/usr/bin/env node
/**
 * Writes lib/report/data/config-defaults.json, what `cdk8s-flink explain` shows about a
 * configuration key: its type, its default and the Flink lines that declare it. Flink keys come
 * from the Flink oracle's committed output (oracle/flink/output/flink-options.json: Flink's own
 * ConfigOption declarations per line); operator and autoscaler keys, which no Flink jar declares,
 * from ../shared/flink-config/keys.json. Only explain reads the file.
 *
 *   node scripts/build-report-data.js
 */
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const shared = process.env.CDK8S_FLINK_SHARED ?? path.join(ROOT, '..', 'shared');
const input = path.join(shared, 'flink-config', 'keys.json');
const oracleOutput = path.join(ROOT, 'oracle', 'flink', 'output', 'flink-options.json');
const out = path.join(ROOT, 'lib', 'report', 'data', 'config-defaults.json');
const libraryCatalogue = path.join(ROOT, 'lib', 'validation', 'data', 'flink-config.json');

const text = (v) => (v === undefined || v === null ? null : String(v));

function build(sharedKeysFile = input, oracleFile = oracleOutput) {
  const oracle = JSON.parse(fs.readFileSync(oracleFile, 'utf-8'));
  // Only keys users write: the ones the shipped catalogue knows (not relative or internal ones).
  const known = JSON.parse(fs.readFileSync(libraryCatalogue, 'utf-8')).keys;
  const catalogue = JSON.parse(fs.readFileSync(sharedKeysFile, 'utf-8'));
  const keys = {};
  for (const [key, k] of Object.entries(oracle.keys)) {
    if (!known[key]) continue;
    keys[key] = { type: String(k.type), default: text(k.default), lines: k.versions };
  }
  for (const [key, k] of Object.entries(catalogue.keys)) {
    if (keys[key] || !known[key] || k.scope === 'flink' || k.scope === 'table') continue;
    keys[key] = { type: String(k.type), default: text(k.default) };
  }
  const lines = oracle.versions.filter((v) => v.verified).map((v) => v.line);
  const sorted = {};
  for (const key of Object.keys(keys).sort()) sorted[key] = keys[key];
  const source = `Flink ${lines[0]}-${lines[lines.length - 1]} ConfigOption declarations and operator ${catalogue.operatorVersion ?? 'main'} keys`;
  return `${JSON.stringify({ source, keys: sorted }, null, 0).replace(/\},"/g, '},\n"')}\n`;
}

if (require.main === module) {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, build());
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

module.exports = { build, input, out };
