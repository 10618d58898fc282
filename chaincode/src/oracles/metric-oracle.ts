import type { MonitorSpec } from '../domain/monitor';
import type { Datapoint } from '../domain/readings';

/**
 * The port through which the chaincode reads providers' monitoring services
 * during endorsement. Each organisation's chaincode process resolves the
 * monitor's `credentialsRef` in its own credentials store.
 */

export interface MetricQuery {
  /** Unique within one `read` call. */
  id: string;
  /** The service the query measures, for error messages. */
  serviceKey: string;
  monitor: MonitorSpec;
  /** Closed window [start, end), seconds since the epoch, aligned to the period. */
  start: number;
  end: number;
  periodSeconds: number;
}

export interface MetricOracle {
  /**
   * Datapoints per query id, in any order. Fails with an error naming the
   * service and the cause when any query cannot be answered.
   */
  read(queries: readonly MetricQuery[]): Promise<Map<string, Datapoint[]>>;
}
