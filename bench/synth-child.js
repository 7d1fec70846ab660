'use strict';
// One synth measurement, run in its own process by bench/run.js.
//
//   node bench/synth-child.js <variant> <n> <outdir> [manifests.json]
//
//   lib    our constructs (FlinkApplication + PVC storage + FlinkServiceAccount), validation included
//   tree   the same constructs with the app's validations detached before synth: what the construct
//          tree, its render and the output cost without the synth-time validation (a measurement
//          only: the library has no switch that turns validation off)
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

main();
const ru = process.resourceUsage();
process.stdout.write(JSON.stringify({ phases, total: Math.round(performance.now() - t0), maxRssKb: ru.maxRSS }) + '\n');
