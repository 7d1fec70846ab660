import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { applyPolicy, formatFinding, lintManifests } from '../validation/engine';
import { checkSchema, SCHEMA_KINDS } from '../validation/schema';
import { EXTERNAL_ANNOTATION, SUPPRESS_ANNOTATION } from '../validation/suppressions';
import { ExternalResources, Finding, OperatorVersionId, Suppression } from '../validation/types';
import { OperatorInfo, operatorsOf, watches } from './operators';
import { flinkPluginWillReport } from './plugin-env';
import { declaredOn, declaresSuppressions, suppressionsAt } from './suppress';

const ALLOWED_SCHEMES_KEY = 'kubernetes.operator.user.artifacts.allowed-schemes';
const RESTRICTED_HOSTS_KEY = 'kubernetes.operator.user.artifacts.disallow-restricted-hosts';

/** The index of the operator watching a Flink resource's namespace (the first, if several do). */
function operatorIndexOf(operators: readonly OperatorInfo[], m: any): number | undefined {
  if (operators.length === 0 || typeof m?.apiVersion !== 'string' || !m.apiVersion.startsWith('flink.apache.org/')) return undefined;
  const ns = typeof m.metadata?.namespace === 'string' && m.metadata.namespace !== '' ? m.metadata.namespace : undefined;
  const i = operators.findIndex((o) => watches(o, ns));
  return i < 0 ? undefined : i;
}

/** A Flink List<String> option (`a;b`, also `a,b`). */
function listOption(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  return v.split(/[;,]/).map((x) => x.trim()).filter((x) => x !== '');
}

function booleanOption(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  const t = v.trim().toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

/** Settings of the synth-time validation of one app. */
export interface WiringSettings {
  strict?: boolean;
  external?: ExternalResources;
  allowedJarSchemes?: string[];
  disallowRestrictedHosts?: boolean;
}

type ExternalKey = keyof ExternalResources;

interface AppState {
  /** Our constructs, with the operator version their resources are checked against (if any). */
  readonly owners: Map<IConstruct, OperatorVersionId | undefined>;
  /** Names declared external by imported constructs. */
  readonly external: Record<ExternalKey, Set<string>>;
  /** The same names, with the chart of the construct that declared them. */
  readonly externalBy: { readonly chart?: IConstruct; readonly kind: ExternalKey; readonly name: string }[];
  settings: WiringSettings;
  /** Findings of the current synth, per owning construct. */
  findings: Map<IConstruct, Finding[]>;
  /** How deep we are inside the app's `synth()` / `synthYaml()` (see `scopeToSynth`). */
  synthDepth: number;
  /** The lines of the validation pass of the current `synth()` call, reused by its later passes. */
  last?: string[];
  /** Objects whose render the validation pass of the current `synth()` call handed over (see `handOver`). */
  handed?: ApiObject[];
}

const STATES = new WeakMap<IConstruct, AppState>();
/** The validations this module registers: they only read the tree (see `onlyOwnValidations`). */
const OWN_VALIDATIONS = new WeakSet<object>();

function addOwnValidation(scope: IConstruct, validate: () => string[]): void {
  const validation = { validate };
  OWN_VALIDATIONS.add(validation);
  scope.node.addValidation(validation);
}
/** Owners whose pod templates carry free-form user content (see `requirePodSchema`). */
const POD_SCHEMA = new WeakSet<IConstruct>();
/** Objects outside our constructs that report their own findings. */
const REPORTERS = new WeakSet<IConstruct>();

function emptyExternal(): Record<ExternalKey, Set<string>> {
  return {
    serviceAccounts: new Set(), sessionClusters: new Set(), jobs: new Set(),
    secrets: new Set(), configMaps: new Set(), persistentVolumeClaims: new Set(),
  };
}

/** The validation state of the app `scope` lives in; registers the one app-level validation on first use. */
function stateOf(scope: IConstruct): AppState {
  const root = scope.node.root;
  let state = STATES.get(root);
  if (!state) {
    const s: AppState = { owners: new Map(), external: emptyExternal(), externalBy: [], settings: {}, findings: new Map(), synthDepth: 0 };
    STATES.set(root, s);
    addOwnValidation(root, () => validateApp(root, s));
    scopeToSynth(root, s);
    state = s;
  }
  return state;
}

/**
 * cdk8s validates the whole app in `app.synth()` and again in every `chart.toJson()` that
 * `synth()` then calls. Between those passes cdk8s only resolves dependencies and renders the
 * charts, so the construct tree is the one the first pass saw: the first pass of one `synth()` /
 * `synthYaml()` call validates, the later passes of the same call reuse its lines (and print its
 * warnings once). Every call validates afresh, and
 * so does a `chart.toJson()` outside them (as `Testing.synth` does).
 */
function scopeToSynth(root: IConstruct, state: AppState): void {
  for (const name of ['synth', 'synthYaml']) {
    const original = (root as any)[name];
    if (typeof original !== 'function') continue;
    Object.defineProperty(root, name, {
      configurable: true,
      writable: true,
      value: function (this: unknown, ...args: unknown[]) {
        state.synthDepth++;
        try {
          return original.apply(this, args);
        } finally {
          if (--state.synthDepth === 0) {
            state.last = undefined;
            takeBack(state);
          }
        }
      },
    });
  }
}

/** Makes sure the app `scope` lives in is validated (and its suppressions written) at synth. */
export function ensureWiring(scope: IConstruct): void {
  stateOf(scope);
}

/** Changes the validation settings of the app `scope` lives in. */
export function configureWiring(scope: IConstruct, settings: WiringSettings): void {
  const state = stateOf(scope);
  const next: WiringSettings = { ...state.settings };
  for (const [k, v] of Object.entries(settings) as [keyof WiringSettings, any][]) {
    if (v !== undefined) (next as any)[k] = v;
  }
  state.settings = next;
}

/**
 * Declares `construct` one of ours: findings about ApiObjects under it are reported at its path.
 * `operatorVersion` is the operator release its resources are checked against.
 */
export function registerOwner(construct: IConstruct, operatorVersion?: OperatorVersionId): void {
  const state = stateOf(construct);
  state.owners.set(construct, operatorVersion);
  addOwnValidation(construct, () => linesOf(state, construct));
}

/** Whether warnings fail synth in the app `scope` lives in (FlinkValidation strict). */
export function isStrict(scope: IConstruct): boolean {
  return !!stateOf(scope).settings.strict;
}

/**
 * Declares that the pod templates of `construct`'s resources carry free-form user content (a
 * security context, tolerations, volumes, pod template escape hatches): synth checks them against
 * the full Pod schema, as lint does. Pod templates built only from checked props skip that compile.
 */
export function requirePodSchema(construct: IConstruct): void {
  POD_SCHEMA.add(construct);
}

/** Declares names of resources that exist outside the app. */
export function registerExternal(scope: IConstruct, names: ExternalResources): void {
  const state = stateOf(scope);
  for (const k of Object.keys(names) as ExternalKey[]) {
    const v = names[k];
    if (!v || v.length === 0) continue;
    for (const n of v) {
      state.external[k].add(n);
      state.externalBy.push({ chart: chartOf(scope), kind: k, name: n });
    }
  }
}

function chartOf(c: IConstruct): IConstruct | undefined {
  for (let s: IConstruct | undefined = c; s; s = s.node.scope) {
    if (Chart.isChart(s)) return s;
  }
  return undefined;
}

/** The external names declared in the chart of `obj` (by imported constructs) or for the whole app (configure). */
function externalFor(state: AppState, obj: IConstruct): ExternalResources {
  const chart = chartOf(obj);
  const out: Record<string, string[]> = {};
  for (const e of state.externalBy) if (e.chart === chart) (out[e.kind] ??= []).push(e.name);
  for (const [k, names] of Object.entries(state.settings.external ?? {})) (out[k] ??= []).push(...names as string[]);
  return out;
}

function isError(state: AppState, f: Finding): boolean {
  return f.severity === 'error' || !!state.settings.strict;
}

function linesOf(state: AppState, construct: IConstruct): string[] {
  const findings = state.findings.get(construct);
  return findings ? findings.filter((f) => isError(state, f)).map(formatFinding) : [];
}

function ownerOf(state: AppState, obj: IConstruct): IConstruct | undefined {
  // The nearest scope first, without building the array of scopes.
  for (let c: IConstruct | undefined = obj; c; c = c.node.scope) {
    if (state.owners.has(c)) return c;
  }
  return undefined;
}

function mergedExternal(state: AppState): ExternalResources {
  const out: Record<string, string[]> = {};
  for (const k of Object.keys(state.external) as ExternalKey[]) {
    const set = new Set<string>([...state.external[k], ...(state.settings.external?.[k] ?? [])]);
    out[k] = [...set].sort();
  }
  return out as ExternalResources;
}

/** What the constructs wrote into an object's annotations, and what was there before. */
interface Written {
  readonly original: Record<string, string | undefined>;
}
const WRITTEN = new WeakMap<ApiObject, Written>();

/** Puts back in `manifest` the annotations as the user wrote them (our own are output, not input). */
function restoreAnnotations(obj: ApiObject, manifest: any): void {
  const w = WRITTEN.get(obj);
  if (!w || !manifest?.metadata?.annotations) return;
  for (const [k, v] of Object.entries(w.original)) {
    if (v === undefined) delete manifest.metadata.annotations[k];
    else manifest.metadata.annotations[k] = v;
  }
  if (Object.keys(manifest.metadata.annotations).length === 0) delete manifest.metadata.annotations;
}

function writeAnnotation(obj: ApiObject, manifest: any, key: string, ours: string | undefined): void {
  let w = WRITTEN.get(obj);
  const before = w && key in w.original ? w.original[key] : manifest?.metadata?.annotations?.[key];
  if (ours === undefined && !(w && key in w.original)) return;
  if (!w) {
    w = { original: {} };
    WRITTEN.set(obj, w);
  }
  if (!(key in w.original)) w.original[key] = before;
  const text = ours === undefined ? before : key === SUPPRESS_ANNOTATION && before ? `${before.replace(/\n$/, '')}\n${ours}` : (before ?? ours);
  // An annotation cannot be removed once added: an emptied one keeps what the user wrote, or ''.
  obj.metadata.addAnnotation(key, text ?? '');
}

/** The scope each construct-level suppression was declared on, by its `where`. */
const WHERE = new Map<string, IConstruct>();

/** The scope of a construct-level suppression that covers nothing, or undefined for other findings. */
function unusedScope(f: Finding, scoped: readonly Suppression[]): IConstruct | undefined {
  if (f.rule !== 'unused-suppression') return undefined;
  const s = scoped.find((x) => f.message.includes(` in ${x.where} `));
  return s ? WHERE.get(s.where) : undefined;
}

/**
 * The construct-level suppressions (FlinkValidation.suppress) as engine suppressions: each covers
 * the objects below the scope it was declared on, unless a nearer scope declares the same rule.
 */
function constructSuppressions(declaring: readonly IConstruct[], objects: ApiObject[]): Suppression[] {
  const out: Suppression[] = [];
  WHERE.clear();
  if (declaring.length === 0) return out;
  const nearest = objects.map((o) => suppressionsAt(o));
  for (const scope of declaring) {
    for (const [rule, reason] of declaredOn(scope)) {
      const indexes: number[] = [];
      nearest.forEach((list, i) => { if (list.some((s) => s.rule === rule && s.scope === scope)) indexes.push(i); });
      const where = `FlinkValidation.suppress on ${scope.node.path || 'the app'}`;
      WHERE.set(where, scope);
      out.push({ rule, reason, kind: 'inSource', where, indexes });
    }
  }
  return out;
}

/** The external names a manifest mentions (as a string value somewhere in it). */
function externalMentioned(manifest: any, external: ExternalResources): Record<string, string[]> | undefined {
  let text: string | undefined;
  const out: Record<string, string[]> = {};
  for (const [k, names] of Object.entries(external) as [string, string[] | undefined][]) {
    if (!names?.length) continue;
    const t = (text ??= JSON.stringify(manifest));
    const hit = [...new Set(names)].sort().filter((n) => t.includes(JSON.stringify(n.split('/').pop())));
    if (hit.length > 0) out[k] = hit;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Renders handed over from the validation pass to the output of the same `synth()` call. */
const HANDED = new WeakMap<ApiObject, any>();

/** `toJson` of an object whose render was handed over: that render, once; then the object's own `toJson` again. */
function handedOverToJson(this: ApiObject): any {
  const json = HANDED.get(this);
  HANDED.delete(this);
  delete (this as any).toJson;
  return json ?? this.toJson();
}

/**
 * Inside one `synth()` call cdk8s renders every object twice: for the validation pass (which must
 * see the manifests) and for the output. The output render of an object gets the validation's
 * render instead when it is the same: between the two cdk8s only resolves dependencies and runs the
 * validations again, and the caller makes sure all of them are ours (`onlyOwnValidations`), which
 * only read. Objects whose annotations this pass rewrote (or an earlier one did) are rendered again.
 */
function handOver(state: AppState, objects: readonly ApiObject[], manifests: readonly any[]): void {
  const handed: ApiObject[] = state.handed ?? [];
  objects.forEach((o, i) => {
    if (WRITTEN.has(o) || Object.prototype.hasOwnProperty.call(o, 'toJson') || !Object.isExtensible(o)) return;
    HANDED.set(o, manifests[i]);
    Object.defineProperty(o, 'toJson', { configurable: true, writable: true, value: handedOverToJson });
    handed.push(o);
  });
  state.handed = handed;
}

/**
 * Whether every validation in the app is one of this module's. Another validation runs after ours
 * and may change an object (GitOps.argoCdSyncWaves adds annotations that way): then the output is
 * rendered afresh. Reads the list of validations of the `constructs` Node, which is not public API:
 * when it is not where this version keeps it, the answer is no.
 */
function onlyOwnValidations(all: readonly IConstruct[]): boolean {
  for (const c of all) {
    const node = c.node as unknown as { _validations?: unknown };
    if (!('_validations' in node)) return false;
    const list = node._validations;
    if (list === undefined) continue;
    if (!Array.isArray(list)) return false;
    for (const v of list) if (!OWN_VALIDATIONS.has(v)) return false;
  }
  return true;
}

/** Ends the hand-over when the `synth()` call returns: renders not used by then are dropped. */
function takeBack(state: AppState): void {
  for (const o of state.handed ?? []) {
    if (!HANDED.has(o)) continue;
    HANDED.delete(o);
    delete (o as any).toJson;
  }
  state.handed = undefined;
}

function validateApp(root: IConstruct, state: AppState): string[] {
  if (state.synthDepth > 0 && state.last) return state.last;
  const all = root.node.findAll();
  const objects = all.filter((c): c is ApiObject => ApiObject.isApiObject(c));
  const manifests = objects.map((o) => o.toJson());
  objects.forEach((o, i) => restoreAnnotations(o, manifests[i]));
  const owners = objects.map((o) => ownerOf(state, o));
  const versions = owners.map((o) => (o ? state.owners.get(o) : undefined));
  // The FlinkOperator each Flink resource belongs to (the one watching its namespace), if the app has any.
  const operators = operatorsOf(root);
  const operatorOf = manifests.map((m) => operatorIndexOf(operators, m));
  // A resource of an operator is checked against that operator's release.
  const effective = versions.map((v, i) => (operatorOf[i] !== undefined ? operators[operatorOf[i]!].operatorVersion : v));
  const external = mergedExternal(state);
  const scoped = constructSuppressions(all.filter(declaresSuppressions), objects);

  // One lint pass per (operator version, operator): the operator decides jar schemes and defaults.
  const groups = new Map<string, { version: OperatorVersionId; operator?: number }>();
  effective.forEach((v, i) => {
    if (v === undefined && operatorOf[i] === undefined) return;
    const version = v ?? '1.15';
    groups.set(`${version}|${operatorOf[i] ?? ''}`, { version, operator: operatorOf[i] });
  });
  if (groups.size === 0) groups.set('1.15|', { version: '1.15' });
  const used = [...new Set([...groups.values()].map((g) => g.version))].sort();

  const scopes = operators.map((o) => ({ label: o.construct.node.path, namespace: o.namespace, watchNamespaces: o.watchNamespaces, restTlsTrust: o.restTlsTrust }));
  const found: Finding[] = [];
  const seen = new Set<string>();
  for (const group of [...groups.keys()].sort().map((k) => groups.get(k)!)) {
    // Every resource of this operator and version, plus the resources that belong to neither.
    const picked: number[] = [];
    manifests.forEach((_, i) => {
      const sameVersion = effective[i] === group.version || effective[i] === undefined;
      const sameOperator = operatorOf[i] === undefined || operatorOf[i] === group.operator;
      if (sameVersion && sameOperator) picked.push(i);
    });
    const op = group.operator !== undefined ? operators[group.operator] : undefined;
    const findings = lintManifests(picked.map((i) => manifests[i]), {
      mode: 'synth',
      operatorVersion: group.version,
      external,
      allowedJarSchemes: listOption(op?.configuration[ALLOWED_SCHEMES_KEY]) ?? state.settings.allowedJarSchemes,
      disallowRestrictedHosts: booleanOption(op?.configuration[RESTRICTED_HOSTS_KEY]) ?? state.settings.disallowRestrictedHosts,
      ...(op ? { operatorConfiguration: { ...op.configuration } } : {}),
      ...(scopes.length ? { operators: scopes } : {}),
    });
    for (const f of findings) {
      const index = picked[f.index];
      const key = `${index}|${f.rule}|${f.path}|${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      found.push({ ...f, index });
    }
  }
  manifests.forEach((m, i) => {
    if (!(SCHEMA_KINDS as readonly string[]).includes(m?.kind)) return;
    // Pod templates with user content get the full Pod schema, so that what synth accepts lint
    // accepts (typed structs do not stop a fractional runAsUser from plain JavaScript); so do
    // resources no construct of ours owns.
    const podTemplates = owners[i] === undefined || POD_SCHEMA.has(owners[i]!);
    for (const f of checkSchema(m, effective[i] ?? used[0], i, { podTemplates })) found.push(f);
  });

  // Suppressions and severities: once, over everything found.
  const final = applyPolicy(manifests, found, { suppressions: scoped });

  // What synth writes so that lint and the synth plugin reach the same verdict: the construct-level
  // suppressions that cover a finding, and the external references each Flink resource makes.
  const ours = new Map<number, string[]>();
  for (const f of final) {
    if (!f.suppressed || !scoped.some((s) => s.where === f.suppressed!.where && s.rule === f.rule)) continue;
    const line = `${f.rule} -- ${f.suppressed.reason}`;
    const list = ours.get(f.index) ?? [];
    if (!list.includes(line)) list.push(line);
    ours.set(f.index, list);
  }
  objects.forEach((o, i) => {
    writeAnnotation(o, manifests[i], SUPPRESS_ANNOTATION, ours.has(i) ? ours.get(i)!.join('\n') : undefined);
    if (!(SCHEMA_KINDS as readonly string[]).includes(manifests[i]?.kind)) return;
    const mentioned = externalMentioned(manifests[i], externalFor(state, o));
    writeAnnotation(o, manifests[i], EXTERNAL_ANNOTATION, mentioned ? JSON.stringify(mentioned) : undefined);
  });

  if (state.synthDepth > 0 && onlyOwnValidations(all)) handOver(state, objects, manifests);

  state.findings = new Map();
  const lines: string[] = [];
  const quiet = flinkPluginWillReport();
  for (const f of final) {
    if (f.suppressed) continue;
    const obj = objects[f.index] as ApiObject | undefined;
    const owner = obj ? owners[f.index] : undefined;
    const declaredAt = unusedScope(f, scoped);
    if (declaredAt || !obj) {
      // A construct-level suppression that covers nothing: not in the output, so only synth says so,
      // at the scope it was declared on.
      const at = declaredAt ?? root;
      if (f.severity === 'warning' && !state.settings.strict) {
        console.warn(`[${at.node.path || '<app>'}] ${formatFinding(f)}`);
      } else if (at === root) {
        lines.push(formatFinding(f));
      } else {
        const list = state.findings.get(at) ?? [];
        list.push(f);
        state.findings.set(at, list);
        if (!state.owners.has(at) && !REPORTERS.has(at)) {
          REPORTERS.add(at);
          addOwnValidation(at, () => linesOf(state, at));
        }
      }
      continue;
    }
    if (f.severity === 'warning' && !state.settings.strict) {
      // Under `cdk8s synth` with FlinkLintPlugin, the plugin report prints it.
      if (!quiet) console.warn(`[${(owner ?? obj).node.path}] ${formatFinding(f)}`);
      continue;
    }
    // A finding about an object none of our constructs owns (a raw ApiObject, a cdk8s-plus
    // resource) is reported by that object itself, so cdk8s prints its own path. The object comes
    // after the app root in cdk8s' validation order, so its validation still runs in this pass.
    const reporter = owner ?? obj;
    if (!owner && !REPORTERS.has(obj)) {
      REPORTERS.add(obj);
      addOwnValidation(obj, () => linesOf(state, obj));
    }
    const list = state.findings.get(reporter) ?? [];
    list.push(f);
    state.findings.set(reporter, list);
  }
  if (state.synthDepth > 0) state.last = lines;
  return lines;
}
