/**
 * Flink resources of an app with a FlinkOperator are checked against that operator: the namespace
 * it watches, its job ServiceAccount, its allowed jar schemes, its configuration (R32).
 */
import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import {
  FlinkApplication, FlinkApplicationProps, FlinkOperator, FlinkOperatorProps, FlinkSessionCluster, FlinkVersion, JobJar,
  lintManifests, SessionJob, UpgradeMode,
} from '../../lib';
import { errorOf } from '../helpers';

const appProps = (over: Partial<FlinkApplicationProps> = {}): FlinkApplicationProps => ({
  version: FlinkVersion.V1_20, image: 'flink:1.20', jar: JobJar.fromImage('/opt/flink/usrlib/orders.jar'),
  upgradeMode: UpgradeMode.STATELESS, ...over,
});

/** An app with an operator chart (namespace flink-operator) and a jobs chart in `jobsNamespace`. */
function setup(operator: FlinkOperatorProps, jobsNamespace?: string): { app: App; jobs: Chart } {
  const app = Testing.app();
  const ops = new Chart(app, 'operator', { namespace: 'flink-operator' });
  new FlinkOperator(ops, 'operator', operator);
  const jobs = new Chart(app, 'jobs', jobsNamespace ? { namespace: jobsNamespace } : {});
  return { app, jobs };
}

const kinds = (docs: any[], kind: string) => docs.filter((d) => d.kind === kind);

describe('jobs know their operator', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => { warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined); });
  afterEach(() => warn.mockRestore());

  test('a deployment in a watched namespace runs as the operator\'s job ServiceAccount, with no warning', () => {
    const { jobs } = setup({ watchNamespaces: ['streaming'] }, 'streaming');
    const orders = new FlinkApplication(jobs, 'orders', appProps());
    expect(orders.serviceAccount.serviceAccountName).toBe('flink');
    const docs = Testing.synth(jobs);
    expect(kinds(docs, 'FlinkDeployment')[0].spec.serviceAccount).toBe('flink');
    // No ServiceAccount, Role or RoleBinding of its own.
    expect(kinds(docs, 'ServiceAccount')).toHaveLength(0);
    expect(kinds(docs, 'Role')).toHaveLength(0);
    expect(warn).not.toHaveBeenCalled();
  });

  test('without an operator, a deployment still gets its own ServiceAccount', () => {
    const chart = new Chart(Testing.app(), 'jobs', { namespace: 'streaming' });
    const orders = new FlinkApplication(chart, 'orders', appProps());
    expect(orders.serviceAccount.serviceAccountName).not.toBe('flink');
    expect(kinds(Testing.synth(chart), 'ServiceAccount')).toHaveLength(1);
  });

  test('a cluster-wide operator has its job ServiceAccount only in its own namespace', () => {
    const elsewhere = setup({}, 'streaming');
    expect(new FlinkApplication(elsewhere.jobs, 'orders', appProps()).serviceAccount.serviceAccountName).not.toBe('flink');
    expect(() => Testing.synth(elsewhere.jobs)).not.toThrow();
    const same = setup({}, 'flink-operator');
    expect(new FlinkApplication(same.jobs, 'orders', appProps()).serviceAccount.serviceAccountName).toBe('flink');
    expect(() => Testing.synth(same.jobs)).not.toThrow();
  });

  test('a resource in a namespace no operator watches fails synth', () => {
    const { jobs } = setup({ watchNamespaces: ['streaming'] }, 'batch');
    new FlinkApplication(jobs, 'orders', appProps());
    expect(errorOf(() => Testing.synth(jobs))).toMatch(
      /\[jobs\/orders\] \(namespace-not-watched\) FlinkDeployment 'jobs-orders-[a-z0-9]+' is in namespace 'batch', which no FlinkOperator of the app watches \(operator\/operator watches streaming\).*Fix: Move it to a watched namespace \(streaming\) or add 'batch' to the watchNamespaces of a FlinkOperator\./);
  });

  test('a resource without a namespace fails synth when every operator is namespace-scoped', () => {
    const { jobs } = setup({ watchNamespaces: ['streaming'] });
    new FlinkApplication(jobs, 'orders', appProps());
    expect(errorOf(() => Testing.synth(jobs))).toMatch(/\(namespace-not-watched\) FlinkDeployment '[^']+' has no namespace.*Fix: Set the chart's namespace/);
  });

  test('session-job jar schemes come from the operator\'s configuration', () => {
    const s3 = 's3://jobs/top-speed.jar';
    const strict = setup({ watchNamespaces: ['streaming'] }, 'streaming');
    const cluster = new FlinkSessionCluster(strict.jobs, 'sessions', { version: FlinkVersion.V1_20, image: 'flink:1.20', jobManager: { memory: Size.gibibytes(2) }, taskManager: { memory: Size.gibibytes(2) } });
    new SessionJob(strict.jobs, 'job', { cluster, jar: JobJar.fromUrl(s3), upgradeMode: UpgradeMode.STATELESS, parallelism: 2 });
    expect(errorOf(() => Testing.synth(strict.jobs))).toContain('(jar-uri-scheme-not-allowed)');

    const open = setup({ watchNamespaces: ['streaming'], allowedJarSchemes: ['https', 's3'] }, 'streaming');
    const cluster2 = new FlinkSessionCluster(open.jobs, 'sessions', { version: FlinkVersion.V1_20, image: 'flink:1.20', jobManager: { memory: Size.gibibytes(2) }, taskManager: { memory: Size.gibibytes(2) } });
    new SessionJob(open.jobs, 'job', { cluster: cluster2, jar: JobJar.fromUrl(s3), upgradeMode: UpgradeMode.STATELESS, parallelism: 2 });
    expect(() => Testing.synth(open.jobs)).not.toThrow();
  });

  test('several operators shard by namespace; each resource is checked against its own', () => {
    const app = Testing.app();
    const ops = new Chart(app, 'operators', { namespace: 'flink-operator' });
    new FlinkOperator(ops, 'open', { namespace: 'op-open', watchNamespaces: ['lake'], allowedJarSchemes: ['https', 's3'] });
    new FlinkOperator(ops, 'strict', { namespace: 'op-strict', watchNamespaces: ['web'] });
    const jobIn = (ns: string) => {
      const chart = new Chart(app, ns, { namespace: ns });
      const cluster = new FlinkSessionCluster(chart, 'sessions', { version: FlinkVersion.V1_20, image: 'flink:1.20', jobManager: { memory: Size.gibibytes(2) }, taskManager: { memory: Size.gibibytes(2) } });
      new SessionJob(chart, 'job', { cluster, jar: JobJar.fromUrl('s3://jobs/job.jar'), upgradeMode: UpgradeMode.STATELESS, parallelism: 2 });
      return chart;
    };
    jobIn('lake');
    const web = jobIn('web');
    const message = errorOf(() => Testing.synth(web));
    expect(message).toMatch(/\[web\/job\] \(jar-uri-scheme-not-allowed\)/);
    expect(message).not.toContain('[lake/');
  });

  test('R32 reads the reconcile interval from the operator configuration, merged under the resource\'s', () => {
    const deployment = {
      apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkDeployment', metadata: { name: 'orders', namespace: 'streaming' },
      spec: {
        flinkVersion: 'v1_20', image: 'flink:1.20', serviceAccount: 'flink',
        flinkConfiguration: { 'job.autoscaler.enabled': 'true', 'job.autoscaler.metrics.window': '2 min' },
        jobManager: { resource: { memory: '2g', cpu: 1 } }, taskManager: { resource: { memory: '2g', cpu: 1 } },
        job: { jarURI: 'local:///opt/flink/usrlib/orders.jar', upgradeMode: 'stateless' },
      },
    };
    const r32 = (operatorConfiguration?: Record<string, string>) =>
      lintManifests([deployment], { operatorVersion: 'main', ...(operatorConfiguration ? { operatorConfiguration } : {}) })
        .filter((f) => f.ref === 'R32');
    expect(r32()).toHaveLength(0); // 2 min window, 60 s default interval
    expect(r32({ 'kubernetes.operator.reconcile.interval': '5 min' })).toHaveLength(1);
    expect(r32({ 'kubernetes.operator.reconcile.interval': '15 s' })).toHaveLength(0);
  });

  test('namespace-not-watched, as a lint rule: only with operators given, and only for Flink resources', () => {
    const manifests = [
      { apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkSessionJob', metadata: { name: 'a', namespace: 'web' }, spec: { deploymentName: 's', job: { jarURI: 'https://x/y.jar', upgradeMode: 'stateless' } } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'web' } },
    ];
    const ids = (operators?: any[]) => lintManifests(manifests, { ...(operators ? { operators } : {}) })
      .filter((f) => f.rule === 'namespace-not-watched').map((f) => `${f.kind}/${f.name}`);
    expect(ids()).toEqual([]);
    expect(ids([{ label: 'ops', namespace: 'ops', watchNamespaces: ['lake'] }])).toEqual(['FlinkSessionJob/a']);
    expect(ids([{ label: 'ops', namespace: 'ops', watchNamespaces: ['lake', 'web'] }])).toEqual([]);
    expect(ids([{ label: 'ops', namespace: 'ops' }])).toEqual([]);
  });
});

describe('the operator configuration is merged under each deployment\'s, as the operator validates', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => { warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined); });
  afterEach(() => warn.mockRestore());

  const job = (config: Record<string, string>) => ({
    apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkDeployment', metadata: { name: 'orders', namespace: 'streaming' },
    spec: {
      flinkVersion: 'v1_20', image: 'flink:1.20', serviceAccount: 'flink', flinkConfiguration: config,
      jobManager: { resource: { memory: '2g', cpu: 1 } }, taskManager: { resource: { memory: '2g', cpu: 1 } },
      job: { jarURI: 'local:///opt/flink/usrlib/orders.jar', upgradeMode: 'stateless' },
    },
  });
  const rules = (config: Record<string, string>, operatorConfiguration?: Record<string, string>) =>
    lintManifests([job(config)], { ...(operatorConfiguration ? { operatorConfiguration } : {}) }).map((f) => `${f.rule}/${f.ref}`);

  test('a periodic savepoint interval of the operator needs a savepoint directory in every deployment (R14)', () => {
    expect(rules({})).not.toContain('savepoint-dir-required/R14');
    expect(rules({}, { 'kubernetes.operator.periodic.savepoint.interval': '6 h' })).toContain('savepoint-dir-required/R14');
    expect(rules({ 'execution.checkpointing.savepoint-dir': 's3://b/sp' }, { 'kubernetes.operator.periodic.savepoint.interval': '6 h' }))
      .not.toContain('savepoint-dir-required/R14');
  });

  test('a savepoint directory in the operator configuration counts for every deployment', () => {
    expect(rules({ 'kubernetes.operator.periodic.savepoint.interval': '6 h' })).toContain('savepoint-dir-required/R14');
    expect(rules({ 'kubernetes.operator.periodic.savepoint.interval': '6 h' }, { 'execution.checkpointing.savepoint-dir': 's3://b/sp' }))
      .not.toContain('savepoint-dir-required/R14');
  });

  test('through the construct: FlinkOperator periodicSavepointInterval reaches the deployments it watches', () => {
    const app = Testing.app();
    new FlinkOperator(new Chart(app, 'ops', { namespace: 'flink-operator' }), 'operator', {
      watchNamespaces: ['streaming'], periodicSavepointInterval: Duration.hours(6),
    });
    const jobs = new Chart(app, 'jobs', { namespace: 'streaming' });
    new FlinkApplication(jobs, 'orders', appProps());
    expect(errorOf(() => Testing.synth(jobs))).toMatch(/\[jobs\/orders\] \(savepoint-dir-required\) kubernetes\.operator\.periodic\.savepoint\.interval is set/);
  });
});
