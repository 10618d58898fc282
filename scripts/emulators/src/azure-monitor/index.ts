/** The local Azure Monitor emulator: see README.md in this folder. */
export {
  createAzureMonitorEmulator,
  type AzureMonitorEmulator,
  type AzureMonitorEmulatorOptions,
  type EmulatorCall,
  type SampleInput,
  type StartedEmulator,
} from './emulator';
export type { Principal } from './directory';
export type { Fault, FaultKind } from './faults';
export type { Aggregation, MetricDefinition } from './metric-store';
export {
  parseScenario,
  type Scenario,
  type ScenarioMetric,
  type ScenarioResource,
} from './scenario';
