'use strict';
// Baseline for the lint row: read a YAML file and parse it, nothing else.
//   node bench/parse-child.js <file.yaml> [yaml|js-yaml]
// `yaml`: parseAllDocuments (a document tree with source positions); `js-yaml`: loadAll with the
// core schema (plain values), the fastest YAML parser here.
const t0 = performance.now();
const fs = require('fs');
const path = require('path');
const which = process.argv[3] || 'yaml';
const text = fs.readFileSync(process.argv[2], 'utf8');
let documents;
if (which === 'js-yaml') {
  const jsyaml = require(path.join(__dirname, '..', 'node_modules', 'js-yaml'));
  documents = jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA }).length;
} else {
  const YAML = require(path.join(__dirname, '..', 'node_modules', 'yaml'));
  const docs = YAML.parseAllDocuments(text);
  if (docs.some((d) => d.errors && d.errors.length > 0)) {
    process.stderr.write('parse error\n');
    process.exit(2);
  }
  documents = docs.length;
}
process.stdout.write(JSON.stringify({ documents, total: Math.round(performance.now() - t0), maxRssKb: process.resourceUsage().maxRSS }) + '\n');
