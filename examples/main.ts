/**
 * Every example as one cdk8s app: `npm run synth` (cdk8s synth, see cdk8s.yaml) writes one
 * manifest file per chart into dist/.
 */
import { App } from 'cdk8s';
import { BasicApplicationChart } from './basic-application';
import { CheckpointHaMinikubeChart } from './checkpoint-ha-minikube';
import { CheckpointHaPvcChart } from './checkpoint-ha-pvc';
import { ConfluentPlatformChart } from './confluent-platform';
import { CustomImageChart } from './custom-image';
import { SessionClusterChart } from './session-cluster';
import { SavepointRedeployChart } from './savepoint-redeploy';
import { AdoptSavepointChart } from './adopt-savepoint';
import { SqlJobChart } from './sql-job';
import { PythonJobChart } from './python-job';
import { BlueGreenChart } from './blue-green';
import { AutoscaledApplicationChart } from './autoscaled-application';
import { ReactiveModeChart } from './reactive-mode';
import { TlsClusterChart } from './tls-cluster';
import { TlsSessionClusterChart } from './tls-session-cluster';
import { OperatorInstallChart } from './operator-install';

// No outdir: `cdk8s synth` decides where the files go (CDK8S_OUTDIR).
const app = new App();

new BasicApplicationChart(app, 'basic-application');
new SessionClusterChart(app, 'session-cluster');
new CheckpointHaPvcChart(app, 'checkpoint-ha-pvc');
new CheckpointHaMinikubeChart(app, 'checkpoint-ha-minikube');
new CustomImageChart(app, 'custom-image');
new ConfluentPlatformChart(app, 'confluent-platform');
new SavepointRedeployChart(app, 'savepoint-redeploy');
new AdoptSavepointChart(app, 'adopt-savepoint');
new SqlJobChart(app, 'sql-job');
new PythonJobChart(app, 'python-job');
new BlueGreenChart(app, 'blue-green');
new AutoscaledApplicationChart(app, 'autoscaled-application');
new ReactiveModeChart(app, 'reactive-mode');
new TlsClusterChart(app, 'tls-cluster');

app.synth();

// The operator install is an app of its own: its operator watches only the namespace `streaming`,
// and every Flink resource of an app with an operator must live in a namespace one of them watches.
const install = new App();
new OperatorInstallChart(install, 'operator-install');
install.synth();

// The TLS session cluster brings its own operator (with the REST truststore), watching `streaming`:
// an app of its own too.
const tls = new App();
new TlsSessionClusterChart(tls, 'tls-session-cluster');
tls.synth();
