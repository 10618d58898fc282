import { createPrivateKey } from 'node:crypto';
import { signers, type Identity, type Signer } from '@hyperledger/fabric-gateway';
import { FabricConfigError, readConfiguredFile, type FabricConfig } from './fabric-config';

export interface SigningIdentity {
  identity: Identity;
  signer: Signer;
}

/** Every identity the configuration names, read once at start so a missing file fails at once. */
export function signingIdentities(config: FabricConfig): Map<string, SigningIdentity> {
  return new Map(
    config.identities.map((held) => {
      const certificate = readConfiguredFile(
        held.certificateFile,
        `the certificate of identity ${held.name}`,
      );
      const keyPem = readConfiguredFile(
        held.privateKeyFile,
        `the private key of identity ${held.name}`,
      );
      let signer: Signer;
      try {
        signer = signers.newPrivateKeySigner(createPrivateKey(keyPem));
      } catch (error) {
        throw new FabricConfigError(
          `the private key of identity ${held.name} (${held.privateKeyFile}) cannot be used: ${(error as Error).message}`,
        );
      }
      return [held.name, { identity: { mspId: config.mspId, credentials: certificate }, signer }];
    }),
  );
}
