#!/usr/bin/env node
/**
 * Writes lib/report/data/config-defaults.json, the type and default of every Flink and operator
 * configuration key, from ../shared/flink-config/keys.json. Only `cdk8s-flink explain` reads it.
 *
 *   node scripts/build-report-data.js [path/to/keys.json]
 */
const fs = require('fs');
const path = require('path');

const shared = process.env.CDK8S_FLINK_SHARED ?? path.join(__dirname, '..', '..', 'shared');
const input = path.join(shared, 'flink-config', 'keys.json');
const out = path.join(__dirname, '..', 'lib', 'report', 'data', 'config-defaults.json');

function build(file) {
  const src = JSON.parse(fs.readFileSync(file, 'utf-8'));
  const keys = {};
  for (const key of Object.keys(src.keys).sort()) {
    const k = src.keys[key];
    keys[key] = { type: String(k.type), default: k.default === undefined || k.default === null ? null : String(k.default) };
  }
  const source = `Flink ${src.flinkVersion ?? "master"} and operator ${src.operatorVersion ?? "main"} key catalogue`;
  return `${JSON.stringify({ source, keys }, null, 0).replace(/\},"/g, '},\n"')}\n`;
}

if (require.main === module) {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, build(process.argv[2] ?? input));
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

module.exports = { build, input, out };
