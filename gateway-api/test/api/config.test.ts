import { generateKey } from '@sla-ledger/chaincode/credentials';
import { configFromEnvironment, ConfigError } from '../../src';

it('reads the defaults: loopback, port 8080, tokens in the data folder outside the clone', () => {
  expect(configFromEnvironment({ SLA_ORGANISATION: 'AwsOrgMSP', HOME: '/home/ann' })).toEqual({
    host: '127.0.0.1',
    port: 8080,
    organisation: 'AwsOrgMSP',
    tokensFile: '/home/ann/.local/share/sla-ledger/tokens.json',
    dataDir: '/home/ann/.local/share/sla-ledger',
    bodyLimitBytes: 102_400,
    logLevel: 'info',
    eventsHeartbeatMs: 15_000,
    readinessTimeoutMs: 5000,
  });
});

it('reads every variable', () => {
  const key = generateKey();
  expect(
    configFromEnvironment({
      SLA_HOST: '0.0.0.0',
      PORT: '9000',
      CORE_PEER_LOCALMSPID: 'ConsumerOrgMSP',
      SLA_UI_ORIGIN: 'https://ui.example.org',
      SLA_DATA_DIR: '/var/lib/sla',
      SLA_CREDENTIALS_FILE: '/etc/sla/credentials.json',
      SLA_CREDENTIALS_KEY: key,
      SLA_BODY_LIMIT_BYTES: '65536',
      SLA_LOG_LEVEL: 'debug',
    }),
  ).toMatchObject({
    host: '0.0.0.0',
    port: 9000,
    organisation: 'ConsumerOrgMSP',
    uiOrigin: 'https://ui.example.org',
    tokensFile: '/var/lib/sla/tokens.json',
    credentials: { file: '/etc/sla/credentials.json', key },
    bodyLimitBytes: 65_536,
    logLevel: 'debug',
  });
});

it.each([
  [{ SLA_FABRIC_CONFIG: '/etc/sla/fabric.json' }, 'SLA_ORGANISATION'],
  [{ SLA_ORGANISATION: 'A', PORT: 'eighty' }, 'PORT'],
  [{ SLA_ORGANISATION: 'A', SLA_UI_ORIGIN: 'https://ui.example.org/app' }, 'SLA_UI_ORIGIN'],
  [{ SLA_ORGANISATION: 'A', SLA_CREDENTIALS_FILE: '/x' }, 'SLA_CREDENTIALS_KEY'],
  [
    { SLA_ORGANISATION: 'A', SLA_CREDENTIALS_FILE: '/x', SLA_CREDENTIALS_KEY: 'short' },
    'SLA_CREDENTIALS_KEY',
  ],
  [{ SLA_ORGANISATION: 'A', SLA_LOG_LEVEL: 'loud' }, 'SLA_LOG_LEVEL'],
  [{ SLA_ORGANISATION: 'A', SLA_BODY_LIMIT_BYTES: '10' }, 'SLA_BODY_LIMIT_BYTES'],
])('refuses %j naming %s', (env, variable) => {
  expect(() => configFromEnvironment(env)).toThrow(ConfigError);
  expect(() => configFromEnvironment(env)).toThrow(variable);
});

it('answers for the demo consumer on the embedded ledger, and names the Fabric configuration', () => {
  expect(configFromEnvironment({ HOME: '/h' }).organisation).toBe('ConsumerOrgMSP');
  expect(configFromEnvironment({ HOME: '/h' }).fabricConfig).toBeUndefined();
  expect(
    configFromEnvironment({
      SLA_FABRIC_CONFIG: '/etc/sla/fabric.json',
      SLA_ORGANISATION: 'AwsOrgMSP',
    }).fabricConfig,
  ).toBe('/etc/sla/fabric.json');
});
