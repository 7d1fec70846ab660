/**
 * The FlinkDeployment and the plain objects of our constructs render in one pass
 * (lib/private/render.ts) instead of cdk8s' resolve-then-sanitize. The manifest must be exactly what
 * cdk8s' own path gives, key order included, and cdk8s' path must be taken whenever the one pass
 * does not know the outcome (JSON patches, custom resolvers, CDK8S_DISABLE_SORT, unusual values).
 */
import { ApiObject, App, Chart, Duration, IResolver, JsonPatch, Lazy, ResolutionContext, Size, Testing } from 'cdk8s';
import * as operator from '../imports/flink.apache.org';
import { CheckpointPolicy, FlinkApplication, FlinkApplicationProps, FlinkServiceAccount, FlinkStorage, FlinkVersion, JobJar, OperatorVersion, UpgradeMode } from '../lib';
import { FlinkDeploymentObject, KubeObject } from '../lib/private/kube';
import * as renderModule from '../lib/private/render';
import { EXAMPLE_CHARTS } from './example-charts';

// ApiObject's `instanceof` answers for any ApiObject: the class is told by the prototype.
const isDeploymentObject = (o: ApiObject) => FlinkDeploymentObject.prototype.isPrototypeOf(o);
const isKubeObject = (o: ApiObject) => KubeObject.prototype.isPrototypeOf(o);

/** cdk8s' own render of an object (the general path), whatever its class. */
function generalRender(o: ApiObject): any {
  if (isDeploymentObject(o)) return operator.FlinkDeployment.prototype.toJson.call(o);
  if (isKubeObject(o)) return ApiObject.prototype.toJson.call(o);
  return o.toJson();
}

function objectsOf(app: App): ApiObject[] {
  return app.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
}

/** Renders every object both ways; returns how many took the one pass. */
function expectSameRenders(app: App): number {
  const onePass = jest.spyOn(renderModule, 'renderApiObject');
  let taken = 0;
  try {
    for (const o of objectsOf(app)) {
      onePass.mockClear();
      const rendered = o.toJson();
      if (onePass.mock.results.some((r) => r.value !== undefined)) taken++;
      // JSON text: the key order is part of the output.
      expect(JSON.stringify(rendered)).toBe(JSON.stringify(generalRender(o)));
    }
  } finally {
    onePass.mockRestore();
  }
  return taken;
}

function application(chart: Chart, id = 'job', extra: Partial<FlinkApplicationProps> = {}): FlinkApplication {
  const storage = FlinkStorage.persistentVolumeClaim(chart, `${id}-state`, { size: Size.gibibytes(10) });
  return new FlinkApplication(chart, id, {
    version: FlinkVersion.V1_20,
    image: 'flink:1.20',
    jar: JobJar.fromImage('/opt/flink/usrlib/job.jar'),
    upgradeMode: UpgradeMode.SAVEPOINT,
    checkpoints: CheckpointPolicy.every(Duration.seconds(30), { storage }),
    jobManager: { cpu: 0.5 },
    taskManager: { cpu: 2 },
    serviceAccount: new FlinkServiceAccount(chart, `${id}-sa`),
    podLabels: { team: 'orders' },
    ...extra,
  });
}

describe('one-pass render', () => {
  test.each(EXAMPLE_CHARTS)('example %s: every object renders as cdk8s renders it', (id, cls) => {
    const app = Testing.app();
    new cls(app, id);
    const ours = objectsOf(app).filter((o) => isKubeObject(o) || isDeploymentObject(o)).length;
    expect(expectSameRenders(app)).toBe(ours);
  });

  test('the application of the bench: FlinkDeployment, claim, service account, role and binding take the one pass', () => {
    const app = Testing.app();
    application(new Chart(app, 'c', { namespace: 'streaming' }));
    expect(objectsOf(app).map((o) => o.kind).sort()).toEqual(['FlinkDeployment', 'PersistentVolumeClaim', 'Role', 'RoleBinding', 'ServiceAccount']);
    expect(expectSameRenders(app)).toBe(5);
  });

  test('Lazy metadata values and union classes render in the one pass as cdk8s renders them', () => {
    const app = Testing.app();
    // Operator main: resources as k8s ResourceRequirements, with int-or-string union classes.
    const job = application(new Chart(app, 'c'), 'job', { operatorVersion: OperatorVersion.MAIN });
    job.resource.metadata.addLabel('lazy', Lazy.any({ produce: () => 'produced' }));
    job.resource.metadata.addAnnotation('nested', Lazy.any({ produce: () => Lazy.any({ produce: () => 'twice' }) }));
    expect(expectSameRenders(app)).toBe(5);
    expect(job.resource.toJson().metadata.labels.lazy).toBe('produced');
    expect(job.resource.toJson().metadata.annotations.nested).toBe('twice');
    // cpu 0.5 is a quantity string, cpu 2 a number: both union classes unwrapped.
    expect(job.resource.toJson().spec.jobManager.resources.requests.cpu).toBe('0.5');
    expect(job.resource.toJson().spec.taskManager.resources.requests.cpu).toBe(2);
  });

  test('a JSON patch: cdk8s renders the object, with the patch', () => {
    const app = Testing.app();
    const job = application(new Chart(app, 'c'));
    job.resource.addJsonPatch(JsonPatch.add('/spec/job/entryClass', 'com.example.Main'));
    expect(expectSameRenders(app)).toBe(4);
    expect(job.resource.toJson().spec.job.entryClass).toBe('com.example.Main');
  });

  test('a custom resolver: cdk8s renders every object, through the resolver', () => {
    class Upper implements IResolver {
      public resolve(context: ResolutionContext) {
        if (typeof context.value === 'string' && context.value === 'orders') context.replaceValue('ORDERS');
      }
    }
    const app = Testing.app({ resolvers: [new Upper()] } as any);
    const job = application(new Chart(app, 'c'));
    expect(expectSameRenders(app)).toBe(0);
    expect(job.resource.toJson().spec.podTemplate.metadata.labels.team).toBe('ORDERS');
  });

  test('CDK8S_DISABLE_SORT: cdk8s renders every object', () => {
    const app = Testing.app();
    application(new Chart(app, 'c'));
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      expect(expectSameRenders(app)).toBe(0);
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('a value with its own resolve(): cdk8s renders the object', () => {
    const app = Testing.app();
    const job = application(new Chart(app, 'c'));
    job.resource.metadata.addAnnotation('token', { resolve: () => 'resolved' } as any);
    expect(expectSameRenders(app)).toBe(4);
    expect(job.resource.toJson().metadata.annotations.token).toBe('resolved');
  });

  test('a value that is not plain data fails with cdk8s\' message on either path', () => {
    const app = Testing.app();
    const job = application(new Chart(app, 'c'));
    job.resource.metadata.add('when', new Date(0));
    expect(() => job.resource.toJson()).toThrow(/can't render non-simple object of type 'Date'/);
  });

  test('an error while rendering names the object as cdk8s does', () => {
    const app = Testing.app();
    const job = application(new Chart(app, 'c'));
    job.resource.metadata.addLabel('broken', Lazy.any({ produce: () => { throw new Error('no value'); } }));
    const general = (() => {
      try {
        operator.FlinkDeployment.prototype.toJson.call(job.resource);
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    })();
    expect(general).toMatch(/^Failed serializing construct at path 'c\/job\/Resource' with name '.*': Error: no value$/);
    expect(() => job.resource.toJson()).toThrow(general);
  });

  test('a metadata definition with fields this version does not know: rendered by its own toJson()', () => {
    const app = Testing.app();
    const job = application(new Chart(app, 'c'));
    (job.resource.metadata as any).generateName = 'extra-';
    const toJson = jest.spyOn(job.resource.metadata, 'toJson');
    try {
      expect(JSON.stringify(job.resource.toJson())).toBe(JSON.stringify(generalRender(job.resource)));
      expect(toJson).toHaveBeenCalled();
    } finally {
      toJson.mockRestore();
    }
  });

  test('keys are sorted as cdk8s sorts them: case, digits, integer-like keys, non-ASCII, long objects', () => {
    const app = Testing.app();
    const sa = new FlinkServiceAccount(new Chart(app, 'c'), 'sa');
    const tricky = ['b', 'B', 'a', '_', '-', '10', '2', '0', 'é', 'e', 'ä', 'Z', 'z1', 'z10', 'z2', '\u{1F600}', '\uFFFD', ' '];
    const many: Record<string, number> = {};
    for (let i = 40; i > 0; i--) many[`k${i}`] = i;
    sa.serviceAccount.metadata.add('tricky', Object.fromEntries(tricky.map((k, i) => [k, i])));
    sa.serviceAccount.metadata.add('many', many);
    for (const k of tricky) sa.serviceAccount.metadata.addAnnotation(k, k);
    expect(expectSameRenders(app)).toBe(3);
    // (An object lists integer-like keys first, whatever the order they were added in.)
    const inserted = (keys: string[]) => Object.keys(Object.fromEntries(keys.map((k) => [k, 0])));
    expect(Object.keys(sa.serviceAccount.toJson().metadata.tricky)).toEqual(inserted([...tricky].sort()));
    expect(Object.keys(sa.serviceAccount.toJson().metadata.many)).toEqual(Object.keys(many).sort());
  });

  test('null, undefined, empty and nested values are dropped and kept as cdk8s does', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const sa = new FlinkServiceAccount(chart, 'sa');
    sa.serviceAccount.metadata.add('emptyList', []);
    sa.serviceAccount.metadata.add('emptyMap', { inner: {} });
    sa.serviceAccount.metadata.add('nulls', { a: null, b: undefined, c: [null, 1, undefined] });
    sa.serviceAccount.metadata.addFinalizers('f');
    expect(expectSameRenders(app)).toBe(3);
    const md = sa.serviceAccount.toJson().metadata;
    expect(md.emptyList).toBeUndefined();
    expect(md.emptyMap).toBeUndefined();
    expect(md.finalizers).toEqual(['f']);
  });
});
