import { createHash } from 'crypto';
import * as fs from 'fs';
import * as nodePath from 'path';
import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { APPLICATION_MARKER, ApplicationJobOptions, FlinkApplication } from './application';
import { FlinkClusterProps } from './cluster';
import { JobJar } from './job-jar';
import { JobLifecycleProps } from './job-lifecycle';
import { excerpt, parseSet, splitSql } from './private/sql';
import { propError, show } from './private/util';
import { ISessionCluster } from './session-cluster';
import { SessionJob } from './session-job';
import { JobState, UpgradeMode } from './upgrade-mode';
import { isSuppressedAt } from './private/suppress';
import { checkConfigEntry } from './validation/rules/flink-config';
import { FlinkVersion, OperatorVersion } from './versions';

/** Directory where `FlinkSqlJob` mounts the script's ConfigMap by default. */
export const DEFAULT_SQL_SCRIPT_DIRECTORY = '/opt/flink/sql';
/** Pod annotation carrying the script's SHA-256: a changed script changes the spec, so the operator upgrades the job. */
export const SQL_SCRIPT_HASH_ANNOTATION = 'cdk8s-flink/sql-script-sha256';

const MAX_CONFIG_MAP_BYTES = 1024 * 1024;
const FILE_NAME = /^[-._a-zA-Z0-9]+$/;

/** Options of `SqlScript.inline`. */
export interface InlineSqlScriptOptions {
  /**
   * File name of the script inside the pods (and its key in the ConfigMap).
   * @default 'script.sql'
   */
  readonly fileName?: string;
}

/**
 * A Flink SQL script: inline text or a `.sql` file (both read at construction time, checked and
 * put into a ConfigMap mounted into the pods), or a file already inside the image.
 */
export class SqlScript {
  /** SQL text given inline. */
  public static inline(text: string, options: InlineSqlScriptOptions = {}): SqlScript {
    if (typeof text !== 'string') {
      throw new Error(`[SqlScript.inline] 'text' (${show(text)}) must be a string. Fix: pass the SQL statements as a string.`);
    }
    const fileName = options.fileName ?? 'script.sql';
    if (typeof fileName !== 'string' || !FILE_NAME.test(fileName) || fileName === '.' || fileName === '..') {
      throw new Error(`[SqlScript.inline] 'fileName' (${show(fileName)}) is not a valid file name (letters, digits, '-', '_' and '.'). Fix: use e.g. 'orders.sql'.`);
    }
    return new SqlScript(text, fileName, fileName, undefined);
  }

  /**
   * A `.sql` file, read now (at synth time). Relative paths resolve against the working directory:
   * prefer `path.join(__dirname, 'sql', 'orders.sql')`.
   */
  public static fromFile(path: string): SqlScript {
    const where = '[SqlScript.fromFile]';
    if (typeof path !== 'string' || path.trim() === '') {
      throw new Error(`${where} 'path' (${show(path)}) must be a file path. Fix: give the path of a .sql file, e.g. path.join(__dirname, 'sql', 'orders.sql').`);
    }
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(path);
    } catch {
      stat = undefined;
    }
    if (!stat) {
      throw new Error(`${where} 'path' (${path}) does not exist. Fix: give the path of an existing .sql file; relative paths resolve against the working directory (${process.cwd()}), so prefer path.join(__dirname, ...).`);
    }
    if (!stat.isFile()) {
      throw new Error(`${where} 'path' (${path}) is not a file. Fix: give the path of a .sql file.`);
    }
    const base = nodePath.basename(path);
    const fileName = FILE_NAME.test(base) ? base : 'script.sql';
    return new SqlScript(fs.readFileSync(path, 'utf8'), fileName, base, undefined);
  }

  /**
   * A script that is already inside the image (or otherwise mounted into the pods) at an absolute
   * path, e.g. `/opt/flink/usrlib/sql-scripts/simple.sql`. Nothing is mounted and its statements
   * cannot be checked at synth. The only kind of script a `SqlSessionJob` accepts.
   */
  public static inImage(path: string): SqlScript {
    if (typeof path !== 'string' || !path.startsWith('/') || /\s/.test(path) || path.endsWith('/')) {
      throw new Error(`[SqlScript.inImage] 'path' (${show(path)}) must be an absolute file path inside the image. Fix: use e.g. '/opt/flink/usrlib/sql-scripts/simple.sql'.`);
    }
    return new SqlScript(undefined, nodePath.posix.basename(path), path, path);
  }

  /** The SQL text, when the library has it (inline and file scripts). */
  public readonly text?: string;
  /** The path inside the image, for `inImage` scripts. */
  public readonly imagePath?: string;

  private constructor(
    text: string | undefined,
    /** File name of the script in the pods. */
    public readonly fileName: string,
    /** Where the script came from, for messages: the file path, the image path or the inline file name. */
    public readonly source: string,
    imagePath: string | undefined,
  ) {
    this.text = text;
    this.imagePath = imagePath;
  }

  /** Whether the script is inside the image (nothing to mount). */
  public get isInImage(): boolean {
    return this.imagePath !== undefined;
  }
}

/** Result of checking a script: statement count and warnings. */
interface ScriptCheck {
  readonly statements: number;
  readonly warnings: string[];
}

/**
 * Checks a script's text: splits it (unterminated statements, quotes and comments are errors),
 * needs at least one statement, checks `SET 'key' = 'value'` lines against the Flink key catalogue.
 */
function checkScript(where: IConstruct | string, script: SqlScript, flinkVersion: FlinkVersion | undefined, operatorVersion: OperatorVersion): ScriptCheck {
  const text = script.text ?? '';
  const src = script.source;
  const { statements, problems } = splitSql(text);
  if (problems.length) {
    const p = problems[0];
    throw propError(where, 'script', src, `is not valid Flink SQL: ${p.message}`, p.fix);
  }
  if (statements.length === 0) {
    throw propError(where, 'script', src, 'contains no SQL statements',
      "add statements that end with ';' (e.g. INSERT INTO sink SELECT * FROM source;), or point at the right file");
  }
  if (Buffer.byteLength(text, 'utf8') > MAX_CONFIG_MAP_BYTES) {
    throw propError(where, 'script', src, 'is larger than 1 MiB, the limit of a ConfigMap', 'split the script or put it into the image with SqlScript.inImage(path)');
  }
  const warnings: string[] = [];
  let looseInserts = 0;
  for (const s of statements) {
    if (s.statementSet) {
      for (const inner of s.inner) {
        if (!/^INSERT\b/i.test(inner.text)) {
          throw propError(where, 'script', src, `has '${excerpt(inner.text)}' at line ${inner.line} inside a statement set, which takes only INSERT statements`,
            'move it before EXECUTE STATEMENT SET BEGIN');
        }
      }
      continue;
    }
    if (/^INSERT\b/i.test(s.text)) looseInserts++;
    const set = parseSet(s.text);
    if (set === null) {
      throw propError(where, 'script', src, `has '${excerpt(s.text)}' at line ${s.line}, which Flink SQL does not parse`,
        "quote key and value: SET 'key' = 'value';");
    }
    if (set === undefined) continue;
    const issues = checkConfigEntry(set.key, set.value, { flinkVersion: flinkVersion?.value, operatorVersion: operatorVersion.id });
    for (const issue of issues) {
      const message = issue.message.replace(/\.$/, '');
      if (issue.severity === 'error' && !(typeof where !== 'string' && isSuppressedAt(where, issue.rule))) {
        throw propError(where, 'script', src, `has SET '${set.key}' at line ${s.line}: ${message}`, issue.fix.replace(/\.$/, ''));
      }
      warnings.push(`${src} line ${s.line}: ${message}. ${issue.fix}`);
    }
  }
  if (looseInserts > 1) {
    warnings.push(`${src}: ${looseInserts} INSERT statements outside a statement set each start their own job; wrap them in EXECUTE STATEMENT SET BEGIN ... END; to run them as one job.`);
  }
  return { statements: statements.length, warnings };
}

function childPath(scope: IConstruct, id: string): string {
  return scope.node.path ? `${scope.node.path}/${id}` : id;
}

/** Props of `FlinkSqlJob`. */
export interface FlinkSqlJobProps extends FlinkClusterProps, ApplicationJobOptions {
  /** The SQL script: `SqlScript.inline(...)`, `SqlScript.fromFile(...)` or `SqlScript.inImage(...)`. */
  readonly script: SqlScript;
  /**
   * The SQL runner jar inside the image (a `main` that runs the script given as its first
   * argument, like the operator's flink-sql-runner-example), e.g.
   * `JobJar.fromImage('/opt/flink/usrlib/sql-runner.jar')`.
   */
  readonly runnerJar: JobJar;
  /**
   * Main class of the runner.
   * @default - the runner jar's manifest main class.
   */
  readonly entryClass?: string;
  /**
   * Directory where the script's ConfigMap is mounted (inline and file scripts). It hides what the
   * image has there.
   * @default '/opt/flink/sql'
   */
  readonly scriptDirectory?: string;
  /**
   * Allow state in the savepoint that the job no longer has.
   * @default - Flink's default (false).
   */
  readonly allowNonRestoredState?: boolean;
}

/**
 * A Flink SQL script run as an application cluster: the script goes into a ConfigMap mounted into
 * `flink-main-container` of the JobManager and TaskManager pods, and the SQL runner jar gets the
 * script path as its argument. Checked at synth: statements are terminated (quotes, comments and
 * `EXECUTE STATEMENT SET BEGIN ... END;` understood), the script is not empty, and the keys of
 * `SET 'key' = 'value';` lines are known to the Flink version with valid values.
 */
export class FlinkSqlJob extends FlinkApplication {
  /** The script. */
  public readonly script: SqlScript;
  /** Path of the script inside the pods (the runner's argument). */
  public readonly scriptPath: string;
  /** The ConfigMap holding the script (not for `SqlScript.inImage`). */
  public readonly configMap?: kplus.ConfigMap;
  /** Number of statements (a statement set counts as one); undefined for scripts in the image. */
  public readonly statementCount?: number;
  private readonly _scriptWarnings: string[];

  public constructor(scope: Construct, id: string, props: FlinkSqlJobProps) {
    const path = childPath(scope, id);
    const raw = props as any;
    if (raw.cluster !== undefined) {
      throw propError(path, 'cluster', raw.cluster?.node?.path ?? raw.cluster, 'is not a prop of FlinkSqlJob, which runs its own application cluster',
        'to submit the script to a session cluster use SqlSessionJob with SqlScript.inImage(path)');
    }
    for (const p of ['jar', 'args']) {
      if (raw[p] !== undefined) {
        throw propError(path, p, raw[p]?.uri ?? raw[p], 'is not a prop of FlinkSqlJob (the runner jar and the script path are set from \'runnerJar\' and \'script\')',
          `remove '${p}'`);
      }
    }
    if (!(props.script instanceof SqlScript)) {
      throw propError(path, 'script', props.script, 'must be a SqlScript', "use SqlScript.fromFile(path.join(__dirname, 'job.sql')), SqlScript.inline(...) or SqlScript.inImage(...)");
    }
    if (!(props.runnerJar instanceof JobJar)) {
      throw propError(path, 'runnerJar', props.runnerJar, 'must be a JobJar', "use JobJar.fromImage('/opt/flink/usrlib/sql-runner.jar')");
    }
    const dir = (props.scriptDirectory ?? DEFAULT_SQL_SCRIPT_DIRECTORY).replace(/\/+$/, '');
    if (typeof props.scriptDirectory === 'string' && (!props.scriptDirectory.startsWith('/') || /\s/.test(props.scriptDirectory) || dir === '')) {
      throw propError(path, 'scriptDirectory', props.scriptDirectory, 'must be an absolute directory path other than /', `use e.g. '${DEFAULT_SQL_SCRIPT_DIRECTORY}'`);
    }
    if (props.script.isInImage && props.scriptDirectory !== undefined) {
      throw propError(path, 'scriptDirectory', props.scriptDirectory, 'has no effect for a script in the image (nothing is mounted)', "remove 'scriptDirectory'");
    }
    const check = props.script.isInImage ? undefined
      : checkScript(path, props.script, props.version instanceof FlinkVersion ? props.version : undefined, props.operatorVersion ?? OperatorVersion.V1_15);
    const scriptPath = props.script.imagePath ?? `${dir}/${props.script.fileName}`;
    const podAnnotations = props.script.isInImage ? props.podAnnotations : {
      ...props.podAnnotations,
      [SQL_SCRIPT_HASH_ANNOTATION]: createHash('sha256').update(props.script.text ?? '').digest('hex'),
    };

    super(scope, id, {
      ...props,
      podAnnotations,
      jar: props.runnerJar,
      args: [scriptPath],
    });
    this.script = props.script;
    this.scriptPath = scriptPath;
    this.statementCount = check?.statements;
    this._scriptWarnings = check?.warnings ?? [];

    if (!props.script.isInImage) {
      this.configMap = new kplus.ConfigMap(this, 'Script', {
        metadata: { name: `${this.name}-sql`, namespace: props.metadata?.namespace },
        data: { [props.script.fileName]: props.script.text! },
      });
      const volume = kplus.Volume.fromConfigMap(this, 'ScriptVolume', this.configMap, { name: 'sql-script' });
      this.addVolume({ volume, mountPath: dir, readOnly: true });
      this.resource.addDependency(ApiObject.of(this.configMap));
    }
  }

  /** Warnings about the script (deprecated SET keys, several INSERTs outside a statement set), a copy. */
  public get scriptWarnings(): string[] {
    return [...this._scriptWarnings];
  }
}

/** Props of `SqlSessionJob`. */
export interface SqlSessionJobProps extends JobLifecycleProps {
  /** The session cluster the job is submitted to. Application clusters (FlinkApplication, FlinkSqlJob, PyFlinkJob) are rejected. */
  readonly cluster: ISessionCluster;
  /**
   * The script, already present in the session cluster's pods: `SqlScript.inImage(path)` (in the
   * image, or mounted through the session cluster's `volumes`). The operator cannot mount a
   * ConfigMap into the pods of a running session cluster.
   */
  readonly script: SqlScript;
  /** The SQL runner jar; the operator downloads it, so it must be a URL, e.g. `JobJar.fromUrl('https://.../sql-runner.jar')`. */
  readonly runnerJar: JobJar;
  /** Job parallelism; required for session jobs. */
  readonly parallelism: number;
  /**
   * Main class of the runner.
   * @default - the runner jar's manifest main class.
   */
  readonly entryClass?: string;
  /**
   * Name of the FlinkSessionJob.
   * @default - generated from the construct path.
   */
  readonly name?: string;
  /**
   * Labels, annotations and namespace of the FlinkSessionJob.
   * @default - none.
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * How state is carried over on upgrades.
   * @default - the operator's default (stateless).
   */
  readonly upgradeMode?: UpgradeMode;
  /**
   * Desired job state.
   * @default - the operator's default (running).
   */
  readonly state?: JobState;
  /**
   * Job-level Flink configuration, merged over the cluster's.
   * @default - none.
   */
  readonly flinkConfiguration?: { [key: string]: string };
  /**
   * Savepoint to restore the first deployment from.
   * @default - none.
   */
  readonly initialSavepointPath?: string;
  /**
   * Allow state in the savepoint that the job no longer has.
   * @default - Flink's default (false).
   */
  readonly allowNonRestoredState?: boolean;
}

/**
 * A Flink SQL script submitted to a session cluster (FlinkSessionJob running the SQL runner jar).
 * The operator downloads the runner jar from its URL; the script must already be readable in the
 * session cluster's JobManager pod (`SqlScript.inImage(path)`).
 */
export class SqlSessionJob extends SessionJob {
  /** The script. */
  public readonly script: SqlScript;
  /** Path of the script inside the session cluster's pods. */
  public readonly scriptPath: string;

  public constructor(scope: Construct, id: string, props: SqlSessionJobProps) {
    const path = childPath(scope, id);
    const cluster: any = props.cluster;
    if (cluster && cluster[APPLICATION_MARKER]) {
      throw propError(path, 'cluster', cluster.node?.path, 'is an application cluster, which runs only its own job: a SQL job cannot be submitted to it',
        'submit to a FlinkSessionCluster (or FlinkSessionCluster.fromName(...)), or run the script as its own FlinkSqlJob');
    }
    if (!(props.script instanceof SqlScript)) {
      throw propError(path, 'script', props.script, 'must be a SqlScript', "use SqlScript.inImage('/opt/flink/usrlib/sql-scripts/job.sql')");
    }
    if (!props.script.isInImage) {
      throw propError(path, 'script', props.script.source,
        "cannot reach a session cluster's pods (the operator submits session jobs through the REST API and cannot mount a ConfigMap into a running cluster)",
        'bake the script into the session cluster image, or mount it through the cluster\'s \'volumes\' (a ConfigMap), and use SqlScript.inImage(path)');
    }
    for (const p of ['jar', 'args']) {
      if ((props as any)[p] !== undefined) {
        throw propError(path, p, (props as any)[p]?.uri ?? (props as any)[p], 'is not a prop of SqlSessionJob (the runner jar and the script path are set from \'runnerJar\' and \'script\')',
          `remove '${p}'`);
      }
    }
    super(scope, id, { ...props, jar: props.runnerJar, args: [props.script.imagePath!] });
    this.script = props.script;
    this.scriptPath = props.script.imagePath!;
  }
}
