import { parseServiceDefinition } from '../../src/domain/service';
import { azureService, cloudWatchService } from '../fixtures/services';

function withMonitor(changes: Record<string, unknown>): Record<string, unknown> {
  const service = cloudWatchService();
  return { ...service, monitor: { ...(service.monitor as object), ...changes } };
}

function withSla(changes: Record<string, unknown>): Record<string, unknown> {
  const service = cloudWatchService();
  return { ...service, sla: { ...(service.sla as object), ...changes } };
}

describe('service registration input', () => {
  it('accepts a CloudWatch service and normalises it', () => {
    const service = parseServiceDefinition(cloudWatchService());
    expect(service.monitors).toHaveLength(1);
    expect(service.conflictRule).toBe('all-must-agree-available');
    expect(service.sla.measuredFrom).toBe(Date.parse('2026-11-25T10:00:00Z') / 1000);
    expect(service.sla.creditTiers.map((tier) => tier.belowBp)).toEqual([9999, 9900, 9500]);
  });

  it('accepts an Azure Monitor service with the default period and settle lag', () => {
    const service = parseServiceDefinition(azureService());
    expect(service.monitors[0]?.kind).toBe('azure-monitor');
    expect(service.sla.periodSeconds).toBe(60);
    expect(service.sla.settleLagSeconds).toBe(600);
  });

  it.each([
    ['secretAccessKey', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['accessKeyId', 'AKIAIOSFODNN7EXAMPLE'],
    ['password', 'hunter2'],
    ['clientSecret', 'abc'],
    ['sessionToken', 'xyz'],
    ['client_secret', 'abc'],
  ])('rejects a monitor field named %s without repeating its value', (field, value) => {
    const attempt = (): unknown => parseServiceDefinition(withMonitor({ [field]: value }));
    expect(attempt).toThrow(`INVALID_ARGUMENT: service.monitor.${field} looks like a secret`);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain(value);
    }
  });

  it('rejects a credential hidden in an innocent-looking field', () => {
    expect(() =>
      parseServiceDefinition(withMonitor({ namespace: 'AKIAIOSFODNN7EXAMPLE' })),
    ).toThrow('service.monitor.namespace holds what looks like a credential');
    expect(() =>
      parseServiceDefinition({
        ...cloudWatchService(),
        description: `-----BEGIN ${'PRIVATE'} KEY----- abc`,
      }),
    ).toThrow('service.description holds what looks like a credential');
  });

  it.each([
    ['an AWS secret access key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['an Entra ID client secret', 'abc8Q~aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3x'],
    [
      'an Azure storage key',
      'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
    ],
  ])('rejects %s given as a value', (_kind, secret) => {
    expect(() => parseServiceDefinition(withMonitor({ namespace: secret }))).toThrow(
      'service.monitor.namespace holds what looks like a credential',
    );
  });

  it('does not mistake resource ids, ARNs and instance ids for secrets', () => {
    for (const value of [
      'resourceGroups/jitsi/providers/MicrosoftCompute1234567890',
      'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/my-lb/50dc6c495c0c9188',
      'i-0123456789abcdef0',
    ]) {
      expect(() =>
        parseServiceDefinition(withMonitor({ dimensions: [{ name: 'Resource', value }] })),
      ).not.toThrow();
    }
  });

  it('rejects a dimension whose name says it carries a secret', () => {
    expect(() =>
      parseServiceDefinition(withMonitor({ dimensions: [{ name: 'ClientSecret', value: 'x' }] })),
    ).toThrow('service.monitor.dimensions[0].name names what looks like a secret');
  });

  it('rejects secrets anywhere in the registration, nested or not', () => {
    expect(() => parseServiceDefinition({ ...cloudWatchService(), apiKey: 'k' })).toThrow(
      'service.apiKey looks like a secret',
    );
    expect(() =>
      parseServiceDefinition(
        withMonitor({ dimensions: [{ name: 'InstanceId', value: 'i-1', token: 't' }] }),
      ),
    ).toThrow('service.monitor.dimensions[0].token looks like a secret');
  });

  it('accepts credentialsRef, the name of a credential', () => {
    expect(
      parseServiceDefinition(withMonitor({ credentialsRef: 'aws-prod.readonly' })).monitors[0]
        ?.credentialsRef,
    ).toBe('aws-prod.readonly');
  });

  it('names the field of every malformed input', () => {
    expect(() => parseServiceDefinition(withMonitor({ kind: 'datadog' }))).toThrow(
      'service.monitor.kind must be one of cloudwatch, azure-monitor',
    );
    expect(() => parseServiceDefinition(withMonitor({ region: 'Europe' }))).toThrow(
      'service.monitor.region must be an AWS region',
    );
    expect(() => parseServiceDefinition(withMonitor({ statistic: 'p99' }))).toThrow(
      'service.monitor.statistic must be one of',
    );
    expect(() => parseServiceDefinition(withMonitor({ colour: 'blue' }))).toThrow(
      'service.monitor.colour is not a known field',
    );
    expect(() => parseServiceDefinition(withSla({ periodSeconds: 90 }))).toThrow(
      'service.sla.periodSeconds must be a whole number of minutes',
    );
    expect(() => parseServiceDefinition(withSla({ measuredFrom: '2026-11-25T10:00:30Z' }))).toThrow(
      'service.sla.measuredFrom must be aligned to the period',
    );
    expect(() => parseServiceDefinition(withSla({ settleLagSeconds: 60 }))).toThrow(
      'service.sla.settleLagSeconds must be between 120',
    );
    expect(() => parseServiceDefinition(withSla({ promisedAvailabilityBp: 99.99 }))).toThrow(
      'service.sla.promisedAvailabilityBp must be a whole number of basis points',
    );
    expect(() =>
      parseServiceDefinition({ ...cloudWatchService(), consumerOrg: 'AwsOrgMSP' }),
    ).toThrow('service.consumerOrg must differ from service.providerOrg');
    expect(() => parseServiceDefinition({ ...cloudWatchService(), key: 'has space' })).toThrow(
      'service.key must start with a letter or digit',
    );
  });

  it('requires credit tiers that start at the promise and never credit less for less availability', () => {
    expect(() =>
      parseServiceDefinition(withSla({ creditTiers: [{ belowBp: 9900, creditBp: 1000 }] })),
    ).toThrow('must start at the promised availability');
    expect(() =>
      parseServiceDefinition(
        withSla({
          creditTiers: [
            { belowBp: 9999, creditBp: 3000 },
            { belowBp: 9900, creditBp: 1000 },
          ],
        }),
      ),
    ).toThrow('must credit at least as much for lower availability');
    expect(() => parseServiceDefinition(withSla({ fullRefundBelowBp: 10000 }))).toThrow(
      'service.sla.fullRefundBelowBp must not exceed promisedAvailabilityBp',
    );
  });

  it('takes several monitors only with a conflict rule', () => {
    const service = cloudWatchService();
    const monitors = [service.monitor, { ...(service.monitor as object), region: 'eu-central-1' }];
    const rest = { ...service };
    delete rest.monitor;
    expect(() => parseServiceDefinition({ ...rest, monitors })).toThrow(
      'service.conflictRule is required with several monitors',
    );
    expect(
      parseServiceDefinition({ ...rest, monitors, conflictRule: 'majority' }).monitors,
    ).toHaveLength(2);
    expect(() => parseServiceDefinition({ ...service, monitors })).toThrow(
      'cannot be given together with service.monitor',
    );
  });

  it('names a field inside a list by its full path', () => {
    expect(() =>
      parseServiceDefinition(
        withSla({
          creditTiers: [
            { belowBp: 9999, creditBp: 1000 },
            { belowBp: 9900, creditBp: 10001 },
          ],
        }),
      ),
    ).toThrow(
      'INVALID_ARGUMENT: service.sla.creditTiers[1].creditBp must be a whole number of basis points between 0 and 10000 (1 % = 100), got 10001',
    );
    const service = cloudWatchService();
    const rest = { ...service };
    delete rest.monitor;
    expect(() =>
      parseServiceDefinition({
        ...rest,
        conflictRule: 'majority',
        monitors: [service.monitor, { ...(service.monitor as object), region: 'Mars' }],
      }),
    ).toThrow(
      'INVALID_ARGUMENT: service.monitors[1].region must be an AWS region such as "eu-west-1"',
    );
    expect(() => parseServiceDefinition(rest)).toThrow(
      'INVALID_ARGUMENT: service.monitor is required: what to read from CloudWatch or Azure Monitor',
    );
  });

  it('reads an Azure monitor only at an Azure Monitor time grain', () => {
    expect(() =>
      parseServiceDefinition(
        azureService({
          sla: {
            promisedAvailabilityBp: 9990,
            measuredFrom: '2026-11-25T10:00:00Z',
            periodSeconds: 120,
          },
        }),
      ),
    ).toThrow(
      'INVALID_ARGUMENT: service.sla.periodSeconds must be an Azure Monitor time grain (60, 300, 900, 1800, 3600, 21600, 43200, 86400 s) for an azure-monitor monitor, got 120',
    );
  });

  it('sorts credit tiers and fills in the defaults', () => {
    const sla = parseServiceDefinition(
      withSla({
        creditTiers: [
          { belowBp: 9500, creditBp: 10000 },
          { belowBp: 9999, creditBp: 1000 },
          { belowBp: 9900, creditBp: 3000 },
        ],
        periodSeconds: undefined,
        settleLagSeconds: undefined,
        fullRefundBelowBp: undefined,
      }),
    ).sla;
    expect(sla).toEqual({
      periodSeconds: 60,
      promisedAvailabilityBp: 9999,
      creditTiers: [
        { belowBp: 9999, creditBp: 1000 },
        { belowBp: 9900, creditBp: 3000 },
        { belowBp: 9500, creditBp: 10000 },
      ],
      measuredFrom: Date.parse('2026-11-25T10:00:00Z') / 1000,
      settleLagSeconds: 600,
    });
    expect(Object.keys(sla)).not.toContain('fullRefundBelowBp');
  });

  it('never repeats a malformed value in its error', () => {
    for (const [changes, field] of [
      [{ key: 'secret value!' }, 'service.key'],
      [{ providerOrg: 'secret value' }, 'service.providerOrg'],
      [{ conflictRule: 'secret value' }, 'service.conflictRule'],
    ] as const) {
      const attempt = (): unknown => parseServiceDefinition(cloudWatchService(changes));
      expect(attempt).toThrow(`INVALID_ARGUMENT: ${field} must`);
      try {
        attempt();
      } catch (error) {
        expect((error as Error).message).not.toContain('secret value');
      }
    }
  });
});
