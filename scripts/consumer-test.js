#!/usr/bin/env node
/*
 * The package as a user gets it: `npm pack` (the tarball the registry would serve), installed into
 * fresh projects shaped like the ones `cdk8s init typescript-app` writes (its package.json scripts,
 * cdk8s.yaml and tsconfig.json: lib es2016, no skipLibCheck), one per flavour:
 *
 *   none           cdk8s + constructs only, README example + PodVolume / NamedResource, synthesized
 *                  with `cdk8s synth` (cdk8s-cli, as the template does)
 *   cdk8s-plus-28  the same plus a Secret, a ConfigMap volume and a ServiceAccount of cdk8s-plus-28
 *   cdk8s-plus-33  the same with cdk8s-plus-33 (what `cdk8s init` installs today)
 *
 * Each project is installed with --prefer-offline, compiled with `tsc` and synthesized; the output must
 * hold the FlinkDeployments. Then the `none` project is installed again into an empty directory with
 * --offline: after the first install, the npm cache alone is enough (the tarball bundles its runtime
 * dependencies). The packed package.json must have no install-time lifecycle script and one
 * consistent bundle list.
 *
 * Run by .ci/run; `node scripts/consumer-test.js [--keep]` by hand (--keep leaves the temp dir).
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const LOCK = require(path.join(ROOT, 'package-lock.json')).packages;
const version = (name) => LOCK[`node_modules/${name}`].version;
const keep = process.argv.includes('--keep');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-flink-consumer-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// The upgrade check of cdk8s-cli needs the registry; consumers of the README set the same variable.
const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false', npm_config_update_notifier: 'false' };

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}
function run(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// 1. The tarball (prepack compiles lib/).
const packOut = run(npm, ['pack', '--pack-destination', tmp, '--loglevel=error'], ROOT).trim().split('\n').pop();
const tarball = path.join(tmp, packOut);
const unpacked = path.join(tmp, 'unpacked');
fs.mkdirSync(unpacked);
execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
const manifest = JSON.parse(fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8'));
const LIFECYCLE = ['preinstall', 'install', 'postinstall', 'prepublish', 'preprepare', 'prepare', 'postprepare'];
check(LIFECYCLE.every((s) => !(manifest.scripts ?? {})[s]), `packed package.json has no install-time script (${LIFECYCLE.filter((s) => (manifest.scripts ?? {})[s]).join(', ') || 'none'})`);
check(manifest.bundleDependencies === undefined, 'packed package.json has one bundle list (no bundleDependencies beside bundledDependencies)');
check(JSON.stringify([...(manifest.bundledDependencies ?? [])].sort()) === JSON.stringify(Object.keys(manifest.dependencies ?? {}).sort()),
  'every runtime dependency is bundled');
for (const dep of Object.keys(manifest.dependencies ?? {})) {
  check(fs.existsSync(path.join(unpacked, 'node_modules', dep, 'package.json')), `tarball carries ${dep}`);
}
check(!Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }).some((d) => d.startsWith('cdk8s-plus')), 'no cdk8s-plus dependency');
check(typeof manifest.types === 'string' && fs.existsSync(path.join(unpacked, manifest.types)), 'types points at a shipped file');
check(manifest.exports?.['.']?.default && fs.existsSync(path.join(unpacked, manifest.exports['.'].default)), 'exports["."] points at a shipped file');
check(fs.existsSync(path.join(unpacked, 'examples', 'main.ts')), 'examples/ is shipped');
check(!fs.existsSync(path.join(unpacked, 'lib', 'index.ts')), 'TypeScript sources are not shipped');

// 2. The consumer projects.
const TEMPLATE = path.join(path.dirname(require.resolve('cdk8s-cli/package.json', { paths: [ROOT] })), 'templates', 'typescript-app');
const README_EXAMPLE = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'readme-example.ts'), 'utf8');

function mainTs(plus) {
  const base = README_EXAMPLE.replace(/\napp\.synth\(\);\s*$/, '\n');
  if (!plus) {
    return `${base}
import { ApiObject } from 'cdk8s';
import { FlinkServiceAccount, NamedResource, PodVolume } from 'cdk8s-flink';
new ApiObject(chart, 'extra', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra' }, data: { 'a.txt': 'a' } });
new FlinkApplication(chart, 'plain', {
  version: FlinkVersion.V1_20, image: 'flink:1.20', jar: JobJar.fromImage('/opt/flink/usrlib/plain.jar'), parallelism: 1,
  envFromSecrets: [NamedResource.of('plain-env')],
  volumes: [{ volume: PodVolume.fromConfigMap('extra'), mountPath: '/etc/extra' }],
  serviceAccount: FlinkServiceAccount.fromName(chart, 'sa', 'flink'),
});
app.synth();
`;
  }
  return `${base}
import * as kplus from '${plus}';
import { FlinkServiceAccount } from 'cdk8s-flink';
const env = new kplus.Secret(chart, 'env');
env.addStringData('TOKEN', 'x');
const extra = new kplus.ConfigMap(chart, 'extra', { data: { 'a.txt': 'a' } });
const sa = new kplus.ServiceAccount(chart, 'pods');
new FlinkApplication(chart, 'plus', {
  version: FlinkVersion.V1_20, image: 'flink:1.20', jar: JobJar.fromImage('/opt/flink/usrlib/plus.jar'), parallelism: 1,
  envFromSecrets: [env],
  volumes: [{ volume: kplus.Volume.fromConfigMap(chart, 'extra-volume', extra), mountPath: '/etc/extra' }],
  serviceAccount: FlinkServiceAccount.fromServiceAccount(chart, 'sa', sa),
  tolerations: [{ key: 'flink', operator: 'Exists' }],
});
app.synth();
`;
}

function project(flavour) {
  const dir = path.join(tmp, flavour);
  fs.mkdirSync(dir);
  const plus = flavour === 'none' ? undefined : flavour;
  const pkg = JSON.parse(fs.readFileSync(path.join(TEMPLATE, 'package.json'), 'utf8').replace(/\{\{[^}]*\}\}/g, '0.0.0'));
  pkg.name = `consumer-${flavour}`;
  pkg.dependencies = {};
  pkg.devDependencies = {};
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  fs.copyFileSync(path.join(TEMPLATE, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'language: typescript\napp: node main.js\n');
  fs.writeFileSync(path.join(dir, 'main.ts'), mainTs(plus));
  const deps = [tarball, `cdk8s@${version('cdk8s')}`, `constructs@${version('constructs')}`];
  if (plus) deps.push(`${plus}@${version(plus)}`);
  const devDeps = [`typescript@${version('typescript')}`, `@types/node@${version('@types/node')}`];
  if (!plus) devDeps.push(`cdk8s-cli@${version('cdk8s-cli')}`);
  const flags = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
  try {
    run(npm, ['install', ...flags, ...deps], dir);
    run(npm, ['install', ...flags, '--save-dev', ...devDeps], dir);
    check(true, `${flavour}: installs from the tarball`);
  } catch (e) {
    check(false, `${flavour}: installs from the tarball\n${e.stderr || e.message}`);
    return;
  }
  try {
    run(process.execPath, [path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '--build'], dir);
    check(true, `${flavour}: type-checks with the cdk8s init tsconfig (lib es2016, no skipLibCheck)`);
  } catch (e) {
    check(false, `${flavour}: type-checks\n${e.stdout}${e.stderr}`);
    return;
  }
  let out;
  try {
    out = plus ? run(process.execPath, ['main.js'], dir) : run(npm, ['run', 'synth'], dir);
  } catch (e) {
    check(false, `${flavour}: synthesizes\n${e.stdout}${e.stderr}`);
    return;
  }
  const yaml = fs.readFileSync(path.join(dir, 'dist', 'flink.k8s.yaml'), 'utf8');
  const deployments = (yaml.match(/^kind: FlinkDeployment$/gm) ?? []).length;
  check(deployments === 3, `${flavour}: ${plus ? 'node main.js' : 'npm run synth (cdk8s synth)'} writes the three FlinkDeployments (${deployments})`);
  check(!/\bat .*\(.*:\d+:\d+\)/.test(out), `${flavour}: synth prints no stack trace`);
}

try {
  for (const flavour of ['none', 'cdk8s-plus-28', 'cdk8s-plus-33']) project(flavour);
  // Offline, after the first install: the same project into an empty directory, no network.
  const again = path.join(tmp, 'offline');
  fs.mkdirSync(again);
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'cdk8s.yaml', 'main.ts']) fs.copyFileSync(path.join(tmp, 'none', f), path.join(again, f));
  try {
    run(npm, ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], again);
    run(process.execPath, [path.join(again, 'node_modules', 'typescript', 'bin', 'tsc'), '--build'], again);
    run(npm, ['run', 'synth'], again);
    check(fs.readFileSync(path.join(again, 'dist', 'flink.k8s.yaml'), 'utf8').includes('kind: FlinkDeployment'), 'offline: a second project installs with --offline and synthesizes');
  } catch (e) {
    check(false, `offline: a second project installs with --offline and synthesizes\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
} finally {
  if (keep) console.log(`kept ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
}
if (failures) {
  console.error(`consumer-test: ${failures} check(s) failed`);
  process.exit(1);
}
console.log('consumer-test: all checks passed');
