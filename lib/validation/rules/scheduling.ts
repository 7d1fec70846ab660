import { RuleSet } from '../types';
import { configPath, isChecked, obj, q, specOf } from './deployment';
import { RuleInfo } from './info';

/**
 * Reactive mode (`scheduler-mode: REACTIVE`): Flink's ClusterEntrypoint refuses it on every cluster
 * type but a standalone application cluster ("Reactive mode is configured for an unsupported cluster
 * type"), so the JobManager fails at start-up, after admission.
 */
export const schedulingRules: RuleSet = (ctx) => {
  const list = ctx.ofKind('FlinkDeployment');
  for (let i = 0; i < list.length; i++) {
    const res = list[i];
    if (!isChecked(res, 'FlinkDeployment')) continue;
    const value = res.config['scheduler-mode'];
    if (typeof value !== 'string' || value.trim().toUpperCase() !== 'REACTIVE') continue;
    const spec = specOf(res);
    const standalone = typeof spec.mode === 'string' && spec.mode.trim().toLowerCase() === 'standalone';
    const application = obj(spec.job) !== undefined;
    if (standalone && application) continue;
    const what = [!standalone ? `spec.mode is ${spec.mode === undefined ? 'unset (native)' : q(spec.mode)}` : '', !application ? 'there is no spec.job (a session cluster)' : '']
      .filter((x) => x).join(' and ');
    ctx.report(res, {
      rule: 'reactive-mode-unsupported', path: configPath(res, 'scheduler-mode'),
      message: `scheduler-mode is ${q(value)} but ${what}: Flink supports reactive mode only in standalone application clusters and the JobManager fails at start-up`,
      fix: 'Set spec.mode: standalone on an application deployment (with spec.job), or remove scheduler-mode (use the autoscaler in native mode).',
    });
  }
};

export const SCHEDULING_RULES: RuleInfo[] = [
  { id: 'reactive-mode-unsupported', ref: '', severity: 'error', why: 'Flink refuses scheduler-mode REACTIVE except in standalone application clusters: the JobManager fails at start-up.' },
];
