'use strict';
// Consumer type-check fixtures for bench/run.js: two tiny cdk8s projects in a temp dir, each with
// one application (checkpoints, HA on a PVC, service account), type-checked with `tsc --noEmit`.
//
//   ours/  imports 'cdk8s-flink' (this repo's compiled lib/*.d.ts, linked into node_modules)
//   raw/   `cdk8s import` of the full operator CRDs (from ../shared/crds) into imports/, plus raw
//          ApiObjects for the PVC, ServiceAccount, Role and RoleBinding
//
//   floor/  the same project with no Flink at all (one raw ApiObject): what any cdk8s project pays
//          (TypeScript's lib, @types/node, cdk8s, constructs)
//   packed/ imports 'cdk8s-flink' installed from the tarball `npm pack` builds (what a user gets
//          from the registry, bundled dependencies included). Informational: it checks that the
//          published package type-checks like the compiled lib/ does.
//
// All use the tsconfig.json of cdk8s-cli's typescript-app template (what `cdk8s init` writes), with
// "lib"/"target" raised from es2016/ES2017 to ES2020: the template's es2016 lib has no
// Object.entries, which the code `cdk8s import` generates calls.
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const CRD_DIR = path.join(ROOT, '..', 'shared', 'crds', 'operator-1.15.0');
const CRD_FILES = [
  'flinkdeployments.flink.apache.org-v1.yml',
  'flinksessionjobs.flink.apache.org-v1.yml',
  'flinkstatesnapshots.flink.apache.org-v1.yml',
];

const OURS_MAIN = `import { App, Chart, Duration, Size } from 'cdk8s';
import { CheckpointPolicy, FlinkApplication, FlinkServiceAccount, FlinkStorage, FlinkVersion, HaStorage, JobJar, UpgradeMode } from 'cdk8s-flink';

const app = new App();
const chart = new Chart(app, 'flink', { namespace: 'streaming' });
const storage = FlinkStorage.persistentVolumeClaim(chart, 'state0', { size: Size.gibibytes(50) });
const serviceAccount = new FlinkServiceAccount(chart, 'sa0');
new FlinkApplication(chart, 'app0', {
  version: FlinkVersion.V1_20,
  image: 'flink:1.20',
  jar: JobJar.fromImage('/opt/flink/usrlib/job.jar'),
  parallelism: 2,
  upgradeMode: UpgradeMode.SAVEPOINT,
  jobManager: { cpu: 1, memory: Size.gibibytes(2) },
  taskManager: { cpu: 1, memory: Size.gibibytes(2) },
  checkpoints: CheckpointPolicy.every(Duration.seconds(30), { storage }),
  ha: HaStorage.kubernetes({ storage }),
  serviceAccount,
});
app.synth();
`;

const FLOOR_MAIN = `import { ApiObject, App, Chart } from 'cdk8s';

const app = new App();
const chart = new Chart(app, 'flink', { namespace: 'streaming' });
new ApiObject(chart, 'sa0', { apiVersion: 'v1', kind: 'ServiceAccount' });
app.synth();
`;

const RAW_MAIN = `import { ApiObject, App, Chart } from 'cdk8s';
import { FlinkDeployment, FlinkDeploymentSpecJobUpgradeMode } from './imports/flink.apache.org';

const app = new App();
const chart = new Chart(app, 'flink', { namespace: 'streaming' });
const verbs = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const pvc = new ApiObject(chart, 'state0', {
  apiVersion: 'v1', kind: 'PersistentVolumeClaim',
  spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '50Gi' } }, volumeMode: 'Filesystem' },
});
const sa = new ApiObject(chart, 'sa0', { apiVersion: 'v1', kind: 'ServiceAccount', automountServiceAccountToken: true });
const role = new ApiObject(chart, 'sa0-role', {
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role',
  rules: [
    { apiGroups: [''], resources: ['pods'], verbs },
    { apiGroups: [''], resources: ['configmaps'], verbs },
    { apiGroups: ['apps'], resources: ['deployments'], verbs },
    { apiGroups: ['apps'], resources: ['deployments/finalizers'], verbs },
  ],
});
new ApiObject(chart, 'sa0-binding', {
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding',
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.name },
  subjects: [{ apiGroup: '', kind: 'ServiceAccount', name: sa.name, namespace: 'streaming' }],
});
new FlinkDeployment(chart, 'app0', {
  spec: {
    flinkVersion: 'v1_20' as any,
    image: 'flink:1.20',
    serviceAccount: sa.name,
    flinkConfiguration: {
      'execution.checkpointing.dir': 'file:///flink-data/checkpoints',
      'execution.checkpointing.interval': '30 s',
      'execution.checkpointing.savepoint-dir': 'file:///flink-data/savepoints',
      'high-availability.storageDir': 'file:///flink-data/ha',
      'high-availability.type': 'kubernetes',
    },
    job: { jarUri: 'local:///opt/flink/usrlib/job.jar', parallelism: 2, upgradeMode: FlinkDeploymentSpecJobUpgradeMode.SAVEPOINT },
    jobManager: { resource: { cpu: 1, memory: '2Gi' } },
    taskManager: { resource: { cpu: 1, memory: '2Gi' } },
    podTemplate: {
      spec: {
        containers: [{ name: 'flink-main-container', volumeMounts: [{ mountPath: '/flink-data', name: 'flink-state' }] }],
        securityContext: { fsGroup: 9999 },
        volumes: [{ name: 'flink-state', persistentVolumeClaim: { claimName: pvc.name } }],
      },
    },
  },
});
app.synth();
`;

function link(target, at) {
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.symlinkSync(target, at, 'dir');
}

function writeProject(dir, main, deps) {
  fs.mkdirSync(dir, { recursive: true });
  const template = path.join(path.dirname(require.resolve('cdk8s-cli/package.json', { paths: [ROOT] })), 'templates', 'typescript-app', 'tsconfig.json');
  const tsconfig = JSON.parse(fs.readFileSync(template, 'utf8'));
  tsconfig.compilerOptions.lib = ['es2020'];
  tsconfig.compilerOptions.target = 'ES2020';
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: path.basename(dir), private: true }, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'main.ts'), main);
  for (const [name, target] of Object.entries(deps)) link(target, path.join(dir, 'node_modules', name));
}

/** Copies what an installed cdk8s-flink needs at type-check and run time: package.json, compiled lib/ and imports/. */
function installCompiled(at) {
  const copy = (rel) => {
    fs.mkdirSync(path.dirname(path.join(at, rel)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, rel), path.join(at, rel));
  };
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else if (/\.(d\.ts|js|json)$/.test(e.name)) copy(r);
    }
  };
  copy('package.json');
  walk('lib');
  walk('imports');
  for (const dep of ['ajv', 'yaml', 'fastest-levenshtein']) link(path.join(ROOT, 'node_modules', dep), path.join(at, 'node_modules', dep));
}

/** Installs the package as `npm pack` builds it (lib/ is compiled already, so no scripts run). */
function installPacked(tmp, at) {
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const tarball = path.join(tmp, out.trim().split('\n').pop());
  fs.mkdirSync(at, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', at, '--strip-components=1']);
}

/**
 * Creates the projects under `tmp`. Returns { ours, floor, packed, raw, rawSkipped } (rawSkipped: why the raw
 * project could not be made, e.g. ../shared is absent).
 */
function setupConsumers(tmp) {
  const nm = path.join(ROOT, 'node_modules');
  // What `cdk8s init typescript-app` installs (cdk8s, constructs, @types/node); cdk8s-flink needs nothing more.
  const common = {
    'cdk8s': path.join(nm, 'cdk8s'), 'constructs': path.join(nm, 'constructs'), '@types/node': path.join(nm, '@types', 'node'),
  };
  const ours = path.join(tmp, 'ours');
  writeProject(ours, OURS_MAIN, common);
  installCompiled(path.join(ours, 'node_modules', 'cdk8s-flink'));
  const floor = path.join(tmp, 'floor');
  writeProject(floor, FLOOR_MAIN, common);
  const packed = path.join(tmp, 'packed');
  writeProject(packed, OURS_MAIN, common);
  installPacked(tmp, path.join(packed, 'node_modules', 'cdk8s-flink'));

  const missing = CRD_FILES.filter((f) => !fs.existsSync(path.join(CRD_DIR, f)));
  if (missing.length > 0) return { ours, floor, packed, raw: undefined, rawSkipped: '../shared/crds/operator-1.15.0 not found next to the repository' };
  const raw = path.join(tmp, 'raw');
  writeProject(raw, RAW_MAIN, common);
  // One multi-document file: imports of one API group overwrite each other (as scripts/import-crds.js does).
  const crdFile = path.join(tmp, 'flink-operator-crds.yaml');
  fs.writeFileSync(crdFile, CRD_FILES.map((f) => fs.readFileSync(path.join(CRD_DIR, f), 'utf8').replace(/^---\s*\n/, '')).join('\n---\n'));
  const cli = path.join(path.dirname(require.resolve('cdk8s-cli/package.json', { paths: [ROOT] })), 'bin', 'cdk8s');
  execFileSync(process.execPath, [cli, 'import', crdFile, '--language', 'typescript', '--output', path.join(raw, 'imports'), '--no-save'],
    { cwd: raw, stdio: 'pipe' });
  return { ours, floor, packed, raw, rawSkipped: undefined };
}

module.exports = { setupConsumers };
