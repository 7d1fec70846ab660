/**
 * Builds and runs the operator oracle (oracle/operator): the Flink Kubernetes Operator's own
 * DefaultValidator, one JVM per operator release, fed JSON lines.
 */
import { ChildProcessWithoutNullStreams, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as readline from 'readline';

export const ORACLE_DIR = path.resolve(__dirname, '..', '..', 'oracle', 'operator');
const MAIN_CLASS = 'org.cdk8sflink.oracle.OperatorOracle';

/** The operator's verdict on one resource. */
export interface Verdict {
  readonly index: number;
  readonly kind: string;
  readonly name: string;
  /** accepted | rejected | deserialization-error | not-validated */
  readonly verdict: string;
  readonly message: string;
}

/** The oracle of one operator release: ready, or why not. */
export type OracleBuild = { readonly ok: true; readonly classpath: string } | { readonly ok: false; readonly skip: boolean; readonly reason: string };

function tools(): string | undefined {
  for (const tool of ['java', 'mvn']) {
    const r = spawnSync(tool, ['-version'], { encoding: 'utf8' });
    if (r.error) return `${tool} not found on PATH`;
  }
  return undefined;
}

/**
 * Builds the oracle against `flink-kubernetes-operator:<version>` (Maven caches downloads in
 * ~/.m2). An artifact that Maven Central does not serve, or a download that fails, is a skip with
 * its reason; a compile error is a failure.
 */
export function buildOracle(version: string): OracleBuild {
  const missing = tools();
  if (missing) return { ok: false, skip: true, reason: missing };
  const target = path.join(ORACLE_DIR, 'target', version);
  const classes = path.join(target, 'classes', ...MAIN_CLASS.split('.')) + '.class';
  const cpFile = path.join(target, 'classpath.txt');
  const sources = [path.join(ORACLE_DIR, 'pom.xml'), path.join(ORACLE_DIR, 'src', 'main', 'java', ...MAIN_CLASS.split('.')) + '.java'];
  const fresh = fs.existsSync(classes) && fs.existsSync(cpFile)
    && sources.every((s) => fs.statSync(s).mtimeMs <= fs.statSync(classes).mtimeMs);
  if (!fresh) {
    const r = spawnSync('mvn', ['-q', '-B', `-Doperator.version=${version}`, 'package'], { cwd: ORACLE_DIR, encoding: 'utf8', maxBuffer: 64 << 20 });
    const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
    if (r.status !== 0) {
      const notServed = /Could not find artifact (org\.apache\.flink:flink-kubernetes-operator[^\s]*)|(org\.apache\.flink:flink-kubernetes-operator[^\s]*) was not found/.exec(out);
      if (notServed) {
        return { ok: false, skip: true, reason: `Maven Central does not serve ${notServed[1] ?? notServed[2]}` };
      }
      const download = /((?:Could not transfer|Could not resolve|could not be resolved|Non-resolvable|Unknown host|Connection refused|Network is unreachable|timed out)[^\n]*)/i.exec(out);
      if (download) return { ok: false, skip: true, reason: `Maven download failed: ${download[1].slice(0, 300)}` };
      return { ok: false, skip: false, reason: `building the oracle for operator ${version} failed:\n${out.slice(-4000)}` };
    }
  }
  const deps = fs.readFileSync(cpFile, 'utf8').trim();
  return { ok: true, classpath: [path.join(target, 'classes'), deps].join(path.delimiter) };
}

/** One oracle JVM that judges worlds (lists of manifests) over JSON lines, in order. */
export class OracleProcess {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, { resolve: (v: Verdict[]) => void; reject: (e: Error) => void }>();
  private next = 0;
  private stderr = '';

  constructor(classpath: string, conf: Record<string, string> = {}) {
    const args = ['-Xshare:auto', '-XX:TieredStopAtLevel=1', '-cp', classpath, MAIN_CLASS, '--jsonl'];
    for (const [k, v] of Object.entries(conf)) args.push('--conf', `${k}=${v}`);
    this.proc = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr.on('data', (d) => { this.stderr = (this.stderr + d.toString()).slice(-8000); });
    readline.createInterface({ input: this.proc.stdout }).on('line', (line) => {
      const reply = JSON.parse(line);
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.error) waiting?.reject(new Error(`operator oracle: ${reply.error}`));
      else waiting?.resolve(reply.verdicts);
    });
    this.proc.on('exit', (code) => {
      const err = new Error(`operator oracle exited (${code}) with ${this.pending.size} requests open. stderr:\n${this.stderr}`);
      for (const waiting of this.pending.values()) waiting.reject(err);
      this.pending.clear();
    });
  }

  /** The operator's verdicts on every resource of one world. */
  judge(manifests: readonly unknown[]): Promise<Verdict[]> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.proc.stdin.write(JSON.stringify({ id, manifests }) + '\n');
    });
  }

  /** Ends the JVM (closing its input ends its loop). */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.proc.once('exit', () => resolve());
      this.proc.stdin.end();
    });
  }
}
