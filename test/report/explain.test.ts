/**
 * explain(): the report model read from manifests (durability, topology, effective configuration,
 * change summary), and its Markdown, HTML and JSON renderings.
 */
import { explain, renderHtml, renderJson, renderMarkdown } from '../../lib/report';
import { operatorDefaults } from '../../lib/report/build';
import { SPLIT_DIAGRAM_NODES } from '../../lib/report/markdown';
import { EXAMPLE_CHARTS, exampleManifests } from '../example-charts';

const app = (name: string, over: { config?: Record<string, string>; podTemplate?: any; job?: any; namespace?: string; spec?: any } = {}) => ({
  apiVersion: 'flink.apache.org/v1beta1',
  kind: 'FlinkDeployment',
  metadata: { name, ...(over.namespace ? { namespace: over.namespace } : {}) },
  spec: {
    image: 'flink:1.20', flinkVersion: 'v1_20', serviceAccount: 'flink',
    flinkConfiguration: { 'taskmanager.numberOfTaskSlots': '2', ...(over.config ?? {}) },
    jobManager: { resource: { memory: '2048m', cpu: 1 } },
    taskManager: { resource: { memory: '2048m', cpu: 1 } },
    ...(over.podTemplate ? { podTemplate: over.podTemplate } : {}),
    job: { jarURI: 'local:///opt/flink/usrlib/app.jar', parallelism: 2, upgradeMode: 'savepoint', ...(over.job ?? {}) },
    ...(over.spec ?? {}),
  },
});

const mounted = (volume: any, mountPath = '/flink-data') => ({
  spec: {
    containers: [{ name: 'flink-main-container', volumeMounts: [{ name: 'state', mountPath }] }],
    volumes: [{ name: 'state', ...volume }],
  },
});

const dirs = (base: string) => ({
  'execution.checkpointing.dir': `${base}/cp`,
  'execution.checkpointing.savepoint-dir': `${base}/sp`,
});

const pvc = (name: string, modes = ['ReadWriteMany']) => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name },
  spec: { accessModes: modes, resources: { requests: { storage: '10Gi' } } },
});

describe('durability of state directories', () => {
  test.each([
    ['a PVC', mounted({ persistentVolumeClaim: { claimName: 'state' } }), 'file:///flink-data', 'node', /PVC state \(ReadWriteMany\) at \/flink-data/],
    ['a hostPath', mounted({ hostPath: { path: '/data/flink' } }), 'file:///flink-data', 'pod', /hostPath \/data\/flink \(node-local\)/],
    ['an emptyDir', mounted({ emptyDir: {} }), 'file:///flink-data', 'none', /emptyDir volume 'state'/],
    ['no volume at all', undefined, 'file:///flink-data', 'none', /container filesystem/],
    ['a path outside the mount', mounted({ persistentVolumeClaim: { claimName: 'state' } }), 'file:///elsewhere', 'none', /container filesystem/],
    ['an object store', undefined, 's3://bucket/flink', 'cluster', /object store s3:\/\/bucket/],
  ])('%s', (_what, podTemplate, base, durability, where) => {
    const r = explain([app('orders', { config: dirs(base), podTemplate }), pvc('state')]);
    const [card] = r.cards;
    expect(card.state.map((s) => s.group)).toEqual(['checkpoint', 'savepoint']);
    for (const s of card.state) {
      expect(s.durability).toBe(durability);
      expect(s.where).toMatch(where);
    }
  });

  test('a directory mounted in the JobManager only is as durable as the TaskManager side: ephemeral', () => {
    const m = app('orders', { config: dirs('file:///flink-data') });
    (m.spec as any).jobManager.podTemplate = mounted({ persistentVolumeClaim: { claimName: 'state' } });
    const [card] = explain([m, pvc('state')]).cards;
    expect(card.state[0].durability).toBe('none');
    expect(card.state[0].where).toMatch(/^JobManager: PVC state .*; TaskManager: not on any volume/);
  });

  test('HA storage counts only when HA is on', () => {
    const cfg = { ...dirs('s3://b/x'), 'high-availability.storageDir': 's3://b/ha' };
    expect(explain([app('a', { config: cfg })]).cards[0].state.map((s) => s.group)).toEqual(['checkpoint', 'savepoint']);
    expect(explain([app('a', { config: { ...cfg, 'high-availability.type': 'kubernetes' } })]).cards[0].state.map((s) => s.group))
      .toEqual(['checkpoint', 'savepoint', 'ha']);
  });
});

describe('topology', () => {
  test('session jobs run on their cluster; the cluster lists its jobs; snapshots point at their target', () => {
    const r = explain(exampleManifests('session-cluster'));
    const cluster = r.cards.find((c) => c.role === 'session cluster')!;
    const job = r.cards.find((c) => c.role === 'session job')!;
    expect(cluster.jobs).toEqual([job.name]);
    expect(job.cluster).toBe(cluster.name);
    expect(r.graph.edges).toContainEqual({ from: job.id, to: cluster.id, label: 'runs on' });
    expect(job.flinkVersion).toBe(cluster.flinkVersion);

    const snap = explain(exampleManifests('savepoint-redeploy'));
    const snapNode = snap.graph.nodes.find((n) => n.kind === 'FlinkStateSnapshot');
    expect(snapNode).toBeDefined();
    const edge = snap.graph.edges.find((e) => e.from === snapNode!.id);
    expect(edge?.label).toBe('snapshot of');
    expect(snap.graph.nodes.find((n) => n.id === edge!.to)?.kind).toBe('FlinkDeployment');
  });

  test('storage nodes: the PVC with its access modes, hostPaths marked fragile, object stores outside the cluster', () => {
    const pvcReport = explain(exampleManifests('checkpoint-ha-pvc'));
    const claim = pvcReport.graph.nodes.find((n) => n.kind === 'PersistentVolumeClaim')!;
    expect(claim.detail).toMatch(/^ReadWriteMany · 20Gi/);
    const app0 = pvcReport.cards[0];
    expect(pvcReport.graph.edges.find((e) => e.from === app0.id && e.to === claim.id)?.label).toBe('checkpoints, savepoints, HA, mounts');

    const minikube = explain(exampleManifests('checkpoint-ha-minikube'));
    const host = minikube.graph.nodes.find((n) => n.kind === 'HostPath')!;
    expect(host.fragile).toBe(true);
    expect(minikube.cards[0].state.every((s) => s.durability === 'pod')).toBe(true);

    const s3 = explain([app('a', { config: dirs('s3://bucket/orders') }), app('b', { config: dirs('s3://bucket/payments') })]);
    const stores = s3.graph.nodes.filter((n) => n.kind === 'ObjectStore');
    expect(stores).toHaveLength(1);
    expect(stores[0]).toMatchObject({ name: 's3://bucket', namespace: '' });
  });

  test('an operator Deployment shows what it watches, and its default configuration is a source', () => {
    const operator = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'flink-kubernetes-operator', namespace: 'flink-system' },
      spec: { template: { spec: { containers: [{ name: 'op', image: 'ghcr.io/apache/flink-kubernetes-operator:1.15.0' }] } } },
    };
    const config = {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flink-operator-config', namespace: 'flink-system' },
      data: { 'config.yaml': 'kubernetes.operator.watched.namespaces: streaming\nkubernetes.operator.reconcile.interval: 15 s\nstate.backend.type: rocksdb\n' },
    };
    const r = explain([operator, config, app('orders', { namespace: 'streaming', config: { 'state.backend.type': 'hashmap' } })]);
    const op = r.graph.nodes.find((n) => n.kind === 'Operator')!;
    expect(op.detail).toBe('flink-kubernetes-operator:1.15.0 · watches streaming');
    expect(r.graph.edges).toContainEqual({ from: op.id, to: 'ns:streaming', label: 'watches' });
    const card = r.cards[0];
    expect(card.operatorVersion).toBe('1.15.0 (operator flink-system/flink-kubernetes-operator)');
    expect(card.config.find((e) => e.key === 'kubernetes.operator.reconcile.interval')).toMatchObject({ value: '15 s', source: 'operator-default' });
    expect(card.config.find((e) => e.key === 'state.backend.type')).toMatchObject({ value: 'hashmap', source: 'resource' });
    expect(r.counts.operators).toBe(1);
  });
});

test('a blue/green deployment gets a card from its template, state included', () => {
  const bg = {
    apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkBlueGreenDeployment', metadata: { name: 'orders-bg', namespace: 'streaming' },
    spec: {
      configuration: { 'kubernetes.operator.bluegreen.deployment-deletion.delay': '1s' },
      template: { spec: app('x', { config: dirs('s3://bucket/bg') }).spec },
    },
  };
  const r = explain([bg]);
  expect(r.counts.blueGreen).toBe(1);
  const [card] = r.cards;
  expect(card).toMatchObject({ role: 'blue/green application', flinkVersion: '1.20', upgradeMode: 'savepoint', namespace: 'streaming' });
  expect(card.state.map((s) => s.durability)).toEqual(['cluster', 'cluster']);
  expect(r.graph.nodes.find((n) => n.id === card.id)?.detail).toBe('blue/green application · Flink 1.20 · savepoint');
});

describe('effective configuration', () => {
  test("the operator's version and namespace defaults apply as the operator applies them", () => {
    const config = {
      'a': 'base',
      'kubernetes.operator.default-configuration.namespace.streaming.a': 'namespace',
      'kubernetes.operator.default-configuration.namespace.other.b': 'other namespace',
      'kubernetes.operator.default-configuration.flink-version.v1_18+.c': 'from 1.18',
      'kubernetes.operator.default-configuration.flink-version.v1_19+.c': 'from 1.19',
      'kubernetes.operator.default-configuration.flink-version.v2_0+.c': 'from 2.0',
      'kubernetes.operator.default-configuration.flink-version.v1_20.d': 'exactly 1.20',
      'kubernetes.operator.default-configuration.flink-version.v1_19.d': 'exactly 1.19',
    };
    expect(operatorDefaults(config, 'streaming', 1020)).toEqual({ a: 'namespace', c: 'from 1.19', d: 'exactly 1.20' });
    expect(operatorDefaults(config, 'elsewhere', 1017)).toEqual({ a: 'base' });
  });

  test('a session job sees the cluster configuration under its own, each with its source', () => {
    const r = explain(exampleManifests('session-cluster'));
    const job = r.cards.find((c) => c.role === 'session job')!;
    const slots = job.config.find((e) => e.key === 'taskmanager.numberOfTaskSlots');
    expect(slots).toMatchObject({ source: 'session-cluster' });
    expect(job.config.find((e) => e.key === 'parallelism.default')).toMatchObject({ source: 'flink-default', value: '1' });
  });

  test('Flink 1.15/1.16 show the defaults under the names they read', () => {
    const m = app('old');
    (m.spec as any).flinkVersion = 'v1_16';
    const keys = explain([m]).cards[0].config.map((e) => e.key);
    // Flink 1.16 declares high-availability (with its default NONE), not high-availability.type; it
    // declares state.backend without a default and no state.backend.type at all.
    expect(keys).toContain('high-availability');
    expect(keys).not.toContain('high-availability.type');
    expect(keys).not.toContain('state.backend.type');
    // A key the job's line does not declare says so.
    const newer = app('newer', { config: { 'state.backend.type': 'rocksdb' } });
    (newer.spec as any).flinkVersion = 'v1_16';
    expect(explain([newer]).cards[0].config.find((e) => e.key === 'state.backend.type')?.note).toBe('String, default hashmap; not declared by Flink 1.16');
  });

  test('secret values appear in no output format', () => {
    const planted = 'Pl4nted-S3cret-Value-7781';
    const m = app('orders', { config: { 's3.secret-key': planted, 'ssl.rest.keystore-password': planted, ...dirs('s3://b/x') } });
    const r = explain([m]);
    expect(r.cards[0].config.find((e) => e.key === 's3.secret-key')).toMatchObject({ redacted: true, value: '(redacted)' });
    for (const out of [renderMarkdown(r), renderHtml(r), renderJson(r)]) expect(out).not.toContain(planted);
  });
});

describe('change summary (--previous)', () => {
  const base = () => app('orders', { config: dirs('s3://b/orders') });

  test('a spec change restarts a savepoint job with its state kept', () => {
    const next = base();
    next.spec.job.parallelism = 4;
    const [change] = explain([next], { previous: [base()] }).changes!;
    expect(change).toMatchObject({ change: 'changed', fields: ['spec.job.parallelism'], restartsJob: true, safety: 'state-kept' });
    expect(change.summary).toMatch(/restarts the job; state carried over from a savepoint/);
  });

  test('the same change on a stateless job is unsafe', () => {
    const prev = base();
    prev.spec.job.upgradeMode = 'stateless';
    const next = base();
    next.spec.job.upgradeMode = 'stateless';
    next.spec.image = 'flink:1.20.1';
    const [change] = explain([next], { previous: [prev] }).changes!;
    expect(change).toMatchObject({ restartsJob: true, safety: 'unsafe' });
  });

  test('a savepoint trigger nonce and operator settings do not restart the job', () => {
    const next = base();
    (next.spec.job as any).savepointTriggerNonce = 7;
    (next.spec.flinkConfiguration as any)['kubernetes.operator.reconcile.interval'] = '30 s';
    const [change] = explain([next], { previous: [base()] }).changes!;
    expect(change).toMatchObject({ restartsJob: false, safety: 'safe' });
    expect(change.fields).toEqual(["spec.flinkConfiguration['kubernetes.operator.reconcile.interval']", 'spec.job.savepointTriggerNonce']);
  });

  test("an upgrade rule's objection makes the change unsafe, in its own words", () => {
    const prev = app('orders', { config: dirs('s3://b/orders'), job: { upgradeMode: 'last-state' } });
    const next = app('orders', { config: dirs('s3://b/elsewhere'), job: { upgradeMode: 'last-state' } });
    const r = explain([next], { previous: [prev] });
    const [change] = r.changes!;
    expect(change.safety).toBe('unsafe');
    expect(change.summary).toMatch(/\(checkpoint-dir-changed\)/);
    expect(renderMarkdown(r).split('\n')[2]).toMatch(/^> \*\*What this change does:\*\* 1 change puts state at risk; 1 job restarts/);
  });

  test('added and removed resources; a removed claim is unsafe', () => {
    const r = explain([base()], { previous: [pvc('state'), app('legacy', { config: dirs('s3://b/l') })] });
    expect(r.changes!.map((c) => [c.kind, c.name, c.change, c.safety])).toEqual([
      ['FlinkDeployment', 'legacy', 'removed', 'unsafe'],
      ['FlinkDeployment', 'orders', 'added', 'safe'],
      ['PersistentVolumeClaim', 'state', 'removed', 'unsafe'],
    ]);
  });
});

describe('renderings', () => {
  test.each(EXAMPLE_CHARTS.map(([id]) => id))('%s: Markdown and JSON', (id) => {
    const r = explain(exampleManifests(id), { title: `Example ${id}` });
    expect(renderMarkdown(r)).toMatchSnapshot('markdown');
    expect(JSON.parse(renderJson(r))).toMatchSnapshot('json');
  });

  test('deterministic: the same input gives the same bytes in every format', () => {
    const a = explain(exampleManifests('checkpoint-ha-pvc'));
    const b = explain(exampleManifests('checkpoint-ha-pvc'));
    expect(renderMarkdown(a)).toBe(renderMarkdown(b));
    expect(renderHtml(a)).toBe(renderHtml(b));
    expect(renderJson(a)).toBe(renderJson(b));
  });

  test('Mermaid: safe node ids, quoted labels, every edge between declared nodes', () => {
    const md = renderMarkdown(explain([...exampleManifests('session-cluster'), ...exampleManifests('checkpoint-ha-minikube')]));
    const block = /```mermaid\n([\s\S]*?)\n```/.exec(md)![1];
    const lines = block.split('\n');
    expect(lines[0]).toBe('flowchart LR');
    const declared = new Set<string>();
    for (const l of lines) {
      const node = /^ {4}([A-Za-z0-9_]+)(\[\(|\(\[|\[\[|\{\{|\(|\[)"(.*)"(\)\]|\]\)|\]\]|\}\}|\)|\])(:::hidden)?$/.exec(l);
      if (node) {
        declared.add(node[1]);
        expect(node[3]).not.toMatch(/"/);
      }
      const sub = /^ {2}subgraph ([A-Za-z0-9_]+)\["[^"]*"\]$/.exec(l);
      if (sub) declared.add(sub[1]);
    }
    const edges = lines.filter((l) => l.includes('-->'));
    expect(edges.length).toBeGreaterThan(0);
    for (const e of edges) {
      const m = /^ {2}([A-Za-z0-9_]+) -->\|[^|"]+\| ([A-Za-z0-9_]+)$/.exec(e);
      expect(m).not.toBeNull();
      expect(declared.has(m![1])).toBe(true);
      expect(declared.has(m![2])).toBe(true);
    }
    expect(block).toMatch(/class \S*HostPath\S* fragile/);
  });

  test('200 applications: one diagram per namespace, each within what GitHub renders, cards collapsed', () => {
    const manifests: any[] = [];
    for (let i = 0; i < 200; i++) {
      const ns = `team-${i % 8}`;
      manifests.push(app(`job-${i}`, { namespace: ns, config: dirs(`s3://bucket-${i % 8}/job-${i}`) }));
    }
    const r = explain(manifests);
    expect(r.graph.nodes.length).toBeGreaterThan(SPLIT_DIAGRAM_NODES);
    const md = renderMarkdown(r);
    const blocks = md.match(/```mermaid\n[\s\S]*?\n```/g)!;
    expect(blocks).toHaveLength(8);
    for (const b of blocks) {
      expect(b.length).toBeLessThan(50_000);
      expect((b.match(/-->/g) ?? []).length).toBeLessThan(500);
    }
    expect((md.match(/<details>/g) ?? []).length).toBe(200);
    expect((renderHtml(r).match(/<details class="card"/g) ?? []).length).toBe(200);
  });

  test('no Flink resource: a short report that says so', () => {
    const r = explain([pvc('x'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }]);
    expect(r.empty).toBe(true);
    expect(renderMarkdown(r)).toBe('# Flink deployment report\n\nNo Flink resource in the input (2 resources read): nothing to explain.\n');
    expect(renderHtml(r)).not.toContain('<svg');
  });

  test('HTML: one self-contained page with the diagram and no script', () => {
    const html = renderHtml(explain(exampleManifests('session-cluster')));
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<svg id="topology"');
    expect(html).not.toMatch(/<script|\s(src|href)="https?:/);
  });

  test('malformed manifests never throw', () => {
    const junk = [null, 42, 'x', {}, { kind: 'FlinkDeployment' }, { kind: 'FlinkDeployment', apiVersion: 'flink.apache.org/v1beta1', spec: 'oops' },
      { kind: 'FlinkSessionJob', apiVersion: 'flink.apache.org/v1beta1', metadata: { name: 'j' }, spec: { deploymentName: 7 } },
      { kind: 'FlinkStateSnapshot', apiVersion: 'flink.apache.org/v1beta1', metadata: { name: 's' }, spec: { jobReference: 'x' } },
      { kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'd' }, spec: { template: { spec: { containers: [{ image: 'flink-kubernetes-operator:1' }] } } } }];
    const r = explain(junk, { previous: junk });
    expect(() => [renderMarkdown(r), renderHtml(r), renderJson(r)]).not.toThrow();
  });
});
