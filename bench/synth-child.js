'use strict';
// One synth measurement, run in its own process by bench/run.js.
//
//   node bench/synth-child.js <variant> <n> <outdir> [manifests.json]
//
//   lib    our constructs (FlinkApplication + PVC storage + FlinkServiceAccount), validation included
//   tree   the same constructs with the app's validations detached before synth: what the construct
//          tree, its render and the output cost without the synth-time validation (a measurement
//          only: the library has no switch that turns validation off)
//   native the same manifests built with cdk8s alone, the way a hand-written cdk8s app gets this exact
//          output: each object at the construct path our constructs give it (so cdk8s generates the
//          same names), with the same dependencies (so cdk8s orders them the same way); no library code
//   raw    the same manifests (read from manifests.json) as raw cdk8s ApiObjects
//   yaml   the same manifests serialized with the `yaml` package, no cdk8s
//   dump   like `lib`, and also writes the synthesized manifests to manifests.json (fixture generation)
//
// Prints one JSON line on stdout: phase timings (ms) and maxRSS (KB, from process.resourceUsage()).
const t0 = performance.now();
const fs = require('fs');
const path = require('path');

const [variant, nArg, outdir, manifestsFile] = process.argv.slice(2);
const n = Number(nArg);
const ROOT = path.resolve(__dirname, '..');
const phases = {};
let last = t0;
function mark(name) {
  const now = performance.now();
  phases[name] = Math.round((now - last) * 10) / 10;
  last = now;
}

function buildLib(cdk8s, f) {
  const { App, Chart, Duration, Size } = cdk8s;
  const app = new App({ outdir });
  const chart = new Chart(app, 'flink', { namespace: 'streaming' });
  for (let i = 0; i < n; i++) {
    const storage = f.FlinkStorage.persistentVolumeClaim(chart, `state${i}`, { size: Size.gibibytes(50) });
    const serviceAccount = new f.FlinkServiceAccount(chart, `sa${i}`);
    new f.FlinkApplication(chart, `app${i}`, {
      version: f.FlinkVersion.V1_20,
      image: 'flink:1.20',
      jar: f.JobJar.fromImage('/opt/flink/usrlib/job.jar'),
      parallelism: 2,
      upgradeMode: f.UpgradeMode.SAVEPOINT,
      jobManager: { cpu: 1, memory: Size.gibibytes(2) },
      taskManager: { cpu: 1, memory: Size.gibibytes(2) },
      checkpoints: f.CheckpointPolicy.every(Duration.seconds(30), { storage }),
      ha: f.HaStorage.kubernetes({ storage }),
      serviceAccount,
    });
  }
  return app;
}

/**
 * Removes every validation registered on the app's constructs. Reads the `constructs` Node's
 * private list, so it fails loudly when that list is not where this version keeps it.
 */
function detachValidations(app) {
  let removed = 0;
  for (const c of app.node.findAll()) {
    const list = c.node._validations;
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new Error('bench: constructs keeps its validations elsewhere; the tree variant cannot run');
    removed += list.length;
    list.length = 0;
  }
  if (removed === 0) throw new Error('bench: no validation found to detach; the tree variant would measure nothing');
}

/** The kinds of one application's objects, in the order our constructs write them. */
const APP_KINDS = ['PersistentVolumeClaim', 'ServiceAccount', 'Role', 'RoleBinding', 'FlinkDeployment'];

/**
 * Variant `native`: rebuilds `docs` (the output of `dump`) with cdk8s and constructs alone. The
 * FlinkDeployment keeps its literal name (our construct sets it); the other four get theirs from
 * cdk8s, as ours do. The bench checks that the output is byte-identical to ours, so a change of
 * our construct paths, names or order shows up as "outputs differ".
 */
function buildNative(cdk8s, docs) {
  const { Construct } = require(path.join(ROOT, 'node_modules', 'constructs'));
  const app = new cdk8s.App({ outdir });
  const chart = new cdk8s.Chart(app, 'flink');
  const generatedName = (d) => {
    const metadata = { ...d.metadata };
    delete metadata.name;
    return { ...d, metadata };
  };
  if (docs.length % APP_KINDS.length !== 0) {
    throw new Error(`bench: the fixture's ${docs.length} manifests are not whole applications of ${APP_KINDS.length} objects. ` +
      'Fix: regenerate it with the dump variant, or update APP_KINDS and buildNative to what one application writes.');
  }
  for (let i = 0; i < docs.length / APP_KINDS.length; i++) {
    const app5 = docs.slice(i * APP_KINDS.length, (i + 1) * APP_KINDS.length);
    const kinds = app5.map((d) => d.kind);
    if (kinds.join() !== APP_KINDS.join()) {
      throw new Error(`bench: application ${i} of the fixture is ${kinds.join(', ')}, not ${APP_KINDS.join(', ')}. ` +
        'Fix: our constructs now write other objects per application; rebuild them the same way in buildNative and APP_KINDS.');
    }
    const [claim, account, role, binding, deployment] = app5;
    const claimObj = new cdk8s.ApiObject(new Construct(chart, `state${i}`), 'Resource', generatedName(claim));
    const sa = new Construct(chart, `sa${i}`);
    const accountObj = new cdk8s.ApiObject(new Construct(sa, 'Resource'), 'Resource', generatedName(account));
    const roleObj = new cdk8s.ApiObject(new Construct(sa, 'Role'), 'Resource', generatedName(role));
    const bindingObj = new cdk8s.ApiObject(new Construct(sa, 'Binding'), 'Resource', generatedName(binding));
    bindingObj.addDependency(roleObj, accountObj);
    const deploymentObj = new cdk8s.ApiObject(new Construct(chart, `app${i}`), 'Resource', deployment);
    deploymentObj.addDependency(claimObj);
    deploymentObj.addDependency(sa);
  }
  return app;
}

function main() {
  if (variant === 'yaml') {
    const YAML = require(path.join(ROOT, 'node_modules', 'yaml'));
    mark('require');
    const docs = JSON.parse(fs.readFileSync(manifestsFile, 'utf8'));
    mark('build');
    // Same options as cdk8s's Yaml.stringify, so the output is byte-identical.
    const text = docs.map((d) => YAML.stringify(d, { keepUndefined: true, lineWidth: 0, version: '1.1' })).join('---\n');
    fs.mkdirSync(outdir, { recursive: true });
    fs.writeFileSync(path.join(outdir, 'flink.k8s.yaml'), text);
    mark('synth');
    return;
  }
  const cdk8s = require(path.join(ROOT, 'node_modules', 'cdk8s'));
  let app;
  if (variant === 'raw') {
    mark('require');
    const docs = JSON.parse(fs.readFileSync(manifestsFile, 'utf8'));
    app = new cdk8s.App({ outdir });
    const chart = new cdk8s.Chart(app, 'flink');
    docs.forEach((d, i) => new cdk8s.ApiObject(chart, `r${i}`, d));
  } else if (variant === 'native') {
    mark('require');
    app = buildNative(cdk8s, JSON.parse(fs.readFileSync(manifestsFile, 'utf8')));
  } else {
    const f = require(ROOT);
    mark('require');
    app = buildLib(cdk8s, f);
    if (variant === 'tree') detachValidations(app);
  }
  mark('build');
  app.synth();
  mark('synth');
  if (variant === 'dump') {
    const docs = app.charts.flatMap((c) => c.toJson());
    fs.writeFileSync(manifestsFile, JSON.stringify(docs));
  }
}

try {
  main();
} catch (e) {
  // The bench's own checks explain themselves; anything else keeps its stack.
  process.stderr.write(`${String(e.message).startsWith('bench: ') ? e.message : e.stack}\n`);
  process.exit(2);
}
const ru = process.resourceUsage();
process.stdout.write(JSON.stringify({ phases, total: Math.round(performance.now() - t0), maxRssKb: ru.maxRSS }) + '\n');
