import { AWS, AZURE, CONSUMER } from './demo-consortium';
import { INSTANCE_ID, REGION, VM_ID } from './local-monitoring';

/** The demo's monitored services, as registrations send them. */

const tiers = [
  { belowBp: 9999, creditBp: 1000 },
  { belowBp: 9900, creditBp: 3000 },
  { belowBp: 9500, creditBp: 10000 },
];

/** Jitsi Meet on EC2, watched by CloudWatch (the demo's instance fails its status check in the emulator's scenario). */
export function jitsiOnEc2(
  key: string,
  measuredFrom: number,
  instanceId = INSTANCE_ID,
): Record<string, unknown> {
  return {
    key,
    description: 'Jitsi Meet (web, prosody, jicofo, jvb) on EC2 in eu-west-1',
    providerOrg: AWS,
    consumerOrg: CONSUMER,
    monitor: {
      kind: 'cloudwatch',
      credentialsRef: 'aws-monitoring',
      region: REGION,
      namespace: 'AWS/EC2',
      metricName: 'StatusCheckFailed',
      dimensions: [{ name: 'InstanceId', value: instanceId }],
      statistic: 'Maximum',
      availableWhen: { comparison: 'eq', threshold: '0' },
      missingData: 'unavailable',
    },
    sla: {
      periodSeconds: 60,
      promisedAvailabilityBp: 9999,
      creditTiers: tiers,
      fullRefundBelowBp: 7500,
      measuredFrom,
      settleLagSeconds: 600,
    },
  };
}

/** Jitsi Meet's video bridge on an Azure VM, watched by Azure Monitor (CPU data present means up). */
export function jitsiOnAzure(key: string, measuredFrom: number): Record<string, unknown> {
  return {
    key,
    description: 'Jitsi Meet video bridge on an Azure VM in westeurope',
    providerOrg: AZURE,
    consumerOrg: CONSUMER,
    monitor: {
      kind: 'azure-monitor',
      credentialsRef: 'azure-monitoring',
      region: 'westeurope',
      resourceId: VM_ID,
      metricNamespace: 'Microsoft.Compute/virtualMachines',
      metricName: 'Percentage CPU',
      aggregation: 'Average',
      availableWhen: { comparison: 'present' },
      missingData: 'unavailable',
    },
    sla: {
      periodSeconds: 60,
      promisedAvailabilityBp: 9990,
      creditTiers: [{ belowBp: 9990, creditBp: 2500 }],
      measuredFrom,
      settleLagSeconds: 600,
    },
  };
}
