/** Every example app of examples/main.ts, synthesized in a fresh app, for the report tests. */
import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { AdoptSavepointChart } from '../../examples/adopt-savepoint';
import { BasicApplicationChart } from '../../examples/basic-application';
import { CheckpointHaMinikubeChart } from '../../examples/checkpoint-ha-minikube';
import { CheckpointHaPvcChart } from '../../examples/checkpoint-ha-pvc';
import { ConfluentPlatformChart } from '../../examples/confluent-platform';
import { CustomImageChart } from '../../examples/custom-image';
import { PythonJobChart } from '../../examples/python-job';
import { SavepointRedeployChart } from '../../examples/savepoint-redeploy';
import { SessionClusterChart } from '../../examples/session-cluster';
import { SqlJobChart } from '../../examples/sql-job';

type ChartClass = new (scope: Construct, id: string) => Chart;

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
];

/** The manifests of one example. */
export function exampleManifests(id: string): any[] {
  const entry = EXAMPLE_CHARTS.find(([i]) => i === id);
  if (!entry) throw new Error(`no example ${id}`);
  return Testing.synth(new entry[1](Testing.app(), id));
}
