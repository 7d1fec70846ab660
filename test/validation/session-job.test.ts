/**
 * Conformance tests of the operator's FlinkSessionJob rules (S1, S2, S4-S12), the target-cluster
 * check, and edge cases T20 (jar URIs) and T22 (session jobs) of operator-rules.md §2.5.
 */
import { lintManifests } from '../../lib/validation';
import { parseUri, restrictedHost } from '../../lib/validation/rules/session-job';
import { NS, deployment, ids, idsOf, lint, sessionCluster, sessionJob } from './operator-fixtures';

const withJar = (jarURI: string | null) => sessionJob((s) => { s.spec.job.jarURI = jarURI; });
/** The session job's findings, linted together with its cluster. */
const jobIds = (job: any, options = {}, cluster: any = sessionCluster()) => idsOf(job, options, [cluster]);

describe('S1 session-job-deployment-name-invalid', () => {
  test('an invalid or missing deploymentName fails', () => {
    expect(jobIds(sessionJob((s) => { s.spec.deploymentName = 'Test.Cluster'; }))).toEqual(['session-job-deployment-name-invalid:S1']);
    const f = lint([sessionCluster(), sessionJob((s) => { delete s.spec.deploymentName; })]).filter((x) => x.index === 1);
    expect(ids(f)).toEqual(['session-job-deployment-name-invalid:S1']);
    expect(f[0].path).toBe('spec.deploymentName');
  });
  test('a valid name passes', () => {
    expect(jobIds(sessionJob())).toEqual([]);
  });
});

describe('S2 session-job-spec-missing', () => {
  test('no job spec fails, and nothing else is made up', () => {
    expect(jobIds(sessionJob((s) => { delete s.spec.job; }))).toEqual(['session-job-spec-missing:S2']);
  });
  test('no spec at all reports S1 and S2', () => {
    expect(jobIds({ apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkSessionJob', metadata: { name: 'j', namespace: NS } }))
      .toEqual(['session-job-deployment-name-invalid:S1', 'session-job-spec-missing:S2']);
  });
});

describe('S4-S7 jar URIs (T20)', () => {
  test('https URL and null are valid', () => {
    expect(jobIds(withJar('https://example.com/path/to/job.jar'))).toEqual([]);
    expect(jobIds(withJar(null))).toEqual([]);
  });
  test.each(['http://example.com/job.jar', 'file:///opt/job.jar', 's3://bucket/job.jar', 'local:///opt/flink/job.jar'])(
    '%s is not in the default allowlist (S6)', (uri) => {
      expect(jobIds(withJar(uri))).toEqual(['jar-uri-scheme-not-allowed:S6']);
    });
  test('no scheme -> S5', () => {
    expect(jobIds(withJar('/no/scheme/job.jar'))).toEqual(['jar-uri-no-scheme:S5']);
  });
  test.each(['ht tp://bad uri', 'https://example.com/a b.jar', 'https://example.com/%zz.jar', '1http://x/y', 'https:', 'https://'])(
    '%s is not a URI (S4)', (uri) => {
      const f = lint([sessionCluster(), withJar(uri)]).filter((x) => x.index === 1);
      expect(ids(f)).toEqual(['jar-uri-invalid:S4']);
      expect(f[0].path).toBe('spec.job.jarURI');
      expect(f[0].message).toContain(JSON.stringify(uri));
    });
  test('the allowlist option is honoured, case-insensitively', () => {
    expect(jobIds(withJar('S3://bucket/job.jar'), { allowedJarSchemes: ['https', 's3'] })).toEqual([]);
    expect(jobIds(withJar('s3://bucket/job.jar'), { allowedJarSchemes: ['HTTPS', 'S3'] })).toEqual([]);
    expect(jobIds(withJar('HTTPS://example.com/job.jar'))).toEqual([]);
  });
  test.each([
    'https://169.254.169.254/latest/meta-data',
    'https://127.0.0.1/job.jar',
    'https://localhost/job.jar',
    'https://LOCALHOST:8443/job.jar',
    'https://repo.localhost/job.jar',
    'https://10.0.0.1/job.jar',
    'https://192.168.1.1/job.jar',
    'https://172.16.0.1/job.jar',
    'https://172.31.255.255/job.jar',
    'https://0.0.0.0/job.jar',
    'https://224.0.0.1/job.jar',
    'https://[::1]/job.jar',
    'https://[::]/job.jar',
    'https://[fe80::1%25eth0]/job.jar',
    'https://[fd12:3456::1]/job.jar',
    'https://[ff02::1]/job.jar',
    'https://[::ffff:127.0.0.1]/job.jar',
    'https://user@127.0.0.1:8080/job.jar',
  ])('%s is a restricted host (S7)', (uri) => {
    expect(jobIds(withJar(uri))).toEqual(['jar-uri-restricted-host:S7']);
  });
  test.each([
    'https://172.32.0.1/job.jar', 'https://11.0.0.1/job.jar', 'https://[2001:db8::1]/job.jar', 'https://localhost.example.com/job.jar',
    'https://169.253.1.1/job.jar', 'https://240.0.0.1/job.jar',
  ])('%s is not restricted', (uri) => {
    expect(jobIds(withJar(uri))).toEqual([]);
  });
  test('restricted hosts are allowed when the check is off', () => {
    expect(jobIds(withJar('https://127.0.0.1/job.jar'), { disallowRestrictedHosts: false })).toEqual([]);
    expect(jobIds(withJar('https:///job.jar'), { disallowRestrictedHosts: false })).toEqual([]);
  });
  test.each(['https:///job.jar', 'https://my_host/job.jar', 'https://example.com:port/job.jar', 'https:opaque'])(
    '%s has no host (S7)', (uri) => {
      expect(jobIds(withJar(uri))).toEqual(['jar-uri-no-host:S7']);
    });
  test('http to a loopback host reports both the scheme and the host', () => {
    expect(jobIds(withJar('http://localhost/job.jar'))).toEqual(['jar-uri-scheme-not-allowed:S6', 'jar-uri-restricted-host:S7']);
  });
  test('restricted-host checks only apply to http/https', () => {
    expect(jobIds(withJar('s3://127.0.0.1/job.jar'), { allowedJarSchemes: ['s3'] })).toEqual([]);
  });
  test('a CR-level allowed-schemes is ignored, and flagged as operator-only by the full rule set', () => {
    const job = sessionJob((s) => {
      s.spec.job.jarURI = 'file:///opt/job.jar';
      s.spec.flinkConfiguration = { 'kubernetes.operator.user.artifacts.allowed-schemes': 'https;file' };
    });
    expect(jobIds(job)).toEqual(['jar-uri-scheme-not-allowed:S6']);
    const all = lintManifests([sessionCluster(), job], { operatorVersion: 'main' }).filter((f) => f.index === 1);
    expect(all.map((f) => `${f.rule}/${f.severity}`)).toEqual(expect.arrayContaining(['operator-only-config-key/warning', 'jar-uri-scheme-not-allowed/error']));
  });
  test('URI helpers', () => {
    expect(parseUri('https://Example.COM:443/x')).toEqual({ scheme: 'https', host: 'example.com' });
    expect(parseUri('/x').scheme).toBeUndefined();
    expect(restrictedHost('[::1]')).toContain('loopback');
    expect(restrictedHost('example.com')).toBeUndefined();
  });
});

describe('target session cluster: session-cluster-not-found, S8 session-job-targets-application (T22)', () => {
  test('T22: a job targeting a missing cluster: error at synth, warning when linting', () => {
    const job = sessionJob((s) => { s.spec.deploymentName = 'not-match'; });
    const synth = lint([sessionCluster(), job], { mode: 'synth' }).filter((f) => f.index === 1);
    expect(synth.map((f) => `${f.rule}/${f.severity}`)).toEqual(['session-cluster-not-found/error']);
    expect(synth[0].ref).toBe('');
    expect(synth[0].message).toContain('"not-match"');
    const linted = lint([sessionCluster(), job], { mode: 'lint' }).filter((f) => f.index === 1);
    expect(linted.map((f) => `${f.rule}/${f.severity}`)).toEqual(['session-cluster-not-found/warning']);
  });
  test('declared external clusters are fine, by name or ns/name', () => {
    expect(idsOf(sessionJob(), { mode: 'synth', external: { sessionClusters: ['test-cluster'] } })).toEqual([]);
    expect(idsOf(sessionJob(), { mode: 'synth', external: { sessionClusters: [`${NS}/test-cluster`] } })).toEqual([]);
    expect(idsOf(sessionJob(), { mode: 'synth', external: { sessionClusters: ['other-ns/test-cluster'] } })).toEqual(['session-cluster-not-found']);
  });
  test('the cluster must be in the same namespace', () => {
    const elsewhere = sessionCluster((d) => { d.metadata.namespace = 'other'; });
    expect(idsOf(sessionJob(), { mode: 'synth' }, [elsewhere])).toEqual(['session-cluster-not-found']);
  });
  test('an unset namespace and "default" are the same namespace', () => {
    const cluster = sessionCluster((d) => { delete d.metadata.namespace; });
    expect(idsOf(sessionJob((s) => { s.metadata.namespace = 'default'; }), { mode: 'synth' }, [cluster])).toEqual([]);
  });
  test('T22: targeting an application cluster -> S8', () => {
    const f = lint([deployment(), sessionJob()]).filter((x) => x.index === 1);
    expect(ids(f)).toEqual(['session-job-targets-application:S8']);
    expect(f[0].path).toBe('spec.deploymentName');
  });
  test('the cluster may come after the job in the input', () => {
    expect(ids(lint([sessionJob(), sessionCluster()], { mode: 'synth' }))).toEqual([]);
  });
});

describe('S10 job-state directories on the merged config (T22)', () => {
  const noDirs = (d: any) => {
    delete d.spec.flinkConfiguration['execution.checkpointing.dir'];
    delete d.spec.flinkConfiguration['execution.checkpointing.savepoint-dir'];
  };
  test('T22: last-state job is valid when the cluster config has a checkpoint dir', () => {
    expect(jobIds(sessionJob((s) => { s.spec.job.upgradeMode = 'last-state'; }))).toEqual([]);
  });
  test('T22: periodic savepoints on the job are valid when the cluster has a savepoint dir', () => {
    expect(jobIds(sessionJob((s) => {
      s.spec.flinkConfiguration = {
        'kubernetes.operator.periodic.savepoint.interval': '1h',
        'kubernetes.operator.user.artifacts.http.header': 'Authorization:Bearer x',
      };
    }))).toEqual([]);
  });
  test('T22: savepoint mode is valid when the dirs come only from the job\'s own config', () => {
    const job = sessionJob((s) => {
      s.spec.job.upgradeMode = 'savepoint';
      s.spec.flinkConfiguration = { 'execution.checkpointing.dir': 's3://b/cp', 'execution.checkpointing.savepoint-dir': 's3://b/sp' };
    });
    expect(jobIds(job, {}, sessionCluster(noDirs))).toEqual([]);
  });
  test('missing dirs on both -> errors with ref S10', () => {
    const job = sessionJob((s) => { s.spec.job.upgradeMode = 'savepoint'; });
    const f = lint([sessionCluster(noDirs), job]).filter((x) => x.index === 1);
    expect(f.map((x) => `${x.rule}:${x.ref}/${x.severity}`)).toEqual(['checkpoint-dir-required:S10/error', 'savepoint-dir-required:S10/error']);
    expect(f[0].path).toBe("spec.flinkConfiguration['execution.checkpointing.dir']");
  });
  test('a blank job value overrides the cluster\'s dir', () => {
    const job = sessionJob((s) => { s.spec.job.upgradeMode = 'last-state'; s.spec.flinkConfiguration = { 'execution.checkpointing.dir': '' }; });
    expect(jobIds(job)).toEqual(['checkpoint-dir-required:S10']);
  });
  test('the fix names the key the cluster\'s Flink version reads', () => {
    const f = lint([sessionCluster((d) => { noDirs(d); d.spec.flinkVersion = 'v1_18'; }), sessionJob((s) => { s.spec.job.upgradeMode = 'last-state'; })])
      .filter((x) => x.index === 1);
    expect(f[0].fix).toContain("'state.checkpoints.dir'");
  });
  test('cluster unknown: what the cluster could set is a warning naming the key', () => {
    const job = sessionJob((s) => { s.spec.job.upgradeMode = 'savepoint'; });
    const f = lint([job], { mode: 'synth', external: { sessionClusters: ['test-cluster'] } });
    expect(f.map((x) => `${x.rule}:${x.ref}/${x.severity}`)).toEqual(['checkpoint-dir-required:S10/warning', 'savepoint-dir-required:S10/warning']);
    expect(f[0].message).toContain('must set execution.checkpointing.dir');
    expect(lint([sessionJob((s) => {
      s.spec.job.upgradeMode = 'savepoint';
      s.spec.flinkConfiguration = { 'state.checkpoints.dir': 's3://b/cp', 'state.savepoints.dir': 's3://b/sp' };
    })], { mode: 'synth', external: { sessionClusters: ['test-cluster'] } })).toEqual([]);
  });
});

describe('S11 parallelism-invalid', () => {
  test('parallelism 0 or missing fails, 1 passes; no replicas escape', () => {
    expect(jobIds(sessionJob((s) => { s.spec.job.parallelism = 0; }))).toEqual(['parallelism-invalid:S11']);
    expect(jobIds(sessionJob((s) => { delete s.spec.job.parallelism; }), {}, sessionCluster((d) => { d.spec.taskManager.replicas = 2; })))
      .toEqual(['parallelism-invalid:S11']);
    expect(jobIds(sessionJob((s) => { s.spec.job.parallelism = 1; }))).toEqual([]);
  });
  test('checked even when the cluster is not in the input', () => {
    expect(idsOf(sessionJob((s) => { s.spec.job.parallelism = 0; }), { external: { sessionClusters: ['test-cluster'] } }))
      .toEqual(['parallelism-invalid:S11']);
  });
});

describe('S12 autoscaler checks on the merged config', () => {
  test('enabled on the cluster, bad value on the job', () => {
    const cluster = sessionCluster((d) => { d.spec.flinkConfiguration['job.autoscaler.enabled'] = 'true'; });
    const job = sessionJob((s) => { s.spec.flinkConfiguration = { 'job.autoscaler.scale-down.max-factor': '-0.1' }; });
    const f = lint([cluster, job]);
    expect(f.map((x) => `${x.index}:${x.rule}:${x.ref}`)).toEqual(['1:autoscaler-option-out-of-range:A1']);
    expect(f[0].path).toBe("spec.flinkConfiguration['job.autoscaler.scale-down.max-factor']");
  });
  test('enabled on the job, bad value inherited from the cluster', () => {
    const cluster = sessionCluster((d) => { d.spec.flinkConfiguration['job.autoscaler.utilization.target'] = '1.5'; });
    const job = sessionJob((s) => { s.spec.flinkConfiguration = { 'job.autoscaler.enabled': 'true' }; });
    const f = lint([cluster, job]);
    expect(f.map((x) => `${x.index}:${x.rule}:${x.ref}`)).toEqual(['1:autoscaler-option-out-of-range:A3']);
    expect(f[0].message).toContain('set on session cluster "test-cluster"');
  });
  test('what the cluster reports itself is not repeated on its jobs', () => {
    const cluster = sessionCluster((d) => {
      d.spec.flinkConfiguration['job.autoscaler.enabled'] = 'true';
      d.spec.flinkConfiguration['job.autoscaler.utilization.target'] = '1.5';
    });
    expect(lint([cluster, sessionJob()]).map((x) => `${x.index}:${x.rule}:${x.ref}`)).toEqual(['0:autoscaler-option-out-of-range:A3']);
  });
  test('R32 uses the job\'s own reconcile interval over the cluster\'s', () => {
    const cluster = sessionCluster((d) => {
      d.spec.flinkConfiguration['job.autoscaler.enabled'] = 'true';
      d.spec.flinkConfiguration['job.autoscaler.metrics.window'] = '30 s';
      d.spec.flinkConfiguration['kubernetes.operator.reconcile.interval'] = '15 s';
    });
    expect(lint([cluster, sessionJob()])).toEqual([]);
    const job = sessionJob((s) => { s.spec.flinkConfiguration = { 'kubernetes.operator.reconcile.interval': '1 min' }; });
    expect(lint([cluster, job]).map((x) => `${x.index}:${x.rule}:${x.ref}`)).toEqual(['1:autoscaler-metrics-window-too-small:R32']);
  });
});
