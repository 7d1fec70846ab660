import { lintManifests, toResources } from '../../lib/validation/engine';
import { Resource, RuleContext } from '../../lib/validation/types';

/** Runs one rule set that only records what the context hands it. */
function contextOf(manifests: any[]): RuleContext {
  let seen: RuleContext | undefined;
  lintManifests(manifests, {}, [(ctx) => { seen = ctx; }]);
  return seen as RuleContext;
}

const doc = (kind: string, name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: kind.startsWith('Flink') ? 'flink.apache.org/v1beta1' : 'v1', kind, metadata: { name }, ...extra,
});
const names = (list: readonly Resource[]) => list.map((r) => `${r.kind}/${r.name}`);

describe('engine: resources by kind', () => {
  const manifests = [
    doc('FlinkDeployment', 'a'),
    doc('ConfigMap', 'c1'),
    doc('FlinkSessionJob', 'j1'),
    doc('FlinkDeployment', 'b'),
    doc('FlinkBlueGreenDeployment', 'bg', { spec: { template: { spec: { job: { jarURI: 'local:///x.jar' } } } } }),
    doc('FlinkSessionJob', 'j2'),
  ];

  test('ofKind lists one kind in input order, the blue/green virtual children last, as in ctx.resources', () => {
    const ctx = contextOf(manifests);
    expect(names(ctx.ofKind('FlinkDeployment'))).toEqual(['FlinkDeployment/a', 'FlinkDeployment/b', 'FlinkDeployment/bg-blue']);
    expect(ctx.ofKind('FlinkDeployment')).toEqual(ctx.resources.filter((r) => r.kind === 'FlinkDeployment'));
    expect(ctx.ofKind('FlinkDeployment')).toBe(ctx.ofKind('FlinkDeployment'));
    expect(ctx.ofKind('Secret')).toEqual([]);
  });

  test('ofKinds is the one present list itself, or every listed kind interleaved in input order', () => {
    const ctx = contextOf(manifests);
    expect(ctx.ofKinds(['FlinkStateSnapshot', 'ConfigMap', 'Secret'])).toBe(ctx.ofKind('ConfigMap'));
    expect(ctx.ofKinds(['Secret'])).toEqual([]);
    expect(names(ctx.ofKinds(['FlinkSessionJob', 'FlinkDeployment']))).toEqual([
      'FlinkDeployment/a', 'FlinkSessionJob/j1', 'FlinkDeployment/b', 'FlinkSessionJob/j2', 'FlinkDeployment/bg-blue',
    ]);
    expect(ctx.ofKinds(['FlinkDeployment', 'ConfigMap'])).toEqual(ctx.resources.filter((r) => r.kind === 'FlinkDeployment' || r.kind === 'ConfigMap'));
  });

  test('toResources still gives each resource its own writable config', () => {
    const [a, b] = toResources([doc('ConfigMap', 'x'), doc('Secret', 'y')]);
    expect(a.config).not.toBe(b.config);
    a.config.k = 'v';
    expect(b.config.k).toBeUndefined();
  });
});
