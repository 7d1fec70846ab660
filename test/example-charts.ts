/** Every example chart of examples/main.ts, for the tests that check each one. */
import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { AdoptSavepointChart } from '../examples/adopt-savepoint';
import { AutoscaledApplicationChart } from '../examples/autoscaled-application';
import { BasicApplicationChart } from '../examples/basic-application';
import { BlueGreenChart } from '../examples/blue-green';
import { CheckpointHaMinikubeChart } from '../examples/checkpoint-ha-minikube';
import { CheckpointHaPvcChart } from '../examples/checkpoint-ha-pvc';
import { ConfluentPlatformChart } from '../examples/confluent-platform';
import { CustomImageChart } from '../examples/custom-image';
import { OperatorInstallChart } from '../examples/operator-install';
import { PythonJobChart } from '../examples/python-job';
import { ReactiveModeChart } from '../examples/reactive-mode';
import { SavepointRedeployChart } from '../examples/savepoint-redeploy';
import { SessionClusterChart } from '../examples/session-cluster';
import { SqlJobChart } from '../examples/sql-job';
import { TlsClusterChart } from '../examples/tls-cluster';
import { TlsSessionClusterChart } from '../examples/tls-session-cluster';

export type ChartClass = new (scope: Construct, id: string) => Chart;

/** Chart id (as in examples/main.ts) and class of every example. */
export const EXAMPLE_CHARTS: Array<[string, ChartClass]> = [
  ['basic-application', BasicApplicationChart],
  ['session-cluster', SessionClusterChart],
  ['checkpoint-ha-pvc', CheckpointHaPvcChart],
  ['checkpoint-ha-minikube', CheckpointHaMinikubeChart],
  ['custom-image', CustomImageChart],
  ['confluent-platform', ConfluentPlatformChart],
  ['savepoint-redeploy', SavepointRedeployChart],
  ['adopt-savepoint', AdoptSavepointChart],
  ['sql-job', SqlJobChart],
  ['python-job', PythonJobChart],
  ['blue-green', BlueGreenChart],
  ['autoscaled-application', AutoscaledApplicationChart],
  ['reactive-mode', ReactiveModeChart],
  ['tls-cluster', TlsClusterChart],
  ['operator-install', OperatorInstallChart],
  ['tls-session-cluster', TlsSessionClusterChart],
];

/** The manifests of one example, synthesized in a fresh app (its warnings not printed). */
export function exampleManifests(id: string): any[] {
  const entry = EXAMPLE_CHARTS.find(([i]) => i === id);
  if (!entry) throw new Error(`no example ${id}`);
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    return Testing.synth(new entry[1](Testing.app(), id));
  } finally {
    warn.mockRestore();
  }
}
