import type { DataSource } from 'typeorm';
import { connectionPool } from '@casetrail/database';
import { OUTBOX_CHANNEL } from './postgres-outbox';

/**
 * Wakes the relay after a commit that wrote outbox rows with `signalledAfterCommit` (see the
 * migration OutboxSignalAfterCommit for why not a NOTIFY inside the transaction). One NOTIFY at a
 * time per data source: pokes that arrive while one is in flight are answered by one more after it
 * (and COALESCE_MS), so every commit is followed by a NOTIFY sent after it. Sent by name on the pool:
 * under load it is one of the api's most frequent statements.
 * Best effort: if a NOTIFY fails, the relay's poll picks the rows up within its interval.
 */
const COALESCE_MS = 20;

class OutboxSignal {
  private sending = false;
  private again = false;

  constructor(private readonly dataSource: DataSource) {}

  poke(): void {
    if (this.sending) {
      this.again = true;
      return;
    }
    this.sending = true;
    void this.send();
  }

  private async send(): Promise<void> {
    try {
      do {
        this.again = false;
        if (!this.dataSource.isInitialized) return;
        await connectionPool(this.dataSource)
          .query({
            name: 'casetrail_outbox_signal',
            text: 'SELECT pg_notify($1, $2)',
            values: [OUTBOX_CHANNEL, ''],
          })
          .catch(() => undefined);
        // Commits that arrived meanwhile share the next NOTIFY, a moment later: a burst of commands
        // costs one NOTIFY per interval instead of one per commit, and the relay wakes that much
        // later, with more to read at once.
        if (this.again) await new Promise((resolve) => setTimeout(resolve, COALESCE_MS));
      } while (this.again);
    } finally {
      this.sending = false;
    }
  }
}

const signals = new WeakMap<DataSource, OutboxSignal>();

/** After the commit of a transaction that wrote outbox rows with `signalledAfterCommit`: wake the relay. */
export function signalOutbox(dataSource: DataSource): void {
  let signal = signals.get(dataSource);
  if (!signal) {
    signal = new OutboxSignal(dataSource);
    signals.set(dataSource, signal);
  }
  signal.poke();
}
