import { Chart, Size, Testing } from 'cdk8s';
import {
  checkSchema, Finding, FlinkServiceAccount, FlinkVersion, JobJar, lintManifests, OperatorVersion, OperatorVersionId, UpgradeMode,
} from '../lib';

/** Synthesizes a chart and returns its manifests. */
export function synth(chart: Chart): any[] {
  return Testing.synth(chart);
}

/** The manifests of one kind. */
export function ofKind(manifests: any[], kind: string): any[] {
  return manifests.filter((m) => m.kind === kind);
}

/** The only manifest of one kind. */
export function only(manifests: any[], kind: string): any {
  const list = ofKind(manifests, kind);
  if (list.length !== 1) throw new Error(`expected one ${kind}, got ${list.length}`);
  return list[0];
}

/** Schema and rule errors of synthesized manifests (warnings ignored). */
export function errorsOf(manifests: any[], operatorVersion: OperatorVersionId, external = {}): Finding[] {
  const out: Finding[] = [];
  manifests.forEach((m, i) => out.push(...checkSchema(m, operatorVersion, i)));
  out.push(...lintManifests(manifests, { mode: 'synth', operatorVersion, external }));
  return out.filter((f) => f.severity === 'error');
}

/** Catches the error of `fn` and returns its message. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

/** A plain object (not an array, not null). */
export function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The operator's default pod-template merge, written independently of lib/validation/pods.ts so
 * tests check the library against it: component over common, objects recursively, lists by position.
 */
export function mergeByPosition(base: any, over: any): any {
  if (over === undefined || over === null) return base;
  if (base === undefined || base === null) return over;
  if (Array.isArray(base) && Array.isArray(over)) {
    return Array.from({ length: Math.max(base.length, over.length) }, (_, i) => mergeByPosition(base[i], over[i]));
  }
  if (isObject(base) && isObject(over)) {
    const out: Record<string, any> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = mergeByPosition(base[k], v);
    return out;
  }
  return over;
}

/**
 * A small valid FlinkDeployment (operator 1.15 `resource` form, a stateless job) for lint tests:
 * `spec` fields are laid over its spec (`job: undefined` for a session cluster), `metadata` over its metadata.
 */
export function smallDeployment(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): any {
  return {
    apiVersion: 'flink.apache.org/v1beta1',
    kind: 'FlinkDeployment',
    metadata: { name: 'app', ...metadata },
    spec: {
      image: 'flink:1.20',
      flinkVersion: 'v1_20',
      serviceAccount: 'flink',
      jobManager: { resource: { memory: '2048m', cpu: 1 } },
      taskManager: { resource: { memory: '2048m', cpu: 1 } },
      job: { jarURI: 'local:///opt/flink/usrlib/app.jar', parallelism: 2, upgradeMode: 'stateless' },
      ...spec,
    },
  };
}

/**
 * The cluster of the operator's TLS examples (basic-secure): Flink 2.2 on operator main, the Helm
 * chart's `flink` service account, 2 GiB per pod, two task slots.
 */
export function tlsExampleCluster(chart: Chart) {
  return {
    version: FlinkVersion.V2_2,
    operatorVersion: OperatorVersion.MAIN,
    image: 'flink:2.2',
    serviceAccount: FlinkServiceAccount.fromName(chart, 'flink-sa', 'flink'),
    jobManager: { cpu: 1, memory: Size.mebibytes(2048) },
    taskManager: { cpu: 1, memory: Size.mebibytes(2048), taskSlots: 2 },
  };
}

/** The job of the operator's TLS example deployments: the image's StateMachineExample, stateless. */
export const TLS_EXAMPLE_JOB = {
  jar: JobJar.fromImage('/opt/flink/examples/streaming/StateMachineExample.jar'),
  parallelism: 2,
  upgradeMode: UpgradeMode.STATELESS,
};
