import { embeddedLedger } from '../../src';
import { awsChannelConsortium } from '../support/consortium';
import { describeLedgerPort } from './ledger-port-suite';

describeLedgerPort('the embedded ledger', async () =>
  embeddedLedger({ consortium: awsChannelConsortium() }),
);
