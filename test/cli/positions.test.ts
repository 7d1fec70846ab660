import * as fs from 'fs';
import * as path from 'path';
import { parseManifests } from '../../lib/cli/load';
import { FIXTURES, lines, lint } from './run';

const NESTED = `${FIXTURES}/nested-config.yaml`;
const nested = () => parseManifests(fs.readFileSync(path.join(__dirname, 'fixtures/nested-config.yaml'), 'utf-8'), NESTED)[0];

describe('finding paths map to line:column', () => {
  test('a flat config key is found as written', () => {
    expect(nested().locate("spec.flinkConfiguration['kubernetes.cluster-id']")).toEqual({ line: 17, column: 5 });
  });

  test('a dotted key written as nested maps is found by splitting greedily', () => {
    const m = nested();
    expect(m.locate("spec.flinkConfiguration['high-availability.type']")).toEqual({ line: 16, column: 7 });
    expect(m.locate("spec.flinkConfiguration['kubernetes.operator.deployment.rollback.enabled']")).toEqual({ line: 14, column: 13 });
  });

  test('nested and partly dotted: the longest existing prefix wins', () => {
    const text = [
      'apiVersion: flink.apache.org/v1beta1',
      'kind: FlinkDeployment',
      'metadata: {name: x}',
      'spec:',
      '  flinkConfiguration:',
      '    kubernetes.operator:',
      '      periodic.savepoint.interval: 1h',
      '    kubernetes:',
      '      cluster-id: y',
      '',
    ].join('\n');
    const m = parseManifests(text, 'inline.yaml')[0];
    expect(m.locate("spec.flinkConfiguration['kubernetes.operator.periodic.savepoint.interval']")).toEqual({ line: 7, column: 7 });
    expect(m.locate("spec.flinkConfiguration['kubernetes.cluster-id']")).toEqual({ line: 9, column: 7 });
  });

  test('a missing field points at its deepest existing ancestor; array items by index', () => {
    const text = [
      'apiVersion: flink.apache.org/v1beta1',
      'kind: FlinkDeployment',
      'metadata:',
      '  name: x',
      'spec:',
      '  job:',
      '    args:',
      '      - a',
      '      - b',
      '',
    ].join('\n');
    const m = parseManifests(text, 'inline.yaml')[0];
    expect(m.locate('spec.job.upgradeMode')).toEqual({ line: 6, column: 3 });
    expect(m.locate('spec.job.args[1]')).toEqual({ line: 9, column: 9 });
    expect(m.locate('')).toEqual({ line: 1, column: 1 });
  });

  test('positions are per document in a multi-document file', () => {
    const text = fs.readFileSync(path.join(__dirname, 'fixtures/good.yaml'), 'utf-8');
    const docs = parseManifests(text, 'good.yaml');
    expect(docs.map((d) => d.manifest.kind)).toEqual(['FlinkDeployment', 'ServiceAccount']);
    expect(docs[1].position.line).toBe(37);
    expect(docs[1].locate('metadata.name')).toEqual({ line: 40, column: 3 });
  });

  test('the CLI reports nested and flat keys at their lines', async () => {
    const r = await lint([NESTED]);
    expect(r.code).toBe(1);
    const out = lines(r.stdout);
    expect(out.find((l) => l.includes('kubernetes.cluster-id'))).toMatch(/^test\/cli\/fixtures\/nested-config\.yaml:17:5 error /);
    expect(out.find((l) => l.includes('rollback'))).toMatch(/^test\/cli\/fixtures\/nested-config\.yaml:14:13 error /);
  });

  test('a Kubernetes List and a JSON array are read item by item', () => {
    const list = parseManifests([
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: v1',
      '    kind: ServiceAccount',
      '    metadata: {name: flink}',
      '',
    ].join('\n'), 'list.yaml');
    expect(list).toHaveLength(1);
    expect(list[0].manifest.kind).toBe('ServiceAccount');
    expect(list[0].locate('metadata.name')).toEqual({ line: 6, column: 16 });
    const arr = parseManifests('[\n  {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}}\n]\n', 'arr.json');
    expect(arr[0].manifest.kind).toBe('Secret');
    expect(arr[0].position).toEqual({ line: 2, column: 3 });
  });
});

describe('YAML as Kubernetes reads it', () => {
  test('merge keys (<<) and anchors are resolved', () => {
    const text = [
      'apiVersion: flink.apache.org/v1beta1',
      'kind: FlinkDeployment',
      'metadata: {name: x}',
      'spec:',
      '  jobManager:',
      '    resource: &res {memory: 2048m, cpu: 1}',
      '  taskManager:',
      '    resource:',
      '      <<: *res',
      '      cpu: 2',
      '',
    ].join('\n');
    const m = parseManifests(text, 'merge.yaml')[0];
    expect(m.manifest.spec.taskManager.resource).toEqual({ memory: '2048m', cpu: 2 });
    expect(m.locate('spec.taskManager.resource.cpu')).toEqual({ line: 10, column: 7 });
  });
});
