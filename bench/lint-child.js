'use strict';
// In-process split of one lint: parse the file as the CLI does, then run the same check over the
// same manifests twice. The first run is what a `cdk8s-flink lint` process pays (the rules' code is
// cold: interpreted, then compiled by V8 as it runs); the second shows the same work once V8 has
// compiled it.
//   node bench/lint-child.js <file.yaml>
const fs = require('fs');
const path = require('path');
const ROOT = path.resolve(__dirname, '..');
const t0 = performance.now();
const { loadInputs } = require(path.join(ROOT, 'lib', 'cli', 'load.js'));
const { checkManifests } = require(path.join(ROOT, 'lib', 'cli', 'check.js'));
const required = performance.now();

async function main() {
  const file = process.argv[2];
  const p0 = performance.now();
  const loaded = await loadInputs([file], process.cwd(), () => Promise.resolve(''), {});
  const parsed = performance.now();
  const manifests = loaded.manifests.map((s) => s.manifest);
  const times = [];
  let findings = 0;
  for (let i = 0; i < 2; i++) {
    const c0 = performance.now();
    findings = checkManifests(manifests, { operatorVersion: '1.15', mode: 'lint' }).length;
    times.push(performance.now() - c0);
  }
  const r = (x) => Math.round(x * 10) / 10;
  process.stdout.write(JSON.stringify({
    resources: manifests.length, findings, require: r(required - t0), parse: r(parsed - p0), first: r(times[0]), second: r(times[1]),
    bytes: fs.statSync(file).size,
  }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(2);
});
