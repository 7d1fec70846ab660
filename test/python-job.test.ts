import { Testing } from 'cdk8s';
import {
  FlinkApplication, FlinkVersion, JobJar, PYTHON_DRIVER_CLASS, PyFlinkJob, PyFlinkJobProps, PythonEntry, SessionJob, UpgradeMode,
} from '../lib';
import { PythonJobChart } from '../examples/python-job';
import { errorOf, errorsOf, only, synth } from './helpers';

const base = (entry: PythonEntry, extra: Partial<PyFlinkJobProps> = {}): PyFlinkJobProps => ({
  version: FlinkVersion.V1_20, image: 'flink:1.20', entry, ...extra,
});
const jobOf = (props: PyFlinkJobProps) => {
  const chart = Testing.chart();
  const job = new PyFlinkJob(chart, 'py', props);
  return { job, spec: only(synth(chart), 'FlinkDeployment').spec };
};

describe('PyFlinkJob', () => {
  test('a .py file: flink-python jar, PythonDriver, options before the entry and the program arguments', () => {
    const { job, spec } = jobOf(base(PythonEntry.file('/opt/flink/usrlib/job.py'), {
      pythonExecutable: '/usr/bin/python3',
      workerPythonExecutable: '/opt/venv/bin/python',
      pythonFiles: ['/opt/flink/usrlib/lib', '/opt/flink/usrlib/util.py'],
      pythonArchives: ['/opt/flink/usrlib/venv.zip#venv'],
      pythonRequirements: '/opt/flink/usrlib/requirements.txt',
      args: ['--input', '/data/in', '--pyFiles-is-just-text'],
      parallelism: 2,
      upgradeMode: UpgradeMode.STATELESS,
    }));
    expect(spec.job).toEqual({
      jarURI: 'local:///opt/flink/opt/flink-python-1.20.0.jar',
      entryClass: 'org.apache.flink.client.python.PythonDriver',
      args: [
        '-pyclientexec', '/usr/bin/python3',
        '-pyexec', '/opt/venv/bin/python',
        '-pyfs', '/opt/flink/usrlib/lib,/opt/flink/usrlib/util.py',
        '-pyarch', '/opt/flink/usrlib/venv.zip#venv',
        '-pyreq', '/opt/flink/usrlib/requirements.txt',
        '-py', '/opt/flink/usrlib/job.py',
        '--input', '/data/in', '--pyFiles-is-just-text',
      ],
      parallelism: 2,
      upgradeMode: 'stateless',
    });
    expect(job.entry.isModule).toBe(false);
    expect(job).toBeInstanceOf(FlinkApplication);
  });

  test('a module: -pym', () => {
    const { spec } = jobOf(base(PythonEntry.module('word_count.main')));
    expect(spec.job.args).toEqual(['-pym', 'word_count.main']);
    expect(spec.job.entryClass).toBe(PYTHON_DRIVER_CLASS);
  });

  test.each([
    ['flink:1.20', FlinkVersion.V1_20, 'local:///opt/flink/opt/flink-python-1.20.0.jar'],
    ['flink:1.20.1-scala_2.12-java17', FlinkVersion.V1_20, 'local:///opt/flink/opt/flink-python-1.20.1.jar'],
    ['flink:2.2.0', FlinkVersion.V2_2, 'local:///opt/flink/opt/flink-python-2.2.0.jar'],
    ['registry.example.com/pyflink:3.4.5', FlinkVersion.V2_1, 'local:///opt/flink/opt/flink-python-2.1.0.jar'],
  ])('image %s, version %s: default jar %s', (image, version, jar) => {
    expect(jobOf(base(PythonEntry.file('/opt/job.py'), { image, version })).spec.job.jarURI).toBe(jar);
  });

  test('PyFlinkJob.defaultJar', () => {
    expect(PyFlinkJob.defaultJar(FlinkVersion.V1_19, 'flink:1.19.2').uri).toBe('local:///opt/flink/opt/flink-python-1.19.2.jar');
    expect(PyFlinkJob.defaultJar(FlinkVersion.V1_19, 'flink:1.20.1').uri).toBe('local:///opt/flink/opt/flink-python-1.19.0.jar');
  });

  test('the jar can be overridden', () => {
    const { spec } = jobOf(base(PythonEntry.file('/opt/job.py'), { jar: JobJar.fromImage('/opt/flink/lib/flink-python-1.20.2.jar') }));
    expect(spec.job.jarURI).toBe('local:///opt/flink/lib/flink-python-1.20.2.jar');
  });

  test('passes the operator rules and the CRD schema', () => {
    const chart = Testing.chart();
    new PyFlinkJob(chart, 'py', base(PythonEntry.module('pkg.main'), { pythonExecutable: '/usr/bin/python3' }));
    expect(errorsOf(synth(chart), '1.15')).toEqual([]);
  });

  test('a second entry point is impossible: by type, and through the escape hatches', () => {
    const chart = Testing.chart();
    const entry = PythonEntry.file('/opt/flink/usrlib/job.py');
    // JavaScript callers passing both forms as plain props.
    expect(errorOf(() => new PyFlinkJob(chart, 'a', { ...base(entry), module: 'pkg.main' } as any))).toBe(
      "[test/a] 'module' (pkg.main) is not a prop of PyFlinkJob; the entry is already -py /opt/flink/usrlib/job.py. Fix: remove 'module': a program has one entry, PythonEntry.file(...) or PythonEntry.module(...).");
    expect(errorOf(() => new PyFlinkJob(chart, 'b', { version: FlinkVersion.V1_20, image: 'flink:1.20', file: '/a.py', module: 'pkg.main' } as any))).toBe(
      "[test/b] 'entry' ({\"file\":\"/a.py\",\"module\":\"pkg.main\"}) must be a PythonEntry (one file or one module). Fix: use PythonEntry.file('/opt/flink/usrlib/job.py') or PythonEntry.module('pkg.job').");
    // A second entry smuggled in through the program arguments.
    expect(errorOf(() => new PyFlinkJob(chart, 'c', base(entry, { args: ['--x', '-pym', 'pkg.main'] })))).toBe(
      "[test/c] 'args[1]' (-pym) would give a second entry point (the entry is already -py /opt/flink/usrlib/job.py); arguments after the entry go to the program. Fix: set the entry only with 'entry' (PythonEntry.file(...) or PythonEntry.module(...)).");
    expect(errorOf(() => new PyFlinkJob(chart, 'd', base(PythonEntry.module('pkg.main'), { args: ['--python', '/b.py'] })))).toBe(
      "[test/d] 'args[0]' (--python) would give a second entry point (the entry is already -pym pkg.main); arguments after the entry go to the program. Fix: set the entry only with 'entry' (PythonEntry.file(...) or PythonEntry.module(...)).");
  });

  test('misuse of props', () => {
    const chart = Testing.chart();
    const entry = PythonEntry.file('/opt/job.py');
    expect(errorOf(() => new PyFlinkJob(chart, 'a', base(entry, { args: ['-pyfs', '/x.py'] })))).toBe(
      "[test/a] 'args[0]' (-pyfs) is a PythonDriver option, but arguments after the entry go to the program. Fix: use the props 'pythonExecutable', 'workerPythonExecutable', 'pythonFiles', 'pythonArchives' or 'pythonRequirements'.");
    expect(errorOf(() => new PyFlinkJob(chart, 'b', { ...base(entry), entryClass: 'com.example.Main' } as any))).toBe(
      "[test/b] 'entryClass' (com.example.Main) must be org.apache.flink.client.python.PythonDriver for a PyFlink program. Fix: remove 'entryClass'.");
    expect(errorOf(() => new PyFlinkJob(chart, 'c', base(entry, { pythonFiles: ['/a.py,/b.py'] })))).toBe(
      "[test/c] 'pythonFiles[0]' (/a.py,/b.py) must be a path without spaces or commas (the list is joined with ','). Fix: give one path per item.");
    expect(errorOf(() => new PyFlinkJob(chart, 'd', base(entry, { pythonExecutable: 'python 3' })))).toBe(
      "[test/d] 'pythonExecutable' (python 3) must be a path without spaces. Fix: set 'pythonExecutable' to e.g. '/usr/bin/python3', or remove it.");
    expect(errorOf(() => new PyFlinkJob(chart, 'e', base(entry, { pythonArchives: [] })))).toBe(
      "[test/e] 'pythonArchives' ([]) must be a non-empty list. Fix: remove 'pythonArchives' or give one or more paths.");
  });

  test('a session job cannot target a PyFlink application', () => {
    const chart = Testing.chart();
    const py = new PyFlinkJob(chart, 'py', base(PythonEntry.file('/opt/job.py')));
    expect(errorOf(() => new SessionJob(chart, 'j', { cluster: py as any, jar: JobJar.fromUrl('https://x.example.com/a.jar'), parallelism: 1 })))
      .toMatch(/^\[test\/j\] 'cluster' \(test\/py\) must be a session cluster/);
  });
});

describe('PythonEntry', () => {
  test.each([
    [() => PythonEntry.file('job.txt'), "[PythonEntry.file] 'path' (job.txt) must be the path of a .py file without spaces or commas. Fix: use e.g. '/opt/flink/usrlib/python_demo.py', or PythonEntry.module('pkg.main') for a module."],
    [() => PythonEntry.module('pkg/main.py'), "[PythonEntry.module] 'name' (pkg/main.py) is not a Python module name. Fix: use a dotted name such as 'word_count.main' (no '.py'; for a file use PythonEntry.file(path))."],
    [() => PythonEntry.module('pkg.main.py'), "[PythonEntry.module] 'name' (pkg.main.py) is not a Python module name. Fix: use a dotted name such as 'word_count.main' (no '.py'; for a file use PythonEntry.file(path))."],
  ])('%# misuse', (fn, message) => {
    expect(errorOf(fn)).toBe(message);
  });
});

describe('example: python-job', () => {
  test('snapshot, checks and facts', () => {
    const chart = new PythonJobChart(Testing.app(), 'python-job');
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    expect(errorsOf(manifests, '1.15')).toEqual([]);
    const job = only(manifests, 'FlinkDeployment').spec.job;
    expect(job.args.slice(-4)).toEqual(['-pym', 'word_count.main', '--output', '/tmp/word-count']);
    expect(job.jarURI).toBe('local:///opt/flink/opt/flink-python-2.2.0.jar');
  });
});
