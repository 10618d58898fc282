import type { MonitorSpec } from '../domain/monitor';
import type { Datapoint } from '../domain/readings';
import type { ReadBudget } from './read-budget';

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
   * Datapoints per query id, in any order; an empty list when the monitor answered completely
   * with no datapoint. Fails with an error naming the monitor, the services and the cause when
   * any query cannot be answered completely, or when the budget (one per transaction, made
   * from the settings when not given) runs out.
   */
  read(queries: readonly MetricQuery[], budget?: ReadBudget): Promise<Map<string, Datapoint[]>>;
}
