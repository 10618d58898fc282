/**
 * npm run sim: starts the CloudWatch and Azure Monitor emulators on loopback
 * and prints their endpoints and each organisation's credentials settings.
 *   npm run sim [-- --cloudwatch-port 4582 --azure-port 8443 --dir <folder>]
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalMonitoring } from '../demo/local-monitoring';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'cloudwatch-port': { type: 'string', default: '4582' },
      'azure-port': { type: 'string', default: '8443' },
      dir: {
        type: 'string',
        default: join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'sla-ledger', 'sim'),
      },
    },
  });
  const port = (name: 'cloudwatch-port' | 'azure-port'): number => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < 0 || value > 65535)
      throw new Error(`--${name} must be a port number, got ${values[name]}`);
    return value;
  };
  const sim = await startLocalMonitoring({
    directory: values.dir as string,
    cloudWatchPort: port('cloudwatch-port'),
    azurePort: port('azure-port'),
  });
  console.log(`CloudWatch emulator     ${sim.cloudWatchEndpoint}   (awsJson1_0, SigV4 checked)`);
  console.log(
    `Azure Monitor emulator  ${sim.azureEndpoint}   (Entra ID, ARM metrics, metrics batch at ${sim.azureEndpoint}/{region}; other tools trust it with NODE_EXTRA_CA_CERTS=${sim.caFile})`,
  );
  console.log('\nscenario:');
  for (const line of sim.scenario) console.log(`  ${line}`);
  console.log(
    "\neach organisation's chaincode process reads the monitors with its own sealed credentials file:",
  );
  for (const environment of Object.values(sim.environments)) {
    console.log(
      `  ${Object.entries(environment)
        .map(([name, value]) => `${name}=${value}`)
        .join(' ')}`,
    );
  }
  console.log(
    '\nmonitor specs: {"kind":"cloudwatch","credentialsRef":"aws-monitoring","region":"eu-west-1",...} and {"kind":"azure-monitor","credentialsRef":"azure-monitoring","region":"westeurope","metricNamespace":"Microsoft.Compute/virtualMachines",...}',
  );
  console.log(
    `faults: curl -X POST ${sim.cloudWatchEndpoint}/__sim/faults -d '{"throttle":{"value":true,"times":1}}'`,
  );
  console.log(
    `        curl -k -X POST ${sim.azureEndpoint}/__sim/faults -d '{"kind":"server-error","status":503,"times":1}'`,
  );
  console.log('\nCtrl-C stops them and removes the credentials files.');
  const stop = (): void => {
    void sim.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`sim: ${(error as Error).message}`);
  process.exit(1);
});
