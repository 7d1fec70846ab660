/**
 * lib/operator/data/operator-1.15.json (the CRDs and the chart's default configuration FlinkOperator
 * installs) is generated from ../shared and committed: regenerating it gives the committed file byte
 * for byte, and its CRDs are the release's CRD files, object for object.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');
const COMMITTED = path.join(ROOT, 'lib', 'operator', 'data', 'operator-1.15.json');
const CRDS = path.resolve(ROOT, '..', 'shared', 'crds', 'operator-1.15.0');

test('npm run operator-data reproduces lib/operator/data/operator-1.15.json', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-flink-operator-data-'));
  try {
    const out = path.join(tmp, 'operator.json');
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-operator-data.js')], {
      env: { ...process.env, CDK8S_FLINK_OPERATOR_DATA_OUT: out }, stdio: 'pipe',
    });
    expect(fs.readFileSync(out, 'utf8')).toBe(fs.readFileSync(COMMITTED, 'utf8'));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('the committed CRDs are the 1.15.0 release files', () => {
  const data = JSON.parse(fs.readFileSync(COMMITTED, 'utf8'));
  const files = fs.readdirSync(CRDS).filter((f) => f.endsWith('.yml')).sort();
  expect(data.crds.map((c: any) => c.metadata.name)).toEqual(files.map((f) => f.replace(/-v1\.yml$/, '')));
  files.forEach((f, i) => expect(data.crds[i]).toEqual(YAML.parse(fs.readFileSync(path.join(CRDS, f), 'utf8'))));
});
