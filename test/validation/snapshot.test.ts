/**
 * FlinkStateSnapshot rules N1-N4 (T24), the ordering rule and the trigger-time checks.
 */
import { NS, deployment, ids, lint, sessionCluster, sessionJob, snapshot } from './operator-fixtures';

/** The snapshot's findings, with the given resources before it. */
function snapIds(snap: any, before: any[] = [deployment()], options = {}): string[] {
  return ids(lint([...before, snap], options).filter((f) => f.index === before.length));
}

describe('N1 snapshot-one-of (T24)', () => {
  test('savepoint and checkpoint both set fails', () => {
    expect(snapIds(snapshot((s) => { s.spec.checkpoint = {}; }))).toEqual(['snapshot-one-of:N1']);
  });
  test('neither set fails', () => {
    expect(snapIds(snapshot((s) => { delete s.spec.savepoint; }))).toEqual(['snapshot-one-of:N1']);
  });
  test('exactly one passes', () => {
    expect(snapIds(snapshot())).toEqual([]);
    expect(snapIds(snapshot((s) => { delete s.spec.savepoint; s.spec.checkpoint = {}; }))).toEqual([]);
  });
});

describe('N2/N3 snapshot-job-reference-missing (T24)', () => {
  test('jobReference null fails', () => {
    const f = lint([deployment(), snapshot((s) => { delete s.spec.jobReference; })]).filter((x) => x.index === 1);
    expect(ids(f)).toEqual(['snapshot-job-reference-missing:N3']);
    expect(f[0].path).toBe('spec.jobReference');
  });
  test('jobReference null with alreadyExists is valid (N2)', () => {
    expect(snapIds(snapshot((s) => { delete s.spec.jobReference; s.spec.savepoint.alreadyExists = true; }), [])).toEqual([]);
  });
});

describe('N4 snapshot-target-not-found (T24)', () => {
  const missing = snapshot((s) => { s.spec.jobReference.name = 'does-not-exist'; s.metadata.namespace = 'test'; });
  test('a missing target: error at synth, with the operator\'s wording', () => {
    const f = lint([deployment(), missing], { mode: 'synth' }).filter((x) => x.index === 1);
    expect(f.map((x) => `${x.rule}:${x.ref}/${x.severity}`)).toEqual(['snapshot-target-not-found:N4/error']);
    expect(f[0].message).toContain('Target for snapshot test/does-not-exist was not found');
  });
  test('a missing target: warning when linting', () => {
    const f = lint([missing], { mode: 'lint' });
    expect(f.map((x) => `${x.rule}:${x.ref}/${x.severity}`)).toEqual(['snapshot-target-not-found:N4/warning']);
  });
  test('declared external jobs are fine', () => {
    expect(snapIds(missing, [], { mode: 'synth', external: { jobs: ['test/does-not-exist'] } })).toEqual([]);
    expect(snapIds(missing, [], { mode: 'synth', external: { jobs: ['does-not-exist'] } })).toEqual([]);
  });
  test('the kind must match', () => {
    expect(snapIds(snapshot((s) => { s.spec.jobReference.kind = 'FlinkSessionJob'; }), [deployment()], { mode: 'synth' }))
      .toEqual(['snapshot-target-not-found:N4']);
  });
  test('a reference without kind or name is never found', () => {
    expect(snapIds(snapshot((s) => { delete s.spec.jobReference.kind; }), [deployment()], { mode: 'lint' })).toEqual(['snapshot-target-not-found:N4']);
    expect(snapIds(snapshot((s) => { s.spec.jobReference = {}; }), [deployment()], { mode: 'lint' })).toEqual(['snapshot-target-not-found:N4']);
  });
  test('only checked before the snapshot is triggered', () => {
    expect(snapIds(snapshot((s) => { s.spec.jobReference.name = 'gone'; s.status = { state: 'COMPLETED' }; }), [], { mode: 'synth' })).toEqual([]);
    expect(snapIds(snapshot((s) => { s.spec.jobReference.name = 'gone'; s.status = { state: 'TRIGGER_PENDING' }; }), [], { mode: 'synth' }))
      .toEqual(['snapshot-target-not-found:N4']);
  });
  test('a session job is a valid target', () => {
    const snap = snapshot((s) => { s.spec.jobReference = { kind: 'FlinkSessionJob', name: 'session-job' }; });
    expect(snapIds(snap, [sessionCluster(), sessionJob()], { mode: 'synth' })).toEqual([]);
  });
});

describe('snapshot-after-target', () => {
  test('a snapshot listed before its target is an error', () => {
    const f = lint([snapshot(), deployment()], { mode: 'synth' });
    expect(f.map((x) => `${x.index}:${x.rule}/${x.severity}`)).toEqual(['0:snapshot-after-target/error']);
    expect(f[0].ref).toBe('');
    expect(f[0].path).toBe('spec.jobReference.name');
  });
  test('after its target it is fine', () => {
    expect(lint([deployment(), snapshot()], { mode: 'synth' })).toEqual([]);
  });
});

describe('snapshot-target-not-a-job', () => {
  test('a session cluster has no job to snapshot', () => {
    expect(snapIds(snapshot(), [sessionCluster()])).toEqual(['snapshot-target-not-a-job']);
  });
});

describe('snapshot-checkpoint-needs-flink-1-17', () => {
  const checkpoint = snapshot((s) => { delete s.spec.savepoint; s.spec.checkpoint = {}; });
  test('a checkpoint on Flink 1.16 fails; 1.17 passes', () => {
    expect(snapIds(checkpoint, [deployment((d) => { d.spec.flinkVersion = 'v1_16'; })])).toEqual(['snapshot-checkpoint-needs-flink-1-17']);
    expect(snapIds(checkpoint, [deployment((d) => { d.spec.flinkVersion = 'v1_17'; })])).toEqual([]);
  });
  test('a session job target uses its cluster\'s version', () => {
    const snap = snapshot((s) => { delete s.spec.savepoint; s.spec.checkpoint = {}; s.spec.jobReference = { kind: 'FlinkSessionJob', name: 'session-job' }; });
    expect(snapIds(snap, [sessionCluster((d) => { d.spec.flinkVersion = 'v1_16'; }), sessionJob()])).toEqual(['snapshot-checkpoint-needs-flink-1-17']);
  });
  test('a savepoint on Flink 1.16 is fine', () => {
    expect(snapIds(snapshot(), [deployment((d) => { d.spec.flinkVersion = 'v1_16'; })])).toEqual([]);
  });
});

describe('snapshot-format-unknown and snapshot-savepoint-dir-missing', () => {
  test('formatType UNKNOWN is a warning; CANONICAL and NATIVE are fine', () => {
    const f = lint([deployment(), snapshot((s) => { s.spec.savepoint.formatType = 'UNKNOWN'; })]).filter((x) => x.index === 1);
    expect(f.map((x) => `${x.rule}/${x.severity}`)).toEqual(['snapshot-format-unknown/warning']);
    expect(snapIds(snapshot((s) => { s.spec.savepoint.formatType = 'NATIVE'; }))).toEqual([]);
  });
  test('a savepoint without a path needs the target\'s savepoint dir', () => {
    const noPath = snapshot((s) => { s.spec.savepoint = {}; });
    expect(snapIds(noPath)).toEqual([]);
    const noDir = deployment((d) => { delete d.spec.flinkConfiguration['execution.checkpointing.savepoint-dir']; });
    expect(snapIds(noPath, [noDir])).toEqual(['snapshot-savepoint-dir-missing']);
    expect(snapIds(snapshot(), [noDir])).toEqual([]);
  });
  test('the namespace of findings is the snapshot\'s', () => {
    const f = lint([snapshot((s) => { delete s.spec.savepoint; })]);
    expect(f[0]).toMatchObject({ kind: 'FlinkStateSnapshot', name: 'snap', namespace: NS });
  });
});
