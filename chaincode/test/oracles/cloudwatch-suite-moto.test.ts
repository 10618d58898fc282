import { describeCloudWatchSuite, type CloudWatchBackend } from './cloudwatch-suite';
import { motoUnavailableReason, startMoto, type MotoServer } from '../support/moto-server';

/**
 * The same suite against moto_server, an implementation nobody here wrote.
 * moto checks no signatures and ignores pagination, so those cases run
 * against our emulator only (cloudwatch-oracle.test.ts).
 */
const unavailable = motoUnavailableReason();
if (unavailable !== undefined && process.env.CI) {
  throw new Error(`CI requires the moto suite, but ${unavailable}`);
}

if (unavailable !== undefined) {
  describe('the CloudWatch adapter against moto_server', () => {
    it.skip(`is skipped: ${unavailable}, and moto runs on Python (scripts/install-moto.sh)`, () =>
      undefined);
  });
} else {
  let moto: MotoServer;
  let backend: CloudWatchBackend | undefined;

  beforeAll(async () => {
    moto = await startMoto();
    backend = {
      endpoint: moto.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIAMOTOTEST00000001', secretAccessKey: 'moto-secret' },
    };
  }, 600_000);

  afterAll(async () => {
    await moto?.stop();
  });

  describeCloudWatchSuite('moto_server', () => backend);
}
