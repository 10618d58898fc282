/**
 * Narrow typed handles on the untyped parts of fabric-shim and google-protobuf that the embedded
 * peer needs: the shim's real ChaincodeMessageHandler (the chaincode side of the chat stream), its
 * logger, ChaincodeFromContract, and google.protobuf.Timestamp.
 */
import type { EventEmitter } from 'events';
import { dirname } from 'path';
import type { peer } from '@hyperledger/fabric-protos';
import type { ChaincodeInterface } from 'fabric-shim';
import { JSONSerializer } from 'fabric-contract-api';

/** Anything fabric-shim can run: `Init(stub)` and `Invoke(stub)`. */
export type ChaincodeLike = ChaincodeInterface;

/** The duplex stream the shim's handler talks over (a gRPC bidi stream in production). */
export interface ChatStream extends EventEmitter {
  write(message: peer.ChaincodeMessage): boolean;
  end(): void;
}

interface ShimMessageHandler {
  chat(conversationStarter: peer.ChaincodeMessage): void;
}

type ShimMessageHandlerConstructor = new (
  stream: ChatStream,
  chaincode: ChaincodeLike,
) => ShimMessageHandler;

interface ShimLogger {
  setLevel(level: string): void;
}

type ContractClass = new () => object;

type ChaincodeFromContractConstructor = new (
  contracts: ContractClass[],
  serializers: SerializerConfig,
  metadata: object,
  title: string,
  version: string,
) => ChaincodeLike;

interface SerializerConfig {
  transaction: string;
  serializers: Record<string, new () => unknown>;
}

export interface TimestampMessage {
  getSeconds(): number;
  getNanos(): number;
  toDate(): Date;
}

interface TimestampClass {
  fromDate(date: Date): TimestampMessage;
}

/* eslint-disable @typescript-eslint/no-require-imports -- untyped CommonJS internals */
const handlerModule = require('fabric-shim/lib/handler') as {
  ChaincodeMessageHandler: ShimMessageHandlerConstructor;
};
const shimLogger = require('fabric-shim/lib/logger') as ShimLogger;
const contractApiLogger = require('fabric-contract-api/lib/logger') as ShimLogger;
const ChaincodeFromContract =
  require('fabric-shim/lib/contract-spi/chaincodefromcontract') as ChaincodeFromContractConstructor;
const timestampModule = require('google-protobuf/google/protobuf/timestamp_pb') as {
  Timestamp: TimestampClass;
};
/* eslint-enable @typescript-eslint/no-require-imports */

export function newShimMessageHandler(stream: ChatStream, chaincode: ChaincodeLike) {
  return new handlerModule.ChaincodeMessageHandler(stream, chaincode);
}

export type ShimLogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

/**
 * Sets the level of every fabric-shim and fabric-contract-api logger loaded so far. 'CRITICAL'
 * silences them (the shim maps it to a level its transports never print). Their `setLevel` also
 * writes CORE_CHAINCODE_LOGGING_LEVEL; it is restored so other test files keep their setting.
 */
export function setShimLogLevel(level: ShimLogLevel): void {
  skipFilteredLogFormatting();
  const previous = process.env.CORE_CHAINCODE_LOGGING_LEVEL;
  shimLogger.setLevel(level);
  contractApiLogger.setLevel(level);
  if (previous === undefined) {
    delete process.env.CORE_CHAINCODE_LOGGING_LEVEL;
  } else {
    process.env.CORE_CHAINCODE_LOGGING_LEVEL = previous;
  }
}

interface WinstonLogger {
  write(info: unknown, ...rest: unknown[]): boolean;
  isLevelEnabled(level: string): boolean;
}
let formattingSkipped = false;

/**
 * winston (the shim's logger) formats every message — timestamp, metadata, colours, padding —
 * before its transports drop those below their level: a tenth of an in-process chaincode call's
 * CPU. Messages no transport would print are dropped before formatting instead; what is printed
 * does not change.
 */
function skipFilteredLogFormatting(): void {
  if (formattingSkipped) return;
  formattingSkipped = true;
  // The winston fabric-shim itself loads, wherever the install put it.
  const shimFolder = dirname(require.resolve('fabric-shim/package.json'));
  const loggerModule = require.resolve('winston/lib/winston/logger', { paths: [shimFolder] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { prototype } = require(loggerModule) as { prototype: WinstonLogger };
  const LEVEL = Symbol.for('level');
  const write = prototype.write;
  prototype.write = function (this: WinstonLogger, info: unknown, ...rest: unknown[]): boolean {
    const level =
      typeof info === 'object' && info !== null
        ? (info as Record<symbol, unknown>)[LEVEL]
        : undefined;
    if (typeof level === 'string' && !this.isLevelEnabled(level)) return true;
    return write.call(this, info, ...rest);
  };
}

export function timestampFromDate(date: Date): TimestampMessage {
  return timestampModule.Timestamp.fromDate(date);
}

/**
 * Builds the chaincode object `fabric-chaincode-node start` would run for these contract classes:
 * ChaincodeFromContract with the JSON serializer.
 */
export function chaincodeFromContracts(
  contracts: ContractClass[],
  opts: { title?: string; version?: string } = {},
): ChaincodeLike {
  const serializers: SerializerConfig = {
    transaction: 'jsonSerializer',
    serializers: { jsonSerializer: JSONSerializer as new () => unknown },
  };
  // ChaincodeFromContract appends its system contract to the array it is given: pass a copy.
  return new ChaincodeFromContract(
    [...contracts],
    serializers,
    {},
    opts.title ?? 'chaincode',
    opts.version ?? '1.0',
  );
}
