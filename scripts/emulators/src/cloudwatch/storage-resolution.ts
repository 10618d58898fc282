/**
 * CloudWatch stores standard-resolution datapoints per minute and
 * high-resolution ones (StorageResolution 1) per second.
 */
export type StorageResolution = 1 | 60;

export function isStorageResolution(value: number): value is StorageResolution {
  return value === 1 || value === 60;
}

/** The stored timestamp, in epoch seconds, of a datapoint sent at `epochSeconds`. */
export function storedTimestamp(epochSeconds: number, resolution: StorageResolution): number {
  return Math.floor(epochSeconds / resolution) * resolution;
}
