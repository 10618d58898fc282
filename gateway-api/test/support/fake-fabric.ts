import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdentity } from '@sla-ledger/embedded-network';
import { parseFabricConfig, type FabricConfig } from '../../src';
import { FakeGatewayService, tlsCertificate, type TlsFiles } from './fake-gateway-service';

export const PEER_HOST = 'peer0.aws.example.com';

/** Fake peers of AwsOrgMSP on 127.0.0.1 with TLS certificates for their host names, and a configuration for them. */
export class FakeFabric {
  readonly directory = mkdtempSync(join(tmpdir(), 'sla-fabric-config-'));
  readonly peers: FakeGatewayService[] = [];
  private readonly tls: TlsFiles = tlsCertificate(PEER_HOST);

  constructor() {
    for (const name of ['aws-ops', 'aws-jobs']) {
      const identity = createIdentity({ mspId: 'AwsOrgMSP', commonName: name });
      writeFileSync(join(this.directory, `${name}.pem`), identity.certificate);
      writeFileSync(join(this.directory, `${name}.key`), identity.privateKey);
    }
  }

  async startPeer(): Promise<FakeGatewayService> {
    const service = new FakeGatewayService(this.tls);
    await service.start();
    this.peers.push(service);
    return service;
  }

  /** The configuration of a gateway reaching the given ports (a port with no peer on it stands for a peer that is down). */
  config(ports: number[], overrides: Record<string, unknown> = {}): FabricConfig {
    return parseFabricConfig(this.configJson(ports, overrides), this.directory);
  }

  /** The same, written to `fabric-gateway.json` in the configuration's folder; returns its path. */
  writeConfig(ports: number[], overrides: Record<string, unknown> = {}): string {
    const path = join(this.directory, 'fabric-gateway.json');
    writeFileSync(path, JSON.stringify(this.configJson(ports, overrides)));
    return path;
  }

  private configJson(ports: number[], overrides: Record<string, unknown>): object {
    return {
      mspId: 'AwsOrgMSP',
      peers: ports.map((port, index) => ({
        name: `peer${index}`,
        endpoint: `127.0.0.1:${port}`,
        tlsCaFile: this.tls.certificate,
        hostNameOverride: PEER_HOST,
      })),
      identities: [
        {
          name: 'aws-ops',
          role: 'operator',
          certificateFile: 'aws-ops.pem',
          privateKeyFile: 'aws-ops.key',
        },
        {
          name: 'aws-jobs',
          role: 'jobs',
          certificateFile: 'aws-jobs.pem',
          privateKeyFile: 'aws-jobs.key',
        },
      ],
      channels: [{ name: 'channel-aws' }],
      deadlines: { endorseMs: 400, evaluateMs: 400 },
      eventCheckpoints: 'checkpoints',
      ...overrides,
    };
  }

  async stop(): Promise<void> {
    for (const peer of this.peers) await peer.stop();
  }
}
