import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  DEFAULT_DEADLINES,
  FabricConfigError,
  fabricLedger,
  loadFabricConfig,
  parseFabricConfig,
} from '../../src';

const organizations = resolve(__dirname, '../../../organizations');

const minimal = {
  mspId: 'AwsOrgMSP',
  peers: [{ name: 'peer0', endpoint: 'peer0.aws.example.com:7051', tlsCaFile: 'tls/ca.crt' }],
  identities: [
    {
      name: 'aws-ops',
      role: 'operator',
      certificateFile: 'ops.pem',
      privateKeyFile: '/keys/ops.key',
    },
  ],
  channels: [{ name: 'channel-aws' }],
};

function refusal(value: unknown): string {
  try {
    parseFabricConfig(value, '/etc/sla', 'gateway.json');
  } catch (error) {
    expect(error).toBeInstanceOf(FabricConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('the Fabric configuration', () => {
  it.each(['consumer', 'aws', 'azure'])('of %s in organizations/ is well formed', (org) => {
    const config = loadFabricConfig(join(organizations, org, 'fabric-gateway.example.json'));
    expect(config.identities.length).toBeGreaterThan(0);
    expect(config.peers[0]?.tlsCaFile).toBe(
      join(organizations, org, `crypto/peers/${config.peers[0]?.name}/tls/ca.crt`),
    );
    expect(config.eventCheckpoints).toBe(join(organizations, org, 'state/event-checkpoints'));
  });

  it('resolves relative paths against its folder and fills in defaults', () => {
    expect(parseFabricConfig(minimal, '/etc/sla')).toEqual({
      mspId: 'AwsOrgMSP',
      chaincode: 'sla-ledger',
      peers: [
        { name: 'peer0', endpoint: 'peer0.aws.example.com:7051', tlsCaFile: '/etc/sla/tls/ca.crt' },
      ],
      identities: [
        {
          name: 'aws-ops',
          role: 'operator',
          certificateFile: '/etc/sla/ops.pem',
          privateKeyFile: '/keys/ops.key',
        },
      ],
      channels: [{ name: 'channel-aws', peers: ['peer0'] }],
      deadlines: DEFAULT_DEADLINES,
    });
  });

  it('refuses what a gateway could not use, naming the field', () => {
    expect(refusal({ ...minimal, peers: [] })).toBe(
      'gateway.json: peers must name at least one peer',
    );
    expect(refusal({ ...minimal, peers: [{ ...minimal.peers[0], endpoint: 'peer0' }] })).toBe(
      'gateway.json: peers[0].endpoint must be host:port',
    );
    expect(
      refusal({ ...minimal, identities: [...minimal.identities, ...minimal.identities] }),
    ).toBe('gateway.json: identities[1].name repeats aws-ops');
    expect(refusal({ ...minimal, channels: [{ name: 'channel-aws', peers: ['peer9'] }] })).toBe(
      'gateway.json: channels[0].peers[0] names peer9, which is not among the peers',
    );
    expect(refusal({ ...minimal, deadlines: { endorseMs: 5 } })).toMatch(
      /^gateway.json: deadlines.endorseMs /,
    );
    expect(refusal({ ...minimal, tlsCa: 'x' })).toBe(
      'gateway.json: the configuration has unknown fields "tlsCa"',
    );
    expect(
      refusal({ ...minimal, identities: [{ name: 'x', role: 'r', certificateFile: 'c' }] }),
    ).toMatch(/^gateway.json: identities\[0\].privateKeyFile /);
  });

  it('says which file it cannot read', () => {
    const directory = mkdtempSync(join(tmpdir(), 'sla-fabric-'));
    expect(() => loadFabricConfig(join(directory, 'absent.json'))).toThrow(
      `cannot read the Fabric configuration ${join(directory, 'absent.json')} (ENOENT)`,
    );
    writeFileSync(join(directory, 'broken.json'), '{ "mspId": ');
    expect(() => loadFabricConfig(join(directory, 'broken.json'))).toThrow(
      /broken.json is not JSON/,
    );
    expect(() => fabricLedger(parseFabricConfig(minimal, directory))).toThrow(
      `cannot read the certificate of identity aws-ops ${join(directory, 'ops.pem')} (ENOENT)`,
    );
  });
});
