import {
  createCloudWatchEmulator,
  type CloudWatchEmulator,
} from '@sla-ledger/emulators/cloudwatch';
import { describeCloudWatchSuite, type CloudWatchBackend } from './cloudwatch-suite';

const credentials = {
  accessKeyId: 'AKIASUITEEMULATOR001',
  secretAccessKey: 'suite-emulator-secret',
};
let emulator: CloudWatchEmulator;
let backend: CloudWatchBackend | undefined;

beforeAll(async () => {
  emulator = createCloudWatchEmulator({ credentials: [credentials], region: 'eu-west-1' });
  const { endpoint } = await emulator.start();
  backend = { endpoint, region: 'eu-west-1', credentials };
});

afterAll(async () => {
  await emulator.stop();
});

describeCloudWatchSuite('our emulator', () => backend);
