/**
 * imports/ and the Flink key catalogue are generated from ../shared and committed. Regenerating them
 * must give the committed files byte for byte: nothing there is edited by hand, and nothing is stale.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name)).map((f) => path.join(e.name, f)) : [e.name]);
}

describe('generated files', () => {
  let tmp: string;
  beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-flink-generated-')); });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('npm run import reproduces imports/ (L1 classes and per-version schemas)', () => {
    const out = path.join(tmp, 'imports');
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'import-crds.js')], {
      env: { ...process.env, CDK8S_FLINK_IMPORTS_OUT: out }, stdio: 'pipe',
    });
    const committed = listFiles(path.join(ROOT, 'imports')).filter((f) => !/\.(js|js\.map|d\.ts)$/.test(f)).sort();
    expect(listFiles(out).sort()).toEqual(committed);
    for (const f of committed) {
      expect(`${f}: ${fs.readFileSync(path.join(out, f), 'utf8')}`).toBe(`${f}: ${fs.readFileSync(path.join(ROOT, 'imports', f), 'utf8')}`);
    }
  }, 120_000);

  test('npm run catalogue reproduces lib/validation/data/flink-config.json', () => {
    const out = path.join(tmp, 'flink-config.json');
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-catalogue.js')], {
      env: { ...process.env, CDK8S_FLINK_CATALOGUE_OUT: out }, stdio: 'pipe',
    });
    expect(fs.readFileSync(out, 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'lib', 'validation', 'data', 'flink-config.json'), 'utf8'));
  });
});
