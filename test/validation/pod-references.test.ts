import * as fc from 'fast-check';
import { effectivePods, FlinkPods, podReferences, PodReference } from '../../lib/validation/pods';

/** The references of both pods without duplicates, computed the plain way. */
function naive(pods: FlinkPods): PodReference[] {
  const seen = new Set<string>();
  const out: PodReference[] = [];
  for (const r of [...pods.jobManager.references, ...pods.taskManager.references]) {
    const k = `${r.kind}\u0000${r.name}\u0000${r.path}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(r);
    }
  }
  return out;
}

const name = fc.constantFrom('a', 'b', 'flink-main-container', 'x');
const ref = fc.record({ name, optional: fc.boolean() }, { requiredKeys: ['name'] });
const volume = fc.oneof(
  fc.record({ name, persistentVolumeClaim: fc.record({ claimName: name }) }),
  fc.record({ name, secret: fc.record({ secretName: name }) }),
  fc.record({ name, configMap: ref }),
  fc.record({ name, projected: fc.record({ sources: fc.array(fc.oneof(fc.record({ secret: ref }), fc.record({ configMap: ref })), { maxLength: 3 }) }) }),
);
const container = fc.record({
  name,
  env: fc.array(fc.record({ name, valueFrom: fc.oneof(fc.record({ secretKeyRef: ref }), fc.record({ configMapKeyRef: ref })) }), { maxLength: 3 }),
  envFrom: fc.array(fc.oneof(fc.record({ secretRef: ref }), fc.record({ configMapRef: ref })), { maxLength: 2 }),
}, { requiredKeys: ['name'] });
const podSpec = fc.record({
  containers: fc.array(container, { maxLength: 3 }),
  initContainers: fc.array(container, { maxLength: 2 }),
  volumes: fc.array(volume, { maxLength: 4 }),
  imagePullSecrets: fc.array(fc.record({ name }), { maxLength: 2 }),
}, { requiredKeys: [] });
const template = fc.oneof(
  fc.constant(undefined),
  // A component template that changes no list: both pods then read the common template's lists.
  fc.constant({ spec: { automountServiceAccountToken: true } }),
  fc.record({ spec: podSpec }),
);

describe('podReferences', () => {
  test('equals the deduplicated references of both pods, whether or not the pods share one list', () => {
    let shared = 0;
    // A common template with one list only: the case where both pods can share the reference list.
    const common = fc.oneof(template, fc.record({ spec: fc.record({ volumes: fc.array(volume, { minLength: 1, maxLength: 4 }) }) }));
    fc.assert(fc.property(common, template, template, fc.boolean(), fc.boolean(), (base, jm, tm, byName, alias) => {
      // With `alias`, both component templates are the same object (as a YAML alias makes them).
      const manifest = { spec: { podTemplate: base, jobManager: { podTemplate: jm }, taskManager: { podTemplate: alias ? jm : tm } } };
      const pods = effectivePods(manifest, byName);
      if (pods.jobManager.references === pods.taskManager.references) shared++;
      expect(podReferences(pods)).toEqual(naive(pods));
    }), { numRuns: 600, seed: 17 });
    // The shortcut for a shared list must have been exercised.
    expect(shared).toBeGreaterThan(50);
  });
});
