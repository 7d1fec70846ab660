import { Chart, ChartProps, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { FlinkVersion, PyFlinkJob, PythonEntry, UpgradeMode } from '../lib';

/**
 * A PyFlink program as an application cluster. The image (built FROM flink:2.2 with python3 and
 * apache-flink==2.2.* installed, the program copied to /opt/flink/usrlib) is the user's; the
 * construct writes the flink-python jar, the PythonDriver entry class and the driver options.
 */
export class PythonJobChart extends Chart {
  public readonly job: PyFlinkJob;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    this.job = new PyFlinkJob(this, 'word-count-py', {
      version: FlinkVersion.V2_2,
      image: 'registry.example.com/pyflink-word-count:2.2.0',
      entry: PythonEntry.module('word_count.main'),
      pythonExecutable: '/usr/bin/python3',
      workerPythonExecutable: '/usr/bin/python3',
      pythonFiles: ['/opt/flink/usrlib/word_count'],
      args: ['--output', '/tmp/word-count'],
      jobManager: { memory: Size.gibibytes(2) },
      taskManager: { memory: Size.gibibytes(2) },
      parallelism: 1,
      upgradeMode: UpgradeMode.STATELESS,
    });
  }
}
