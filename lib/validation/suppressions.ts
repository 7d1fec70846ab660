/**
 * Suppressions and severity settings: how a user says "I know, and here is why". Applied once, to
 * all findings of a pass, by `applyPolicy` (engine.ts); rules never see them.
 *
 * Written as:
 * - the resource annotation `cdk8s-flink.io/suppress`, one `rule-id[, rule-id] -- reason` per line
 *   (the constructs write it for `FlinkValidation.suppress`);
 * - comments in hand-written YAML (read by the CLI): `# cdk8s-flink-disable-next-line ...` and
 *   `# cdk8s-flink-disable ...` for the whole file, with the same `ids -- reason` text;
 * - config-file / plugin-property entries and command-line flags (`Suppression` objects).
 *
 * A suppressed finding is still returned, with `suppressed` set. A suppression that covers nothing
 * is reported as `unused-suppression`.
 */
import { distance } from 'fastest-levenshtein';
import { RULE_INFO } from './rules';
import { SCHEMA_RULE_IDS } from './schema';
import { ExternalResources, Finding, LintOptions, Suppression } from './types';

/** Annotation carrying suppressions: one `rule-id[, rule-id] -- reason` per line. */
export const SUPPRESS_ANNOTATION = 'cdk8s-flink.io/suppress';
/** Annotation carrying references to resources outside the input, as JSON of ExternalResources' shape. */
export const EXTERNAL_ANNOTATION = 'cdk8s-flink.io/external';

/** Keys of ExternalResources. */
export const EXTERNAL_KINDS: readonly (keyof ExternalResources)[] = [
  'serviceAccounts', 'sessionClusters', 'jobs', 'secrets', 'configMaps', 'persistentVolumeClaims',
];

let known: Set<string> | undefined;

/** Every rule id a finding can carry. */
export function knownRuleIds(): ReadonlySet<string> {
  if (!known) known = new Set([...RULE_INFO.map((r) => r.id), ...SCHEMA_RULE_IDS]);
  return known;
}

/** The known ids closest to `id`, best first (at most three, within a few edits). */
export function closestRuleIds(id: string): string[] {
  const limit = Math.max(3, Math.floor(id.length / 3));
  const near = [...knownRuleIds()]
    .map((k) => ({ k, d: distance(id, k) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  // Only the ids as close as the closest one: a one-letter typo does not also list distant cousins.
  return near.filter((x) => x.d === near[0].d).slice(0, 3).map((x) => x.k);
}

/**
 * `undefined` for a known rule id, otherwise a message naming `where` it was written and the
 * closest ids: `unknown rule id 'x' in <where>. Did you mean 'y'? Fix: ...`.
 */
export function checkRuleId(id: string, where: string): string | undefined {
  if (knownRuleIds().has(id)) return undefined;
  const near = closestRuleIds(id);
  const hint = near.length > 0 ? ` Did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : '';
  return `unknown rule id '${id}' in ${where}.${hint} Fix: use a rule id from the README rule table (as printed with each finding).`;
}

/** A parsed `ids -- reason` text. */
export interface Directive {
  readonly rules: string[];
  readonly reason: string;
}

/**
 * Parses `rule-id[, rule-id...] -- reason`. Returns the directive, or an error message (no id, no
 * reason, unknown id) naming `where`.
 */
export function parseDirective(text: string, where: string): Directive | string {
  const sep = text.indexOf('--');
  const idsText = (sep >= 0 ? text.slice(0, sep) : text).trim();
  const reason = sep >= 0 ? text.slice(sep + 2).trim() : '';
  const rules = idsText.split(/[\s,]+/).filter((s) => s !== '');
  if (rules.length === 0) {
    return `suppression without a rule id in ${where}. Fix: write 'rule-id -- reason', e.g. 'state-dir-node-local -- single-node minikube cluster'.`;
  }
  for (const r of rules) {
    const err = checkRuleId(r, where);
    if (err) return err;
  }
  if (reason === '') {
    return `suppression of ${rules.join(', ')} without a reason in ${where}. Fix: add ' -- ' and why the finding is acceptable, e.g. '${rules[0]} -- <why this is fine here>'.`;
  }
  return { rules, reason };
}

const annotationPath = (key: string) => `metadata.annotations['${key}']`;

function annotationOf(manifest: any, key: string): unknown {
  const a = manifest?.metadata?.annotations;
  return a && typeof a === 'object' ? a[key] : undefined;
}

function describe(manifest: any): string {
  const kind = typeof manifest?.kind === 'string' ? manifest.kind : 'resource';
  const name = typeof manifest?.metadata?.name === 'string' ? manifest.metadata.name : '';
  return `${kind}${name ? ` '${name}'` : ''}`;
}

function invalid(manifest: any, index: number, key: string, message: string, fix: string): Finding {
  const ns = manifest?.metadata?.namespace;
  return {
    rule: 'annotation-invalid',
    ref: '',
    severity: 'error',
    kind: typeof manifest?.kind === 'string' ? manifest.kind : '',
    name: typeof manifest?.metadata?.name === 'string' ? manifest.metadata.name : '',
    ...(typeof ns === 'string' && ns ? { namespace: ns } : {}),
    path: annotationPath(key),
    message,
    fix,
    index,
  };
}

/** The suppressions written in each manifest's `cdk8s-flink.io/suppress` annotation, and the ones that do not parse. */
export function annotationSuppressions(manifests: readonly any[]): { suppressions: Suppression[]; problems: Finding[] } {
  const suppressions: Suppression[] = [];
  const problems: Finding[] = [];
  manifests.forEach((m, index) => {
    const value = annotationOf(m, SUPPRESS_ANNOTATION);
    if (value === undefined) return;
    const where = `annotation ${SUPPRESS_ANNOTATION} of ${describe(m)}`;
    if (typeof value !== 'string') {
      problems.push(invalid(m, index, SUPPRESS_ANNOTATION, `${where} is not a string`,
        `Write one 'rule-id -- reason' per line as a string (a YAML block scalar: '${SUPPRESS_ANNOTATION}: |').`));
      return;
    }
    for (const line of value.split('\n')) {
      if (line.trim() === '') continue;
      const d = parseDirective(line, where);
      if (typeof d === 'string') {
        const [message, fix] = splitFix(d);
        problems.push(invalid(m, index, SUPPRESS_ANNOTATION, message, fix));
        continue;
      }
      for (const rule of d.rules) suppressions.push({ rule, reason: d.reason, kind: 'inSource', where, indexes: [index] });
    }
  });
  return { suppressions, problems };
}

/** The external references written in each manifest's `cdk8s-flink.io/external` annotation. */
export function annotationExternal(manifests: readonly any[]): { external: Record<string, string[]>; problems: Finding[] } {
  const external: Record<string, string[]> = {};
  const problems: Finding[] = [];
  manifests.forEach((m, index) => {
    const value = annotationOf(m, EXTERNAL_ANNOTATION);
    if (value === undefined) return;
    const where = `annotation ${EXTERNAL_ANNOTATION} of ${describe(m)}`;
    const fix = `Write JSON such as {"persistentVolumeClaims":["flink-state"]}, with keys among ${EXTERNAL_KINDS.join(', ')}.`;
    let parsed: unknown;
    try {
      parsed = typeof value === 'string' ? JSON.parse(value) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      problems.push(invalid(m, index, EXTERNAL_ANNOTATION, `${where} is not a JSON object`, fix));
      return;
    }
    for (const [k, names] of Object.entries(parsed as Record<string, unknown>)) {
      if (!(EXTERNAL_KINDS as readonly string[]).includes(k) || !Array.isArray(names) || names.some((n) => typeof n !== 'string')) {
        problems.push(invalid(m, index, EXTERNAL_ANNOTATION, `${where} has an unknown key or a non-list value at '${k}'`, fix));
        continue;
      }
      (external[k] ??= []).push(...(names as string[]));
    }
  });
  return { external, problems };
}

function splitFix(message: string): [string, string] {
  const at = message.indexOf(' Fix: ');
  return at < 0 ? [message, 'Correct the suppression.'] : [message.slice(0, at), message.slice(at + 6)];
}

/** Whether `pattern` (`name`, `Kind/name` or `Kind/namespace/name`) names the finding's resource. */
export function matchesResource(pattern: string, f: { kind: string; name: string; namespace?: string }): boolean {
  const parts = pattern.split('/');
  if (parts.length === 1) return parts[0] === f.name;
  if (parts.length === 2) return parts[0] === f.kind && parts[1] === f.name;
  return parts[0] === f.kind && parts[1] === (f.namespace ?? '') && parts.slice(2).join('/') === f.name;
}

/** Whether `s` covers `f`, given that the rule and the resource index already match. */
function covers(s: Suppression, f: Finding, options: LintOptions): boolean {
  if (s.resource !== undefined && !matchesResource(s.resource, f)) return false;
  if (s.line !== undefined) {
    if (!options.lineOf || f.index < 0) return false;
    if (options.lineOf(f.index, f.path) !== s.line) return false;
  }
  return true;
}

function unusedFinding(s: Suppression, manifests: readonly any[]): Finding {
  const index = s.indexes && s.indexes.length > 0 ? s.indexes[0] : -1;
  const m = index >= 0 ? manifests[index] : undefined;
  const ns = m?.metadata?.namespace;
  const target = s.resource ? s.resource.split('/') : [];
  return {
    rule: 'unused-suppression',
    ref: '',
    severity: 'warning',
    kind: m ? String(m.kind ?? '') : (target.length > 1 ? target[0] : ''),
    name: m ? String(m?.metadata?.name ?? '') : (target[target.length - 1] ?? ''),
    ...(typeof ns === 'string' && ns ? { namespace: ns } : {}),
    path: s.where.startsWith(`annotation ${SUPPRESS_ANNOTATION}`) ? annotationPath(SUPPRESS_ANNOTATION) : '',
    message: `The suppression of ${s.rule} in ${s.where} matches no finding${s.resource ? ` about ${s.resource}` : ''}`,
    fix: `Remove it (nothing is suppressed by it), or correct its rule id${s.resource ? ' or resource' : ''}.`,
    index,
    ...(s.source ? { source: s.source } : {}),
  };
}

/**
 * Applies severity settings (`options.rules`) and suppressions (`options.suppressions` and every
 * manifest's annotation) to the findings of one pass, and adds a finding for each annotation that
 * does not parse and each suppression that covers nothing. Findings keep their order; the added
 * ones follow the findings of their resource.
 */
export function applySuppressions(manifests: readonly any[], findings: readonly Finding[], options: LintOptions = {}): Finding[] {
  const fromAnnotations = annotationSuppressions(manifests);
  const suppressions = [...(options.suppressions ?? []), ...fromAnnotations.suppressions];
  const rules = options.rules ?? {};
  const severityOf = (f: Finding) => rules[f.rule];
  const used = new Set<Suppression>();
  // Candidates by rule and resource index ('*': every resource), in the order given.
  const byKey = new Map<string, Suppression[]>();
  const order = new Map(suppressions.map((x, i) => [x, i]));
  const add = (key: string, s: Suppression) => {
    const list = byKey.get(key);
    if (list) list.push(s);
    else byKey.set(key, [s]);
  };
  for (const s of suppressions) {
    if (s.indexes) for (const i of s.indexes) add(`${s.rule}\u0000${i}`, s);
    else add(`${s.rule}\u0000*`, s);
  }
  const out: Finding[] = [];
  const problems = [...fromAnnotations.problems, ...annotationExternal(manifests).problems];
  if (suppressions.length === 0 && problems.length === 0 && Object.keys(rules).length === 0) return [...findings];
  for (const f of [...findings, ...problems]) {
    const level = severityOf(f);
    if (level === 'off') continue;
    const g: Finding = level && level !== f.severity ? { ...f, severity: level } : f;
    // Every suppression that covers the finding counts as used; the first one given is reported.
    const matching = [...byKey.get(`${g.rule}\u0000${g.index}`) ?? [], ...byKey.get(`${g.rule}\u0000*`) ?? []]
      .filter((x) => covers(x, g, options));
    const s = matching.reduce<Suppression | undefined>((best, x) => (best === undefined || order.get(x)! < order.get(best)! ? x : best), undefined);
    for (const m of matching) used.add(m);
    if (s) {
      out.push({ ...g, suppressed: { kind: s.kind, reason: s.reason, where: s.where } });
    } else {
      out.push(g);
    }
  }
  for (const s of suppressions) {
    if (used.has(s)) continue;
    const f = unusedFinding(s, manifests);
    const level = severityOf(f);
    if (level === 'off') continue;
    out.push(level ? { ...f, severity: level } : f);
  }
  // Stable: by resource (resource-less findings last), then as produced.
  const rank = (i: number) => (i < 0 ? Number.MAX_SAFE_INTEGER : i);
  return out
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f.index) - rank(b.f.index) || a.i - b.i)
    .map((x) => x.f);
}
