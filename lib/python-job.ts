import { Construct, IConstruct } from 'constructs';
import { ApplicationJobOptions, FlinkApplication } from './application';
import { FlinkClusterProps } from './cluster';
import { JobJar } from './job-jar';
import { array, checkInstance, checkProps, checkString, string } from './private/check';
import { clusterProps, jobProps } from './private/props';
import { propError, show } from './private/util';
import { imageFlinkVersion } from './validation/rules/flink-config';
import { FlinkVersion } from './versions';

/** Entry class of PyFlink programs (flink-python). */
export const PYTHON_DRIVER_CLASS = 'org.apache.flink.client.python.PythonDriver';

/** PythonDriver options that choose the entry point; only `entry` may set them. */
const ENTRY_OPTIONS = ['-py', '--python', '-pym', '--pyModule'];
/** PythonDriver options that this construct writes from its props. */
const DRIVER_OPTIONS = ['-pyclientexec', '--pyClientExecutable', '-pyexec', '--pyExecutable', '-pyfs', '--pyFiles',
  '-pyarch', '--pyArchives', '-pyreq', '--pyRequirements'];
const MODULE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * The entry point of a PyFlink program: a `.py` file (`-py`) or a module (`-pym`). One or the
 * other, never both.
 */
export class PythonEntry {
  /** A Python file, e.g. `/opt/flink/usrlib/python_demo.py` (`-py`). */
  public static file(path: string): PythonEntry {
    if (typeof path !== 'string' || !/\.py$/.test(path) || /[\s,]/.test(path)) {
      throw new Error(`[PythonEntry.file] 'path' (${show(path)}) must be the path of a .py file without spaces or commas. Fix: use e.g. '/opt/flink/usrlib/python_demo.py', or PythonEntry.module('pkg.main') for a module.`);
    }
    return new PythonEntry('-py', path);
  }

  /** A Python module, e.g. `word_count.main` (`-pym`); its files come from the image or `pythonFiles`. */
  public static module(name: string): PythonEntry {
    if (typeof name !== 'string' || !MODULE.test(name) || name.endsWith('.py')) {
      throw new Error(`[PythonEntry.module] 'name' (${show(name)}) is not a Python module name. Fix: use a dotted name such as 'word_count.main' (no '.py'; for a file use PythonEntry.file(path)).`);
    }
    return new PythonEntry('-pym', name);
  }

  private constructor(
    /** The PythonDriver option: `-py` or `-pym`. */
    public readonly option: string,
    /** The file path or module name. */
    public readonly value: string,
  ) {}

  /** Whether the entry is a module (`-pym`). */
  public get isModule(): boolean {
    return this.option === '-pym';
  }
}

/** Props of `PyFlinkJob`. */
export interface PyFlinkJobProps extends FlinkClusterProps, ApplicationJobOptions {
  /** The program: `PythonEntry.file(path)` or `PythonEntry.module(name)`. */
  readonly entry: PythonEntry;
  /**
   * Python interpreter that runs the program's `main` on the JobManager (`-pyclientexec`), e.g. `/usr/bin/python3`.
   * @default - Flink's default (`python` on the PATH).
   */
  readonly pythonExecutable?: string;
  /**
   * Python interpreter of the Python workers on the TaskManagers (`-pyexec`).
   * @default - Flink's default (`python` on the PATH).
   */
  readonly workerPythonExecutable?: string;
  /**
   * Extra Python files, directories or archives on the PYTHONPATH (`-pyfs`, joined with ',').
   * @default - none.
   */
  readonly pythonFiles?: string[];
  /**
   * Archives extracted into the workers' working directory (`-pyarch`, joined with ','), e.g.
   * `/opt/flink/usrlib/venv.zip#venv`.
   * @default - none.
   */
  readonly pythonArchives?: string[];
  /**
   * A requirements.txt installed before the job starts (`-pyreq`), optionally `file#cacheDir`.
   * @default - none.
   */
  readonly pythonRequirements?: string;
  /**
   * The jar that holds the PythonDriver (`job.jarURI`).
   * @default JobJar.fromImage('/opt/flink/opt/flink-python-<version>.jar') with the image tag's
   *   full version (e.g. flink:1.20.1), else `<major>.<minor>.0` of `version`
   */
  readonly jar?: JobJar;
  /**
   * Arguments of the Python program; written after the Flink options and the entry.
   * @default - none.
   */
  readonly args?: string[];
}

function childPath(scope: IConstruct, id: string): string {
  return scope.node.path ? `${scope.node.path}/${id}` : id;
}

/** The default flink-python jar path for a Flink version and image. */
function defaultPythonJar(version: FlinkVersion, image: string): JobJar {
  const tag = typeof image === 'string' ? /:(\d+\.\d+\.\d+)(?:[-_].*)?$/.exec(image.split('@')[0]) : null;
  const full = tag && imageFlinkVersion(image) !== undefined && tag[1].startsWith(`${version.major}.${version.minor}.`)
    ? tag[1] : `${version.major}.${version.minor}.0`;
  return JobJar.fromImage(`/opt/flink/opt/flink-python-${full}.jar`);
}

/**
 * A PyFlink program run as an application cluster: the flink-python jar with entry class
 * `org.apache.flink.client.python.PythonDriver`, the PythonDriver options from the props, then the
 * entry (`-py file` or `-pym module`), then the program's own arguments. The image must contain a
 * Python interpreter with a PyFlink of the same Flink version.
 */
export class PyFlinkJob extends FlinkApplication {
  /**
   * The default flink-python jar: `/opt/flink/opt/flink-python-<x.y.z>.jar` with the full version of an
   * official `flink:x.y.z` image tag, else `<major>.<minor>.0` of `version`.
   */
  public static defaultJar(version: FlinkVersion, image: string): JobJar {
    checkInstance('PyFlinkJob.defaultJar', 'version', version, FlinkVersion, 'a FlinkVersion', 'use e.g. FlinkVersion.V1_20');
    checkString('PyFlinkJob.defaultJar', 'image', image, { fix: "use e.g. 'flink:1.20'" });
    return defaultPythonJar(version, image);
  }

  /** The program's entry point. */
  public readonly entry: PythonEntry;

  public constructor(scope: Construct, id: string, props: PyFlinkJobProps) {
    const path = childPath(scope, id);
    const pythonPath = string({ fix: "use e.g. '/usr/bin/python3'" });
    checkProps(path, props, {
      ...clusterProps(), ...jobProps(),
      pythonExecutable: pythonPath, workerPythonExecutable: pythonPath, pythonRequirements: pythonPath,
      pythonFiles: array(pythonPath), pythonArchives: array(pythonPath),
    }, true, 'props');
    const raw = props as any;
    if (!(props.entry instanceof PythonEntry)) {
      const both = raw.entry === undefined && (raw.file !== undefined || raw.module !== undefined);
      throw propError(path, 'entry', raw.entry ?? (both ? { file: raw.file, module: raw.module } : undefined), 'must be a PythonEntry (one file or one module)',
        "use PythonEntry.file('/opt/flink/usrlib/job.py') or PythonEntry.module('pkg.job')");
    }
    for (const p of ['file', 'module', 'pyFile', 'pyModule']) {
      if (raw[p] !== undefined) {
        throw propError(path, p, raw[p], `is not a prop of PyFlinkJob; the entry is already ${props.entry.option} ${props.entry.value}`,
          `remove '${p}': a program has one entry, PythonEntry.file(...) or PythonEntry.module(...)`);
      }
    }
    if (raw.entryClass !== undefined && raw.entryClass !== PYTHON_DRIVER_CLASS) {
      throw propError(path, 'entryClass', raw.entryClass, `must be ${PYTHON_DRIVER_CLASS} for a PyFlink program`, "remove 'entryClass'");
    }
    const args = props.args ?? [];
    for (const [i, a] of args.entries()) {
      if (typeof a !== 'string') throw propError(path, `args[${i}]`, a, 'must be a string', 'quote the argument');
      if (ENTRY_OPTIONS.includes(a)) {
        throw propError(path, `args[${i}]`, a, `would give a second entry point (the entry is already ${props.entry.option} ${props.entry.value}); arguments after the entry go to the program`,
          "set the entry only with 'entry' (PythonEntry.file(...) or PythonEntry.module(...))");
      }
      if (DRIVER_OPTIONS.includes(a)) {
        throw propError(path, `args[${i}]`, a, 'is a PythonDriver option, but arguments after the entry go to the program',
          "use the props 'pythonExecutable', 'workerPythonExecutable', 'pythonFiles', 'pythonArchives' or 'pythonRequirements'");
      }
    }
    const driver: string[] = [];
    const single = (prop: string, option: string, v: string | undefined) => {
      if (v === undefined) return;
      if (typeof v !== 'string' || v.trim() === '' || /\s/.test(v)) {
        throw propError(path, prop, v, 'must be a path without spaces', `set '${prop}' to e.g. '/usr/bin/python3', or remove it`);
      }
      driver.push(option, v);
    };
    const list = (prop: string, option: string, v: string[] | undefined) => {
      if (v === undefined) return;
      if (!Array.isArray(v) || v.length === 0) throw propError(path, prop, v, 'must be a non-empty list', `remove '${prop}' or give one or more paths`);
      for (const [i, x] of v.entries()) {
        if (typeof x !== 'string' || x.trim() === '' || /[\s,]/.test(x)) {
          throw propError(path, `${prop}[${i}]`, x, 'must be a path without spaces or commas (the list is joined with \',\')', 'give one path per item');
        }
      }
      driver.push(option, v.join(','));
    };
    single('pythonExecutable', '-pyclientexec', props.pythonExecutable);
    single('workerPythonExecutable', '-pyexec', props.workerPythonExecutable);
    list('pythonFiles', '-pyfs', props.pythonFiles);
    list('pythonArchives', '-pyarch', props.pythonArchives);
    single('pythonRequirements', '-pyreq', props.pythonRequirements);
    if (props.jar !== undefined && !(props.jar instanceof JobJar)) {
      throw propError(path, 'jar', props.jar, 'must be a JobJar', "remove 'jar' (the flink-python jar of the image is the default) or use JobJar.fromImage(...)");
    }
    const jar = props.jar ?? (props.version instanceof FlinkVersion ? defaultPythonJar(props.version, props.image) : undefined);

    super(scope, id, {
      ...props,
      jar: jar as JobJar,
      entryClass: PYTHON_DRIVER_CLASS,
      args: [...driver, props.entry.option, props.entry.value, ...args],
    });
    this.entry = props.entry;
  }
}
