/**
 * Words shared by the Markdown and HTML renderers: headline counts, verdict labels, card rows.
 * Both formats say the same things; only the markup differs.
 */
import { DURABILITY_TEXT } from './durability';
import { Change, ConfigSource, Durability, ExplainReport, JobCard } from './model';

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** `namespace 'x'` or `no namespace`. */
export const nsTitle = (ns: string) => (ns === '' ? 'no namespace' : `namespace ${ns}`);

/** One line: what the manifests hold. */
export function headline(r: ExplainReport): string {
  if (r.empty) return `No Flink resource in the input (${plural(r.counts.resources, 'resource')} read): nothing to explain.`;
  const c = r.counts;
  const parts = [
    c.operators ? plural(c.operators, 'operator') : '',
    c.applications ? plural(c.applications, 'application') : '',
    c.blueGreen ? plural(c.blueGreen, 'blue/green application') : '',
    c.sessionClusters ? plural(c.sessionClusters, 'session cluster') : '',
    c.sessionJobs ? plural(c.sessionJobs, 'session job') : '',
    c.snapshots ? plural(c.snapshots, 'snapshot') : '',
  ].filter((p) => p !== '');
  const ns = r.namespaces.filter((n) => n !== '');
  return `${parts.join(', ')}${ns.length ? ` in ${plural(ns.length, 'namespace')} (${ns.join(', ')})` : ''}; `
    + `${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}${c.suppressed ? `, ${c.suppressed} suppressed` : ''} under operator ${r.operatorVersion} rules.`;
}

/** One line: what the change does, worst first. */
export function changeHeadline(changes: readonly Change[]): string {
  if (changes.length === 0) return 'No change to the deployed resources.';
  const count = (p: (c: Change) => boolean) => changes.filter(p).length;
  const unsafe = count((c) => c.safety === 'unsafe');
  const restarts = count((c) => c.restartsJob);
  const parts = [
    unsafe ? `${plural(unsafe, 'change')} put${unsafe === 1 ? 's' : ''} state at risk` : 'no change puts state at risk',
    restarts ? `${plural(restarts, 'job')} restart${restarts === 1 ? 's' : ''}` : 'no job restarts',
    `${count((c) => c.change === 'added')} added, ${count((c) => c.change === 'changed')} changed, ${count((c) => c.change === 'removed')} removed`,
  ];
  return `${parts.join('; ')}.`;
}

export const SAFETY_LABEL: Record<Change['safety'], string> = { 'safe': 'safe', 'state-kept': 'state kept', 'unsafe': 'UNSAFE' };

export const DURABILITY_LABEL: Record<Durability, string> = {
  none: 'ephemeral', pod: 'node-local', node: 'cluster-local', cluster: 'durable',
};

export const SOURCE_LABEL: Record<ConfigSource, string> = {
  'flink-default': 'Flink default',
  'operator-default': 'operator default',
  'session-cluster': 'session cluster',
  'resource': 'own spec',
};

/** The weakest durability of a card's state, for its one-line summary. */
export function weakestState(card: JobCard): string {
  if (card.state.length === 0) return card.role === 'session job' ? 'state: per its cluster' : 'no state directories';
  const order: Durability[] = ['none', 'pod', 'node', 'cluster'];
  const worst = card.state.reduce((w, s) => (order.indexOf(s.durability) < order.indexOf(w) ? s.durability : w), 'cluster' as Durability);
  return `state ${DURABILITY_LABEL[worst]}: ${DURABILITY_TEXT[worst]}`;
}

/** The card's summary line. */
export function cardSummary(card: JobCard): string {
  const errs = card.findings.filter((f) => f.severity === 'error').length;
  const warns = card.findings.length - errs;
  return [
    card.role,
    card.flinkVersion ? `Flink ${card.flinkVersion}` : '',
    card.upgradeMode ?? '',
    weakestState(card),
    errs ? plural(errs, 'error') : '',
    warns ? plural(warns, 'warning') : '',
  ].filter((p) => p !== '').join(' · ');
}

/** The card's facts as label/value rows, in display order. */
export function cardRows(card: JobCard): Array<[string, string]> {
  const rows: Array<[string, string | undefined]> = [
    ['Kind', `${card.kind} (${card.role})`],
    ['Namespace', card.namespace || '(none)'],
    ['Flink', card.flinkVersion],
    ['Operator', card.operatorVersion],
    ['Image', card.image],
    ['Deployment mode', card.mode],
    ['Session cluster', card.cluster],
    ['Session jobs', card.jobs ? (card.jobs.length ? card.jobs.join(', ') : 'none in the input') : undefined],
    ['Jar', card.jar],
    ['Upgrade mode', card.upgradeMode],
    ['Job state', card.jobState],
    ['Parallelism', card.parallelism],
    ['Slots per TaskManager', card.slots],
    ['Resources', card.resources],
    ['Service account', card.serviceAccount],
    ['Restart strategy', card.restartStrategy],
    ['Autoscaler', card.autoscaler],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '');
}
