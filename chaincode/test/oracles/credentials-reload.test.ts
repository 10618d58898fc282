import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCloudWatchEmulator,
  type CloudWatchEmulator,
} from '@sla-ledger/emulators/cloudwatch';
import { parseMonitor } from '../../src/domain/monitor';
import {
  currentCredentialsStore,
  generateKey,
  replaceSealedFile,
  type AwsCredentials,
} from '../../src/oracles/credentials-store';
import { oracleFromEnvironment } from '../../src/oracles/oracle-from-environment';
import { cloudWatchService } from '../fixtures/services';

const T0 = Date.parse('2026-11-25T10:00:00Z') / 1000;
const FIRST = {
  accessKeyId: 'AKIARELOADFIRST00001',
  secretAccessKey: 'reload/first/secret/0123456789abcdef',
};
const ROTATED = {
  accessKeyId: 'AKIARELOADROTATED001',
  secretAccessKey: 'reload/rotated/secret/0123456789abcd',
};

let emulator: CloudWatchEmulator;
let endpoint: string;

beforeAll(async () => {
  emulator = createCloudWatchEmulator({
    credentials: [FIRST, ROTATED],
    region: 'eu-west-1',
    now: () => (T0 + 3600) * 1000,
  });
  emulator.putDatapoints(
    {
      namespace: 'AWS/EC2',
      metricName: 'StatusCheckFailed',
      dimensions: { InstanceId: 'i-reload' },
    },
    Array.from({ length: 10 }, (_, minute) => ({
      timestamp: new Date((T0 + minute * 60) * 1000),
      value: 0,
    })),
  );
  ({ endpoint } = await emulator.start());
});

afterAll(async () => {
  await emulator.stop();
});

function aws(keys: typeof FIRST): AwsCredentials {
  return { kind: 'aws', ...keys, endpoint };
}

function storeFile(): { file: string; key: string } {
  return {
    file: join(mkdtempSync(join(tmpdir(), 'sla-reload-')), 'credentials.json'),
    key: generateKey(),
  };
}

const query = {
  id: 'q',
  serviceKey: 'jitsi-reload',
  monitor: parseMonitor('monitor', {
    ...(cloudWatchService().monitor as object),
    credentialsRef: 'late-ref',
    dimensions: [{ name: 'InstanceId', value: 'i-reload' }],
  }),
  start: T0,
  end: T0 + 600,
  periodSeconds: 60,
};

describe('a running chaincode process and its credentials store', () => {
  it('uses an entry stored after it started, and clients of a replaced entry are built again', async () => {
    const { file, key } = storeFile();
    replaceSealedFile(file, { 'aws-monitoring': aws(FIRST) }, key);
    const oracle = oracleFromEnvironment({
      SLA_CREDENTIALS_FILE: file,
      SLA_CREDENTIALS_KEY: key,
      SLA_ORGANISATION: 'AwsOrgMSP',
    });
    await expect(oracle.read([query])).rejects.toThrow(
      'ORACLE_UNAVAILABLE: AwsOrgMSP has no monitoring credentials named "late-ref" (needed for service jitsi-reload)',
    );

    replaceSealedFile(file, { 'aws-monitoring': aws(FIRST), 'late-ref': aws(FIRST) }, key);
    const answer = await oracle.read([query]);
    expect(answer.get('q')).toHaveLength(10);
    expect(emulator.calls.at(-1)?.accessKeyId).toBe(FIRST.accessKeyId);

    replaceSealedFile(file, { 'aws-monitoring': aws(FIRST), 'late-ref': aws(ROTATED) }, key);
    await oracle.read([query]);
    expect(emulator.calls.at(-1)).toMatchObject({
      accessKeyId: ROTATED.accessKeyId,
      operation: 'GetMetricData',
    });
  });

  it('re-opens the file only when it changed', () => {
    const { file, key } = storeFile();
    replaceSealedFile(file, { a: aws(FIRST) }, key);
    const current = currentCredentialsStore({
      SLA_CREDENTIALS_FILE: file,
      SLA_CREDENTIALS_KEY: key,
    });
    const first = current();
    expect(current()).toBe(first);
    replaceSealedFile(file, { a: aws(FIRST), b: aws(ROTATED) }, key);
    const second = current();
    expect(second).not.toBe(first);
    expect(second.refs()).toEqual(['a', 'b']);
    expect(second.get('b')).toEqual(aws(ROTATED));
  });

  it('fails a read while the file cannot be opened, and recovers once it can', () => {
    const { file, key } = storeFile();
    const current = currentCredentialsStore({
      SLA_CREDENTIALS_FILE: file,
      SLA_CREDENTIALS_KEY: key,
      SLA_ORGANISATION: 'AwsOrgMSP',
    });
    expect(() => current()).toThrow(`AwsOrgMSP cannot read its credentials file ${file} (ENOENT)`);
    replaceSealedFile(file, { a: aws(FIRST) }, key);
    expect(current().refs()).toEqual(['a']);
  });
});
