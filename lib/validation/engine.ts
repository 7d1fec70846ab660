import { flattenConfig } from './flatten';
import { operatorVersionId } from './operator-versions';
import { InputLimits, assertBounded, resolveLimits } from './limits';
import { redact, secretValuesOf } from './secrets';
import { ALL_RULES } from './rules';
import { blueGreenChildren, CHILD_RULES_REPLACED, parentPath } from './rules/bluegreen';
import { annotationExternal, applySuppressions } from './suppressions';
import { checkSchema, isFlinkCustomResource } from './schema';
import {
  ExternalResources, Finding, LintOptions, Report, Resource, RuleContext, RuleSet,
} from './types';

/** Kinds whose spec carries a flinkConfiguration (the Confluent kinds wrap a FlinkDeployment spec). */
const CONFIG_KINDS = new Set(['FlinkDeployment', 'FlinkSessionJob', 'FlinkApplication']);

/** The (read-only) config of a resource of a kind without flinkConfiguration: shared, not one per resource. */
const NO_CONFIG: { config: Record<string, string>; paths: Record<string, string> } = Object.freeze({
  config: Object.freeze({}) as Record<string, string>,
  paths: Object.freeze({}) as Record<string, string>,
});
const NO_METADATA = Object.freeze({});

/** Turns plain manifests into resources: names read once, flinkConfiguration flattened once. */
export function toResources(manifests: readonly any[], limits?: InputLimits): Resource[] {
  return resourcesOf(manifests, limits, false);
}

/**
 * `toResources`; with `shared`, resources of kinds without flinkConfiguration share one frozen empty
 * config (the engine's rules only read it), instead of two new objects each.
 */
function resourcesOf(manifests: readonly any[], limits: InputLimits | undefined, shared: boolean): Resource[] {
  const lim = resolveLimits(limits);
  return manifests.map((manifest, index) => {
    const m = manifest && typeof manifest === 'object' ? manifest : {};
    const kind = typeof m.kind === 'string' ? m.kind : '';
    const meta = m.metadata && typeof m.metadata === 'object' ? m.metadata : NO_METADATA;
    const flat = CONFIG_KINDS.has(kind) && m.spec && typeof m.spec === 'object'
      ? flattenConfig(m.spec.flinkConfiguration, 'spec.flinkConfiguration', { maxKeys: lim.maxConfigKeys, maxDepth: lim.maxDepth, index })
      : shared ? NO_CONFIG : { config: {}, paths: {} };
    return {
      manifest: m,
      index,
      apiVersion: typeof m.apiVersion === 'string' ? m.apiVersion : '',
      kind,
      name: typeof meta.name === 'string' ? meta.name : '',
      namespace: typeof meta.namespace === 'string' ? meta.namespace : '',
      config: flat.config,
      configPaths: flat.paths,
    };
  });
}

const NO_RESOURCES: readonly Resource[] = Object.freeze([]);

/** Resources by kind, namespace and name (nested maps: no key string per resource or lookup). */
class ResourceKeys {
  private readonly byKind = new Map<string, Map<string, Map<string, Resource>>>();
  get(kind: string, namespace: string, name: string): Resource | undefined {
    return this.byKind.get(kind)?.get(namespace)?.get(name);
  }
  /** Sets the resource at its key; with `first`, only when the key is not taken yet. */
  set(r: Resource, first: boolean): void {
    let byNs = this.byKind.get(r.kind);
    if (!byNs) this.byKind.set(r.kind, (byNs = new Map()));
    let byName = byNs.get(r.namespace);
    if (!byName) byNs.set(r.namespace, (byName = new Map()));
    if (!first || !byName.has(r.name)) byName.set(r.name, r);
  }
}

function externalSet(names: readonly string[] | undefined, annotated: readonly string[] | undefined): Set<string> {
  return new Set([...names ?? [], ...annotated ?? []]);
}

/**
 * Runs every rule over plain manifests (as parsed from YAML or produced by synth) and returns the
 * findings, in input order of the resources they are about.
 */
export function lintManifests(manifests: readonly any[], options: LintOptions = {}, rules: readonly RuleSet[] = ALL_RULES): Finding[] {
  operatorVersionId(options.operatorVersion, 'lintManifests');
  const limits = resolveLimits(options.limits);
  assertBounded(manifests, limits);
  if (options.previous) assertBounded(options.previous, limits, 'previous resource');
  return lintBounded(manifests, options, rules);
}

/**
 * `lintManifests` for input its caller has already bounded with `assertBounded` (checkManifests
 * does, before the schema check), so the walk over every manifest is not done twice.
 * @internal
 */
export function lintBounded(manifests: readonly any[], options: LintOptions = {}, rules: readonly RuleSet[] = ALL_RULES): Finding[] {
  const operatorVersion = operatorVersionId(options.operatorVersion, 'lintManifests');
  // Each FlinkBlueGreenDeployment adds a virtual child FlinkDeployment (its template) after the input.
  // Each takes its parent's index (it is applied with it) and reports on the parent.
  const virtual = new Set<Resource>();
  const withChildren = (input: readonly any[]): Resource[] => {
    const children = blueGreenChildren(input);
    const out = resourcesOf(input, options.limits, true);
    for (const [i, r] of resourcesOf(children.map((c) => c.manifest), options.limits, true).entries()) {
      const child = { ...r, index: children[i].parent };
      virtual.add(child);
      out.push(child);
    }
    return out;
  };
  const resources = withChildren(manifests);
  const previous = options.previous ? withChildren(options.previous) : [];
  const byKey = new ResourceKeys();
  // Each rule set loops over the kinds it checks: one list per kind, in input order, built here once.
  const ofKind = new Map<string, Resource[]>();
  for (let i = 0; i < resources.length; i++) {
    const r = resources[i];
    byKey.set(r, true);
    const list = ofKind.get(r.kind);
    if (list) list.push(r);
    else ofKind.set(r.kind, [r]);
  }
  const prevByKey = new ResourceKeys();
  for (const r of previous) prevByKey.set(r, false);
  const external: Record<string, Set<string>> = {};
  // References the constructs declared external travel with the output as an annotation.
  const annotated = annotationExternal(manifests).external;
  const findings: Finding[] = [];
  // Secret values of each resource (and of its previous version), read only once it has a finding.
  const secrets = new Map<Resource, readonly string[]>();
  const secretsOf = (res: Resource): readonly string[] => {
    let s = secrets.get(res);
    if (!s) {
      const prev = prevByKey.get(res.kind, res.namespace, res.name);
      s = [...secretValuesOf(res.manifest), ...(prev ? secretValuesOf(prev.manifest) : [])];
      secrets.set(res, s);
    }
    return s;
  };

  const ctx: RuleContext = {
    operatorVersion,
    mode: options.mode ?? 'lint',
    options,
    resources,
    previous,
    ofKind: (kind) => ofKind.get(kind) ?? NO_RESOURCES,
    ofKinds: (kinds) => {
      let only: readonly Resource[] = NO_RESOURCES;
      for (let i = 0; i < kinds.length; i++) {
        const list = ofKind.get(kinds[i]);
        if (!list) continue;
        if (only !== NO_RESOURCES && only !== list) return resources.filter((r) => kinds.includes(r.kind));
        only = list;
      }
      return only;
    },
    find: (kind, namespace, name) => byKey.get(kind, namespace, name),
    previousOf: (res) => prevByKey.get(res.kind, res.namespace, res.name),
    isExternal: (kind: keyof ExternalResources, namespace, name) => {
      const set = external[kind] ?? (external[kind] = externalSet(options.external?.[kind], annotated[kind]));
      return set.has(name) || (namespace !== '' && set.has(`${namespace}/${name}`));
    },
    report: (child: Resource, r: Report) => {
      let res = child;
      let path = r.path;
      let message = r.message;
      if (virtual.has(child)) {
        // A finding on a blue/green template: reported on the parent, under spec.template.spec.
        // The child's metadata is the parent's (name, namespace): the parent reports on it itself.
        if (CHILD_RULES_REPLACED.has(r.rule) || !/^spec\b/.test(r.path)) return;
        res = resources[child.index];
        path = parentPath(r.path);
        message = `In the template of the blue/green children (spec.template.spec): ${r.message}`;
      }
      findings.push({
        rule: r.rule,
        ref: r.ref ?? '',
        severity: r.severity ?? 'error',
        kind: res.kind,
        name: res.name,
        ...(res.namespace ? { namespace: res.namespace } : {}),
        path,
        // A template's secrets are the child's: redact with what the resource reported on holds.
        message: redact(message, secretsOf(child)),
        fix: redact(r.fix, secretsOf(child)),
        index: res.index,
      });
    },
  };
  if (options.schema) {
    manifests.forEach((m, i) => { if (isFlinkCustomResource(m)) findings.push(...checkSchema(m, operatorVersion, i)); });
  }
  for (const rule of rules) rule(ctx);
  // Stable order: by resource, then in the order the rules reported.
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => a.f.index - b.f.index || a.i - b.i)
    .map((x) => x.f);
}

/**
 * Applies the severity settings and suppressions of `options` and of the manifests' annotations to
 * all findings of one pass (schema and rule findings together). Every caller (lint CLI, synth
 * plugin, constructs) runs it exactly once per pass; rules never see suppressions.
 */
export function applyPolicy(manifests: readonly any[], findings: readonly Finding[], options: LintOptions = {}): Finding[] {
  return applySuppressions(manifests, findings, options);
}

/** Formats a finding as one line: `(rule-id) message. Fix: fix`. */
export function formatFinding(f: Finding): string {
  const msg = redact(f.message).replace(/\.$/, '');
  return `(${f.rule}) ${msg}. Fix: ${redact(f.fix)}`;
}
