'use strict';
// Baseline for the lint row: read a YAML file and parse it with yaml's parseAllDocuments, nothing else.
//   node bench/parse-child.js <file.yaml>
const t0 = performance.now();
const fs = require('fs');
const path = require('path');
const YAML = require(path.join(__dirname, '..', 'node_modules', 'yaml'));
const docs = YAML.parseAllDocuments(fs.readFileSync(process.argv[2], 'utf8'));
if (docs.some((d) => d.errors && d.errors.length > 0)) {
  process.stderr.write('parse error\n');
  process.exit(2);
}
process.stdout.write(JSON.stringify({ documents: docs.length, total: Math.round(performance.now() - t0), maxRssKb: process.resourceUsage().maxRSS }) + '\n');
