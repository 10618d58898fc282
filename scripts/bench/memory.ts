/** Memory figures of this process: the peak resident set since it started, and what is live now. */
import { getHeapSpaceStatistics } from 'node:v8';

const MIB = 1024 * 1024;

export interface MemoryFigures {
  /** Peak RSS of the process so far (getrusage ru_maxrss; never reset). */
  peakRssMiB: number;
  /** RSS now, after a full collection when the process runs with --expose-gc. */
  rssMiB: number;
  /** Heap in use now, after that collection, and what V8 holds for its heap. */
  heapUsedMiB: number;
  heapTotalMiB: number;
  /** V8's young generation (new space) as reserved: part of heapTotal, empty after a collection. */
  newSpaceMiB: number;
  /** Memory of Buffers and other objects outside the heap that JavaScript holds. */
  externalMiB: number;
  collected: boolean;
}

export function memoryFigures(): MemoryFigures {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const usage = process.memoryUsage();
  return {
    peakRssMiB: (process.resourceUsage().maxRSS * 1024) / MIB,
    rssMiB: usage.rss / MIB,
    heapUsedMiB: usage.heapUsed / MIB,
    heapTotalMiB: usage.heapTotal / MIB,
    newSpaceMiB:
      (getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ??
        0) / MIB,
    externalMiB: usage.external / MIB,
    collected: gc !== undefined,
  };
}
