#!/usr/bin/env node
'use strict';
// Shim for the `cdk8s-flink` command. The code lives in lib/cli/main.ts, compiled to
// lib/cli/main.js by `npm run build` (and by `npm pack`, through the prepack script). In a dev
// checkout that has not been built, fall back to ts-node.
const fs = require('fs');
const path = require('path');

const compiled = path.join(__dirname, '..', 'lib', 'cli', 'main.js');
if (!fs.existsSync(compiled)) {
  try {
    require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });
  } catch (e) {
    process.stderr.write('cdk8s-flink: lib/cli/main.js is missing. Fix: run `npm run build` in the cdk8s-flink package.\n');
    process.exit(2);
  }
}

let cli;
try {
  cli = require('../lib/cli/main');
} catch (e) {
  process.stderr.write(`cdk8s-flink: cannot load the CLI (${e && e.message ? e.message.split('\n')[0] : e}). Fix: run \`npm run build\`.\n`);
  process.exit(2);
}
cli.main().catch((e) => {
  process.stderr.write(`cdk8s-flink: internal error: ${e && e.message ? e.message.split('\n')[0] : e}\n`);
  process.exitCode = 2;
});
