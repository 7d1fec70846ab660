import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Testing } from 'cdk8s';
import { BasicApplicationChart } from '../examples/basic-application';
import { OperatorInstallChart } from '../examples/operator-install';
import { SavepointRedeployChart } from '../examples/savepoint-redeploy';
import { SessionClusterChart } from '../examples/session-cluster';
import { EXAMPLE_CHARTS } from './example-charts';
import { ARGOCD_SNAPSHOT_HEALTH_KEY, ARGOCD_SNAPSHOT_HEALTH_LUA, ARGOCD_SYNC_WAVE_ANNOTATION, GitOps } from '../lib';

const key = (kind: string, name: string) => `${kind}/${name}`;

/** What a manifest refers to by name (read from the YAML, independently of the constructs). */
function referencesOf(m: any): string[] {
  const out: string[] = [];
  const walk = (v: any, k?: string) => {
    if (Array.isArray(v)) { v.forEach((x) => walk(x)); return; }
    if (!v || typeof v !== 'object') return;
    if (k === 'configMap' && typeof v.name === 'string') out.push(key('ConfigMap', v.name));
    if ((k === 'secretRef' || k === 'secretKeyRef') && typeof v.name === 'string') out.push(key('Secret', v.name));
    if (k === 'secret' && typeof v.secretName === 'string') out.push(key('Secret', v.secretName));
    for (const [ck, cv] of Object.entries(v)) {
      if (ck === 'claimName' && typeof cv === 'string') out.push(key('PersistentVolumeClaim', cv));
      else walk(cv, ck);
    }
  };
  if (m.kind === 'RoleBinding') {
    out.push(key('Role', m.roleRef.name));
    for (const s of m.subjects ?? []) out.push(key(s.kind, s.name));
  }
  if (m.kind === 'FlinkDeployment') {
    out.push(key('ServiceAccount', m.spec.serviceAccount));
    walk(m.spec);
  }
  if (m.kind === 'FlinkSessionJob') out.push(key('FlinkDeployment', m.spec.deploymentName));
  if (m.kind === 'FlinkStateSnapshot' && m.spec.jobReference) out.push(key(m.spec.jobReference.kind, m.spec.jobReference.name));
  return out;
}

const waveOf = (m: any) => Number(m.metadata.annotations?.[ARGOCD_SYNC_WAVE_ANNOTATION]);

describe('GitOps.argoCdSyncWaves', () => {
  test.each(EXAMPLE_CHARTS)('example %s: every object has a wave, after everything it refers to and depends on', (id, cls) => {
    const chart = new cls(Testing.app(), id);
    GitOps.argoCdSyncWaves(chart);
    const manifests = Testing.synth(chart);
    const byKey = new Map(manifests.map((m) => [key(m.kind, m.metadata.name), m]));
    let edges = 0;
    for (const m of manifests) {
      expect(Number.isInteger(waveOf(m))).toBe(true);
      for (const ref of referencesOf(m)) {
        const target = byKey.get(ref);
        if (!target) continue; // exists outside the app
        edges++;
        expect([ref, waveOf(target)]).toEqual([ref, expect.any(Number)]);
        expect(waveOf(target)).toBeLessThan(waveOf(m));
      }
    }
    // And every dependency the constructs declare (e.g. a deployment that starts from a snapshot).
    const objects = chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
    for (const obj of objects) {
      for (const dep of obj.node.dependencies.filter((d): d is ApiObject => ApiObject.isApiObject(d))) {
        edges++;
        expect(Number(dep.metadata.toJson().annotations[ARGOCD_SYNC_WAVE_ANNOTATION]))
          .toBeLessThan(Number(obj.metadata.toJson().annotations[ARGOCD_SYNC_WAVE_ANNOTATION]));
      }
    }
    expect(edges).toBeGreaterThan(0);
  });

  test('the stages: storage and RBAC, then clusters, then session jobs, then snapshots', () => {
    const chart = new SessionClusterChart(Testing.app(), 'session-cluster');
    GitOps.argoCdSyncWaves(chart);
    const manifests = Testing.synth(chart);
    const wave = (kind: string) => Math.max(...manifests.filter((m) => m.kind === kind).map(waveOf));
    expect(wave('ServiceAccount')).toBe(0);
    expect(wave('Role')).toBe(0);
    expect(wave('RoleBinding')).toBeLessThan(wave('FlinkDeployment'));
    expect(wave('FlinkDeployment')).toBeLessThan(wave('FlinkSessionJob'));
  });

  test('with the operator in the app: Flink resources after its CRDs, Deployment and webhook', () => {
    const chart = new OperatorInstallChart(Testing.app(), 'operator-install');
    GitOps.argoCdSyncWaves(chart);
    const manifests = Testing.synth(chart);
    const operator = manifests.filter((m) => ['CustomResourceDefinition', 'Deployment', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'].includes(m.kind));
    const flink = manifests.filter((m) => m.apiVersion.startsWith('flink.apache.org/'));
    expect(operator.length).toBeGreaterThanOrEqual(4);
    expect(flink.length).toBeGreaterThan(0);
    expect(Math.min(...flink.map(waveOf))).toBeGreaterThan(Math.max(...operator.map(waveOf)));
    // The operator's own RoleBindings after their Roles and ServiceAccounts.
    const rb = manifests.filter((m) => m.kind === 'RoleBinding');
    for (const b of rb) expect(waveOf(b)).toBeGreaterThan(0);
  });

  test('snapshots come after the job they snapshot', () => {
    const chart = new SavepointRedeployChart(Testing.app(), 'savepoint-redeploy');
    GitOps.argoCdSyncWaves(chart);
    const manifests = Testing.synth(chart);
    const snapshots = manifests.filter((m) => m.kind === 'FlinkStateSnapshot');
    expect(snapshots.length).toBeGreaterThan(0);
    const deployments = manifests.filter((m) => m.kind === 'FlinkDeployment');
    for (const s of snapshots) expect(waveOf(s)).toBeGreaterThan(Math.min(...deployments.map(waveOf)));
  });

  test('off by default, and a wave the user set is kept with its dependents after it', () => {
    expect(Testing.synth(new BasicApplicationChart(Testing.app(), 'basic-application'))
      .every((m) => m.metadata.annotations?.[ARGOCD_SYNC_WAVE_ANNOTATION] === undefined)).toBe(true);
    const chart = new BasicApplicationChart(Testing.app(), 'basic-application');
    const sa = chart.node.findAll().find((c) => ApiObject.isApiObject(c) && c.kind === 'ServiceAccount') as ApiObject;
    sa.metadata.addAnnotation(ARGOCD_SYNC_WAVE_ANNOTATION, '-5');
    GitOps.argoCdSyncWaves(chart);
    GitOps.argoCdSyncWaves(chart); // idempotent
    const manifests = Testing.synth(chart);
    expect(waveOf(manifests.find((m) => m.kind === 'ServiceAccount'))).toBe(-5);
    expect(waveOf(manifests.find((m) => m.kind === 'RoleBinding'))).toBe(1);
  });

  test('docs/gitops.md carries the FlinkStateSnapshot health check verbatim, under its argocd-cm key', () => {
    const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'gitops.md'), 'utf8');
    expect(doc).toContain(`  ${ARGOCD_SNAPSHOT_HEALTH_KEY}: |\n${ARGOCD_SNAPSHOT_HEALTH_LUA.replace(/^(?=.)/gm, '    ')}`);
    for (const state of ['TRIGGER_PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'ABANDONED']) {
      expect(ARGOCD_SNAPSHOT_HEALTH_LUA).toContain(`"${state}"`);
    }
  });
});
