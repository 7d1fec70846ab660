#!/usr/bin/env node
/*
 * Builds lib/operator/data/operator-1.15.json, what FlinkOperator installs besides its own
 * objects: the operator's CustomResourceDefinitions (../shared/crds/operator-1.15.0) and the default
 * configuration the Helm chart ships (../shared/operator-helm/conf), as data: configuration entries
 * as [key, value] pairs, logback files without their comments. The output is committed: the library
 * never reads ../shared. Run with `npm run operator-data`.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');

const ROOT = path.resolve(__dirname, '..');
const SHARED = process.env.CDK8S_FLINK_SHARED || path.resolve(ROOT, '..', 'shared');
// CDK8S_FLINK_OPERATOR_DATA_OUT lets the shared tests regenerate into a temp file and compare.
const OUT = process.env.CDK8S_FLINK_OPERATOR_DATA_OUT || path.join(ROOT, 'lib', 'operator', 'data', 'operator-1.15.json');
const RELEASE = '1.15.0';

function need(file) {
  if (!fs.existsSync(file)) {
    console.error(`build-operator-data: ${file} not found.`);
    process.exit(2);
  }
  return fs.readFileSync(file, 'utf8');
}

/** `key: value` (flink-conf.yaml) or `key = value` (.properties) lines, comments and blanks left out. */
function entries(text, separator) {
  const out = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const at = line.indexOf(separator);
    if (at < 0) throw new Error(`build-operator-data: cannot read the line ${JSON.stringify(line)}`);
    out.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
  }
  return out;
}

/** An XML file without its comments and blank lines. */
function xml(text) {
  return text.replace(/<!--[\s\S]*?-->/g, '').split('\n').filter((l) => l.trim() !== '').join('\n') + '\n';
}

const crdDir = path.join(SHARED, 'crds', `operator-${RELEASE}`);
need(path.join(crdDir, 'flinkdeployments.flink.apache.org-v1.yml'));
const crds = fs.readdirSync(crdDir).filter((f) => f.endsWith('.yml')).sort().map((f) => YAML.parse(need(path.join(crdDir, f))));

const chart = YAML.parse(need(path.join(SHARED, 'operator-helm', 'Chart.yaml')));
if (chart.appVersion !== RELEASE) {
  console.error(`build-operator-data: the chart is release ${chart.appVersion}, expected ${RELEASE}.`);
  process.exit(2);
}
const conf = (name) => need(path.join(SHARED, 'operator-helm', 'conf', name));

const data = {
  release: RELEASE,
  crds,
  conf: {
    flinkConf: entries(conf('flink-conf.yaml'), ':'),
    log4jOperator: entries(conf('log4j-operator.properties'), '='),
    log4jConsole: entries(conf('log4j-console.properties'), '='),
    logbackOperator: xml(conf('logback-operator.xml')),
    logbackConsole: xml(conf('logback-console.xml')),
  },
};

fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, JSON.stringify(data) + '\n');
console.log(`build-operator-data: wrote ${path.relative(ROOT, OUT)} (${crds.length} CRDs).`);
