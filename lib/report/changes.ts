/**
 * What applying the new manifests over the previous ones does: resources added and removed, the
 * spec fields that change, whether a running job restarts, and whether its state is safe (the
 * upgrade rules' verdict, or the upgrade mode's when no rule objects).
 */
import { UPGRADE_RULES } from '../validation/rules/upgrade';
import { flattenConfig } from '../validation/flatten';
import { Finding } from '../validation/types';
import { isObject } from '../validation/values';
import { Change } from './model';

const UPGRADE_IDS = new Set(UPGRADE_RULES.map((r) => r.id));
const JOB_KINDS = new Set(['FlinkDeployment', 'FlinkSessionJob', 'FlinkBlueGreenDeployment', 'FlinkApplication']);

/** Spec fields whose change the operator applies without restarting the job. */
const NO_RESTART = [
  /^spec\.job\.savepointTriggerNonce$/, /^spec\.job\.checkpointTriggerNonce$/, /^spec\.job\.initialSavepointPath$/,
  /^spec\.job\.autoscalerResetNonce$/, /^spec\.job\.state$/,
  /^spec\.flinkConfiguration\['(kubernetes\.operator\.|job\.autoscaler\.|parallelism\.default')/,
];

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const keyOf = (m: any) => `${m.kind}\u0000${m.metadata?.namespace ?? ''}\u0000${m.metadata?.name ?? ''}`;

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/** The changed fields of two specs: flinkConfiguration per key, `job` per field, the rest per top-level field. */
function changedFields(prev: any, next: any, base: string): string[] {
  const a = isObject(prev) ? prev : {};
  const b = isObject(next) ? next : {};
  const out: string[] = [];
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(cmp)) {
    if (canonical(a[k]) === canonical(b[k])) continue;
    if (k === 'flinkConfiguration') {
      const fa = flattenConfig(a[k], '').config;
      const fb = flattenConfig(b[k], '').config;
      for (const key of [...new Set([...Object.keys(fa), ...Object.keys(fb)])].sort(cmp)) {
        if (fa[key] !== fb[key]) out.push(`${base}.flinkConfiguration['${key}']`);
      }
    } else if (k === 'job' || k === 'template') {
      out.push(...changedFields(a[k], b[k], `${base}.${k}`));
    } else {
      out.push(`${base}.${k}`);
    }
  }
  return out;
}

function jobOf(m: any): any {
  const spec = isObject(m?.spec) ? m.spec : {};
  if (m?.kind === 'FlinkBlueGreenDeployment') return spec.template?.spec?.job;
  return spec.job;
}

/** Describes every change from `previous` to `manifests`, sorted by kind, namespace and name. */
export function describeChanges(manifests: readonly any[], previous: readonly any[], findings: readonly Finding[]): Change[] {
  const now = new Map<string, any>();
  const before = new Map<string, any>();
  for (const m of manifests) if (isObject(m)) now.set(keyOf(m), m);
  for (const m of previous) if (isObject(m)) before.set(keyOf(m), m);
  const indexOf = new Map<any, number>();
  manifests.forEach((m, i) => indexOf.set(m, i));
  const out: Change[] = [];
  const ident = (m: any) => ({ kind: String(m.kind ?? ''), name: String(m.metadata?.name ?? ''), namespace: String(m.metadata?.namespace ?? '') });

  for (const [k, m] of now) {
    const prev = before.get(k);
    if (!prev) {
      out.push({ ...ident(m), change: 'added', fields: [], restartsJob: false, safety: 'safe', summary: JOB_KINDS.has(m.kind) ? 'new: starts a job from its initial state' : 'new resource' });
      continue;
    }
    const fields = changedFields(prev.spec, m.spec, 'spec');
    if (fields.length === 0 && canonical(prev.data) === canonical(m.data)) continue;
    const isJob = JOB_KINDS.has(m.kind) && isObject(jobOf(m));
    const restartsJob = isJob && fields.some((f) => !NO_RESTART.some((re) => re.test(f.replace(/^spec\.template\.spec\./, 'spec.'))));
    const objections = findings.filter((f) => f.index === indexOf.get(m) && UPGRADE_IDS.has(f.rule));
    const mode = String(jobOf(m)?.upgradeMode ?? 'stateless');
    const suspend = isJob && String(jobOf(prev)?.state ?? 'running') !== String(jobOf(m)?.state ?? 'running');
    let safety: Change['safety'];
    let summary: string;
    if (objections.length > 0) {
      safety = 'unsafe';
      summary = `unsafe: ${objections.map((f) => `${f.message.replace(/\.$/, '')} (${f.rule})`).join('; ')}`;
    } else if (suspend) {
      const to = String(jobOf(m)?.state ?? 'running');
      safety = mode === 'stateless' ? 'unsafe' : 'state-kept';
      summary = to === 'suspended'
        ? (mode === 'stateless' ? 'suspends the job without a savepoint: it restarts from empty state' : `suspends the job (${mode}: state kept)`)
        : `resumes the job (${mode === 'stateless' ? 'from empty state' : `from its ${mode === 'savepoint' ? 'savepoint' : 'last checkpoint'}`})`;
    } else if (!restartsJob) {
      safety = 'safe';
      summary = isJob ? 'applied without restarting the job' : 'changed';
    } else if (m.kind === 'FlinkBlueGreenDeployment') {
      safety = mode === 'stateless' ? 'unsafe' : 'state-kept';
      summary = `deploys the other colour and switches over when it is healthy (${mode}${mode === 'stateless' ? ': the new job starts from empty state' : ': state carried over'})`;
    } else if (mode === 'stateless') {
      safety = 'unsafe';
      summary = 'restarts the job from empty state (upgradeMode stateless)';
    } else {
      safety = 'state-kept';
      summary = `restarts the job; state carried over from ${mode === 'savepoint' ? 'a savepoint taken before the upgrade' : 'the last checkpoint (last-state)'}`;
    }
    out.push({ ...ident(m), change: 'changed', fields, restartsJob, safety, summary });
  }
  for (const [k, m] of before) {
    if (now.has(k)) continue;
    const isJob = JOB_KINDS.has(m.kind) && isObject(jobOf(m));
    out.push({ ...ident(m), change: 'removed', fields: [], restartsJob: false,
      safety: isJob || m.kind === 'PersistentVolumeClaim' ? 'unsafe' : 'safe',
      summary: isJob ? 'deletes the job (the operator takes a savepoint on deletion only when configured to)'
        : m.kind === 'PersistentVolumeClaim' ? 'deletes the claim and the state on it' : 'removed' });
  }
  return out.sort((a, b) => cmp(a.kind, b.kind) || cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
}
