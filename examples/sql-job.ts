import * as path from 'path';
import { Chart, ChartProps, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { FlinkSqlJob, FlinkVersion, JobJar, SqlScript, UpgradeMode } from '../lib';

/**
 * A Flink SQL script as an application cluster. The script is read from examples/sql/orders.sql at
 * synth time, checked (terminated statements, statement set, SET keys), put into a ConfigMap and
 * mounted at /opt/flink/sql in the JobManager and TaskManager pods; the SQL runner jar (built from
 * the operator's flink-sql-runner-example into the image) gets the script path as its argument.
 */
export class SqlJobChart extends Chart {
  public readonly job: FlinkSqlJob;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    this.job = new FlinkSqlJob(this, 'orders-sql', {
      version: FlinkVersion.V1_20,
      image: 'registry.example.com/flink-sql-runner:1.20',
      runnerJar: JobJar.fromImage('/opt/flink/usrlib/sql-runner.jar'),
      script: SqlScript.fromFile(path.join(__dirname, 'sql', 'orders.sql')),
      jobManager: { memory: Size.gibibytes(2) },
      taskManager: { memory: Size.gibibytes(2), taskSlots: 2 },
      parallelism: 2,
      upgradeMode: UpgradeMode.STATELESS,
    });
  }
}
