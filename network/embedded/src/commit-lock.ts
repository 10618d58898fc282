/**
 * The ledger's commit lock (LockBasedTxMgr.commitRWLock): simulations hold it shared for their
 * whole run, so a transaction sees one consistent committed state; a block commit holds it
 * exclusively. Granted in request order, so a waiting commit is not starved by new simulations.
 */
type Release = () => void;

interface Waiter {
  readonly exclusive: boolean;
  readonly grant: () => void;
}

export class CommitLock {
  private readers = 0;
  private writer = false;
  private readonly queue: Waiter[] = [];

  acquireShared(): Promise<Release> {
    return this.acquire(false);
  }

  acquireExclusive(): Promise<Release> {
    return this.acquire(true);
  }

  private acquire(exclusive: boolean): Promise<Release> {
    return new Promise<Release>((resolve) => {
      this.queue.push({
        exclusive,
        grant: () => {
          let released = false;
          resolve(() => {
            if (released) {
              return;
            }
            released = true;
            if (exclusive) {
              this.writer = false;
            } else {
              this.readers--;
            }
            this.pump();
          });
        },
      });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.writer) {
      const head = this.queue[0];
      if (head.exclusive) {
        if (this.readers > 0) {
          return;
        }
        this.queue.shift();
        this.writer = true;
        head.grant();
        return;
      }
      this.queue.shift();
      this.readers++;
      head.grant();
    }
  }
}
