#!/usr/bin/env node
/*
 * Builds the Python and Java packages of the constructs with jsii and jsii-pacmak.
 *
 * The npm package is compiled by tsc and its root also exports the validation engine and the CLI
 * types, whose TypeScript unions jsii cannot express. The bindings are built from a staging copy:
 * lib/ and imports/ as they are, with an entry point (lib/index.ts) that exports the constructs and
 * value types only, and a package.json with the jsii settings. Nothing in the repository changes.
 *
 *   node scripts/build-bindings.js [--targets python,java] [--out dist/bindings]
 *
 * jsii 5.9.x (matching TypeScript 5.9) and jsii-pacmak are installed into a tools directory
 * (JSII_TOOLS_DIR, default build/jsii-tools) with npm, from the npm cache when it has them.
 * Python needs python3 with venv; Java needs a JDK and Maven.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const TARGETS = opt('targets', 'python,java').split(',').filter(Boolean);
const OUT = path.resolve(ROOT, opt('out', 'dist/bindings'));
const STAGE = path.join(ROOT, 'build', 'jsii');
const TOOLS = path.resolve(ROOT, process.env.JSII_TOOLS_DIR || path.join('build', 'jsii-tools'));
const JSII_VERSION = '5.9.54';
const PACMAK_VERSION = '1.140.0';

const pkg = require(path.join(ROOT, 'package.json'));
const lock = require(path.join(ROOT, 'package-lock.json')).packages;

function run(cmd, cmdArgs, cwd) {
  console.log(`$ ${cmd} ${cmdArgs.join(' ')}`);
  // jsii 5.9 / pacmak 1.140 warn on every run that Node 20 is past its support window; they work.
  execFileSync(cmd, cmdArgs, { cwd, stdio: 'inherit', env: { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1' } });
}

function copyTree(from, to, filter) {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) copyTree(src, dst, filter);
    else if (filter(src)) fs.copyFileSync(src, dst);
  }
}

// 1. Tools.
if (!fs.existsSync(path.join(TOOLS, 'node_modules', '.bin', 'jsii-pacmak'))) {
  fs.mkdirSync(TOOLS, { recursive: true });
  fs.writeFileSync(path.join(TOOLS, 'package.json'), JSON.stringify({ name: 'jsii-tools', private: true }));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', `jsii@${JSII_VERSION}`, `jsii-pacmak@${PACMAK_VERSION}`], TOOLS);
}
const bin = (name) => path.join(TOOLS, 'node_modules', '.bin', name);

// 2. Staging copy: sources (no compiled files), the bindings' entry point, package.json.
fs.rmSync(STAGE, { recursive: true, force: true });
fs.rmSync(OUT, { recursive: true, force: true });
const sources = (f) => (f.endsWith('.ts') && !f.endsWith('.d.ts')) || f.endsWith('.json');
copyTree(path.join(ROOT, 'lib'), path.join(STAGE, 'lib'), sources);
// imports/validators: the generated schema checks (JavaScript) the validation loads at synth.
const validators = (f) => path.basename(path.dirname(f)) === 'validators' && f.endsWith('.js');
copyTree(path.join(ROOT, 'imports'), path.join(STAGE, 'imports'), (f) => sources(f) || validators(f));
for (const f of ['README.md', 'LICENSE']) fs.copyFileSync(path.join(ROOT, f), path.join(STAGE, f));
// The entry point: the npm root without the validation engine and the CLI plugin (TypeScript
// unions), plus the one validation type the constructs' props use.
const index = fs.readFileSync(path.join(ROOT, 'lib', 'index.ts'), 'utf8')
  .split('\n')
  .filter((l) => !/from '\.\/validation'|from '\.\/plugin'/.test(l))
  .join('\n') + "\nexport { ExternalResources } from './validation/types';\n";
fs.writeFileSync(path.join(STAGE, 'lib', 'index.ts'), index);

const version = (name) => lock[`node_modules/${name}`].version;
const stagePkg = {
  name: pkg.name,
  version: pkg.version,
  description: pkg.description,
  license: pkg.license,
  author: { name: 'cdk8s-flink authors', organization: false },
  // jsii requires a repository; until package.json names the public one, a reserved placeholder.
  repository: pkg.repository ?? { type: 'git', url: 'https://example.invalid/cdk8s-flink.git' },
  main: 'lib/index.js',
  types: 'lib/index.d.ts',
  keywords: pkg.keywords,
  // The npm package's ranges: Maven Central's newest cdk8s can trail npm's (2.70.47 against 2.70.1xx).
  peerDependencies: pkg.peerDependencies,
  devDependencies: { cdk8s: version('cdk8s'), constructs: version('constructs') },
  dependencies: pkg.dependencies,
  bundledDependencies: pkg.bundledDependencies,
  jsii: {
    outdir: OUT,
    targets: {
      python: { distName: 'cdk8s-flink', module: 'cdk8s_flink' },
      java: { package: 'org.cdk8s.flink', maven: { groupId: 'org.cdk8s.flink', artifactId: 'cdk8s-flink' } },
    },
  },
};
fs.writeFileSync(path.join(STAGE, 'package.json'), JSON.stringify(stagePkg, null, 2));
// Dependencies: the repository's own node_modules (cdk8s and constructs are jsii modules).
fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(STAGE, 'node_modules'), 'dir');

// 3. Compile with jsii, then package.
run(bin('jsii'), ['--silence-warnings=reserved-word'], STAGE);
run(bin('jsii-pacmak'), ['--targets', TARGETS.join(','), '--code-only=false'], STAGE);
console.log(`bindings in ${OUT}`);
