/** A clock the benchmark moves by hand: whole seconds since the epoch, never real time. */
export interface SimulatedClock {
  (): Date;
  seconds(): number;
  advance(seconds: number): void;
}

export function simulatedClock(start: number): SimulatedClock {
  let now = start;
  return Object.assign(() => new Date(now * 1000), {
    seconds: () => now,
    advance: (seconds: number) => {
      now += seconds;
    },
  });
}
