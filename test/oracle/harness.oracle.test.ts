/**
 * The oracle harness itself, against an operator release that Maven Central serves (1.7.0, older
 * than any release our rules model): it must build, deserialize with the operator's classes, report
 * a manifest those classes refuse as a deserialization error (never as a verdict), find a session
 * job's cluster and a snapshot's target in the same world, and answer in order.
 */
import { baselineDeployment } from './arbitraries';
import { buildOracle, OracleProcess } from './operator-oracle';

const HARNESS_RELEASE = process.env.ORACLE_HARNESS_RELEASE ?? '1.7.0';

const on117 = (d: any) => ({ ...d, spec: { ...d.spec, image: 'flink:1.17', flinkVersion: 'v1_17' } });
const sessionJob = (deploymentName: string) => ({
  apiVersion: 'flink.apache.org/v1beta1',
  kind: 'FlinkSessionJob',
  metadata: { name: 'job' },
  spec: { deploymentName, job: { jarURI: 'https://8.8.8.8/job.jar', parallelism: 1 } },
});

describe(`oracle harness (operator ${HARNESS_RELEASE})`, () => {
  const build = buildOracle(HARNESS_RELEASE);
  if (!build.ok && build.skip) {
    // eslint-disable-next-line no-console
    console.warn(`SKIP oracle harness on operator ${HARNESS_RELEASE}: ${build.reason}`);
    test.skip(`skipped: ${build.reason}`, () => undefined);
    return;
  }

  test('judges, refuses undeserializable input as such, and links session jobs to their clusters', async () => {
    if (!build.ok) throw new Error(build.reason);
    const proc = new OracleProcess(build.classpath);
    try {
      const valid = on117(baselineDeployment('app', true));
      const [ok, badName, badType, jobAlone, jobOnApp, jobOnSession, other] = await Promise.all([
        proc.judge([valid]),
        proc.judge([{ ...valid, metadata: { name: 'my.app' } }]),
        proc.judge([{ ...valid, spec: { ...valid.spec, job: { ...valid.spec.job, parallelism: 'two' } } }]),
        proc.judge([sessionJob('session')]),
        proc.judge([on117(baselineDeployment('session', true)), sessionJob('session')]),
        proc.judge([on117(baselineDeployment('session', false)), sessionJob('session')]),
        proc.judge([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }]),
      ]);
      expect(ok).toEqual([{ index: 0, kind: 'FlinkDeployment', name: 'app', verdict: 'accepted', message: '' }]);
      expect(badName[0].verdict).toBe('rejected');
      expect(badName[0].message).toMatch(/The FlinkDeployment name: my\.app is invalid/);
      expect(badType[0].verdict).toBe('deserialization-error');
      expect(badType[0].message).toMatch(/parallelism/);
      expect(jobAlone[0].verdict).toBe('accepted'); // no cluster in the world: only S1-S7 run
      expect(jobOnApp.map((v) => v.verdict)).toEqual(['accepted', 'rejected']);
      expect(jobOnApp[1].message).toMatch(/Can not submit session job to application cluster/);
      expect(jobOnSession.map((v) => v.verdict)).toEqual(['accepted', 'accepted']);
      expect(other[0].verdict).toBe('not-validated');
    } finally {
      await proc.close();
    }
  }, 600_000);
});
