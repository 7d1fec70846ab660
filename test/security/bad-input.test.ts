import * as fs from 'fs';
import * as path from 'path';
import { lintManifests } from '../../lib';
import { FlinkLintPlugin, PluginViolation } from '../../lib/plugin';
import { LimitError } from '../../lib/validation/limits';
import { lint, scratchDir } from '../cli/run';

// Hostile input: every case ends with exit 2 and one message naming the file and the limit (or
// what is wrong), never a stack trace or "internal error". Time and memory: bench/, not here.

const scratch = scratchDir('cdk8s-flink-bad-');
const write = scratch.write;

async function bad(args: string[], stdin?: string | Buffer): Promise<string> {
  const r = await lint(args, { cwd: scratch.path, stdin });
  expect(r.stderr).not.toMatch(/internal error|bug in cdk8s-flink/);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?/);
  expect(r.stdout).toBe('');
  expect(r.code).toBe(2);
  return r.stderr;
}

const HEAD = 'apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\nmetadata:\n  name: app\nspec:\n';

function laughs(levels: number, width: number): string {
  let s = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i <= levels; i++) s += `a${i}: &a${i} [${Array.from({ length: width }, () => `*a${i - 1}`).join(', ')}]\n`;
  return s;
}

describe('alias bombs, undefined aliases, nesting', () => {
  test('a billion-laughs document', async () => {
    write('laughs.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n${laughs(9, 10).replace(/^/gm, '  ')}`);
    expect(await bad(['laughs.yaml'])).toMatch(/^cdk8s-flink: laughs\.yaml(:\d+:\d+)?: .*(maxAliasNodes)/);
  });

  test('one map aliased a thousand times inside flinkConfiguration', async () => {
    const keys = Array.from({ length: 200 }, (_, i) => `    k${i}: v`).join('\n');
    const aliases = Array.from({ length: 1000 }, (_, i) => `    a${i}: *m`).join('\n');
    write('config-bomb.yaml', `${HEAD}  flinkConfiguration:\n    base: &m\n${keys.replace(/^/gm, '  ')}\n${aliases}\n`);
    expect(await bad(['config-bomb.yaml'])).toMatch(/config-bomb\.yaml(:\d+:\d+)?: .*limit maxAliasNodes/);
  });

  test('flinkConfiguration that flattens to too many keys (without aliases) is a limit too', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `    k${i}: v`).join('\n');
    write('many-keys.yaml', `${HEAD}  flinkConfiguration:\n${keys}\n`);
    const r = await lint(['many-keys.yaml'], { cwd: scratch.path });
    expect(r.code).toBe(1); // within the default limit: ordinary findings
    const m = { apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkDeployment', metadata: { name: 'a' }, spec: { flinkConfiguration: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, 'v'])) } };
    expect(() => lintManifests([m], { limits: { maxConfigKeys: 100 } })).toThrow(LimitError);
    expect(() => lintManifests([m], { limits: { maxConfigKeys: 100 } })).toThrow(/spec\.flinkConfiguration flattens to more than 100 keys \(limit maxConfigKeys\)/);
  });

  test('an alias that contains itself', async () => {
    write('cycle.yaml', `${HEAD}  flinkConfiguration: &c\n    a: *c\n`);
    expect(await bad(['cycle.yaml'])).toMatch(/cycle\.yaml(:\d+:\d+)?: .*(endless|contains itself).*limit maxAliasNodes/);
  });

  test('an undefined alias: file and line', async () => {
    write('undefined.yaml', `${HEAD}  flinkConfiguration:\n    a: *nope\n`);
    expect(await bad(['undefined.yaml'])).toMatch(/^cdk8s-flink: undefined\.yaml:7:8: YAML alias '\*nope' has no anchor/);
  });

  test('deep nesting, block and flow', async () => {
    write('deep-flow.yaml', `${HEAD}  x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    expect(await bad(['deep-flow.yaml'])).toMatch(/deep-flow\.yaml(:\d+:\d+)?: .*(maxDepth)/);
    write('deep-block.yaml', `${HEAD}  x:\n${Array.from({ length: 400 }, (_, i) => `${' '.repeat(4 + 2 * i)}k:`).join('\n')} 1\n`);
    expect(await bad(['deep-block.yaml'])).toMatch(/deep-block\.yaml(:\d+:\d+)?: .*maxDepth/);
  });
});

describe('size, type and encoding', () => {
  test('a file larger than the limit is refused before it is read', async () => {
    const big = Buffer.alloc(33 * 1024 * 1024, 0x61);
    write('big.yaml', big);
    expect(await bad(['big.yaml'])).toMatch(/^cdk8s-flink: big\.yaml: is 33 MiB, more than the limit of 32 MiB per file \(limit maxFileBytes\)/);
    write('small.yaml', `${HEAD}  image: flink:1.20\n`.repeat(1) + '#'.repeat(3 * 1024 * 1024));
    expect(await bad(['--max-file-size', '1', 'small.yaml'])).toMatch(/small\.yaml: .*limit of 1 MiB .*maxFileBytes/);
  });

  test('stdin larger than the limit', async () => {
    expect(await bad(['--max-file-size', '1', '-'], Buffer.alloc(2 * 1024 * 1024, 0x61))).toMatch(/<stdin>: .*limit maxFileBytes/);
  });

  test('/dev/zero and a FIFO are refused by type', async () => {
    expect(await bad(['/dev/zero'])).toMatch(/\/dev\/zero: is a character device, not a regular file/);
    const fifo = path.join(scratch.path, 'pipe.yaml');
    const { spawnSync } = await import('child_process');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return; // no mkfifo on this system
    expect(await bad(['pipe.yaml'])).toMatch(/pipe\.yaml: is a named pipe \(FIFO\)/);
    fs.mkdirSync(path.join(scratch.path, 'withfifo'));
    fs.renameSync(fifo, path.join(scratch.path, 'withfifo', 'pipe.yaml'));
    write('withfifo/ok.yaml', 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: flink}\n');
    expect(await bad(['withfifo'])).toMatch(/withfifo\/pipe\.yaml: is a named pipe/);
  });

  test('binary and invalid UTF-8', async () => {
    write('bin.yaml', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]));
    expect(await bad(['bin.yaml'])).toMatch(/bin\.yaml: is a binary file/);
    write('latin1.yaml', Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: "caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]));
    expect(await bad(['latin1.yaml'])).toMatch(/latin1\.yaml: is not valid UTF-8 text \(an invalid byte sequence at line 4\)/);
  });
});

describe('symbolic links', () => {
  test('a symlinked manifest in a directory is linted, not skipped', async () => {
    write('real/app.yaml', `${HEAD}  image: flink:1.20\n`);
    fs.mkdirSync(path.join(scratch.path, 'linked'));
    fs.symlinkSync(path.join(scratch.path, 'real', 'app.yaml'), path.join(scratch.path, 'linked', 'app.yaml'));
    const r = await lint(['linked'], { cwd: scratch.path });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^linked\/app\.yaml:\d+:\d+ error /m);
  });

  test('a symlinked directory is followed; a file reached twice is read once', async () => {
    write('tree/a/sa.yaml', 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: flink}\n');
    fs.symlinkSync(path.join(scratch.path, 'tree', 'a'), path.join(scratch.path, 'tree', 'b'));
    const r = await lint(['tree'], { cwd: scratch.path });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/in 1 resource from 1 file/);
  });

  test('a link back to an ancestor directory is a loop', async () => {
    write('loop/sa.yaml', 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: flink}\n');
    fs.symlinkSync(path.join(scratch.path, 'loop'), path.join(scratch.path, 'loop', 'again'));
    expect(await bad(['loop'])).toMatch(/loop\/again: symbolic link loop/);
  });

  test('a link to itself and a dangling link', async () => {
    fs.mkdirSync(path.join(scratch.path, 'self'));
    write('self/ok.yaml', 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: flink}\n');
    fs.symlinkSync('me.yaml', path.join(scratch.path, 'self', 'me.yaml'));
    expect(await bad(['self'])).toMatch(/self\/me\.yaml: is a symbolic link loop/);
    expect(await bad(['self/me.yaml'])).toMatch(/self\/me\.yaml: is a symbolic link loop/);
    fs.mkdirSync(path.join(scratch.path, 'dangling'));
    write('dangling/ok.yaml', 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: flink}\n');
    fs.symlinkSync(path.join(scratch.path, 'nowhere.yaml'), path.join(scratch.path, 'dangling', 'gone.yaml'));
    expect(await bad(['dangling'])).toMatch(/dangling\/gone\.yaml: is a symbolic link to a file that does not exist/);
  });
});

describe('printed findings are capped per rule', () => {
  test('the rest are counted', async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `    unknown.key${i}: v`).join('\n');
    write('unknown.yaml', `${HEAD}  flinkConfiguration:\n${keys}\n`);
    const r = await lint(['--max-findings', '10', 'unknown.yaml'], { cwd: scratch.path });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter((l) => l.includes(' config-key-unknown '))).toHaveLength(10);
    expect(r.stderr).toContain('... 20 more config-key-unknown findings not shown (limit maxFindingsPerRule: 10 per rule');
    const j = await lint(['--max-findings', '10', '--format', 'json', 'unknown.yaml'], { cwd: scratch.path });
    const out = JSON.parse(j.stdout);
    expect(out.summary.omitted).toEqual({ 'config-key-unknown': 20 });
    expect(out.summary.errors).toBeGreaterThanOrEqual(30);
  });
});

describe('lintManifests and the plugin are bounded too', () => {
  /** A billion-laughs structure built from shared objects, as a YAML parser returns aliases. */
  function bomb(levels: number): any {
    let node: any = { x: 'y' };
    for (let i = 0; i < levels; i++) node = Object.fromEntries(Array.from({ length: 10 }, (_, k) => [`k${k}`, node]));
    return node;
  }
  const deploymentWith = (flinkConfiguration: unknown) => ({
    apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkDeployment', metadata: { name: 'a' }, spec: { flinkConfiguration },
  });

  test('lintManifests: shared-object bombs, cycles and deep nesting throw LimitError naming the limit', () => {
    expect(() => lintManifests([{ kind: 'ConfigMap' }, deploymentWith(bomb(9))])).toThrow(/resource 2: .*limit maxAliasNodes/);
    const cyclic: any = { a: {} };
    cyclic.a.b = cyclic;
    expect(() => lintManifests([deploymentWith(cyclic)])).toThrow(/limit maxAliasNodes/);
    let deep: any = 'v';
    for (let i = 0; i < 300; i++) deep = { k: deep };
    expect(() => lintManifests([deploymentWith(deep)])).toThrow(/deeper than 256 levels \(limit maxDepth\)/);
    try {
      lintManifests([{ kind: 'ConfigMap' }, deploymentWith(bomb(9))]);
    } catch (e) {
      expect(e).toBeInstanceOf(LimitError);
      expect((e as LimitError).index).toBe(1);
      expect((e as LimitError).limit).toBe('maxAliasNodes');
    }
  });

  test('the plugin reports a limit as a failure naming the file', async () => {
    const violations: PluginViolation[] = [];
    let status = '';
    await new FlinkLintPlugin().validate({
      manifests: ['dist/bomb.k8s.yaml'],
      parseManifest: () => [deploymentWith(bomb(9))],
      report: { addViolation: (v) => violations.push(v), submit: (s) => { status = s; } },
    });
    expect(status).toBe('failure');
    expect(violations).toHaveLength(1);
    expect(violations[0].ruleName).toBe('input-limit');
    expect(violations[0].recommendation).toMatch(/^dist\/bomb\.k8s\.yaml: .*limit maxAliasNodes/);
  });

  test('the plugin refuses a file over maxFileBytes before parsing it', async () => {
    const file = path.join(scratch.path, 'plugin-big.k8s.yaml');
    fs.writeFileSync(file, 'a'.repeat(2048));
    let parsed = false;
    const violations: PluginViolation[] = [];
    await new FlinkLintPlugin({ limits: { maxFileBytes: 1024 } }).validate({
      manifests: [file],
      parseManifest: () => { parsed = true; return []; },
      report: { addViolation: (v) => violations.push(v), submit: () => undefined },
    });
    expect(parsed).toBe(false);
    expect(violations[0].recommendation).toMatch(/is 2 KiB; the limit is 1 KiB per file \(limit maxFileBytes\)/);
  });
});
