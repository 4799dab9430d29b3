import { Client } from 'pg';

/** The statements sent to Postgres while recording, one per round trip, in the order sent. */
export interface DatabaseRoundTrips {
  readonly statements: readonly string[];
  stop(): void;
}

/**
 * Records every statement this process sends to Postgres through node-postgres, whichever pool,
 * query runner or transaction sends it (BEGIN and COMMIT included): each `Client#query` is one
 * round trip on the wire. One recording at a time.
 */
export function recordDatabaseRoundTrips(): DatabaseRoundTrips {
  const statements: string[] = [];
  const prototype = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = prototype.query;
  prototype.query = function recordedQuery(this: unknown, ...args: unknown[]) {
    const [config] = args;
    statements.push(
      (typeof config === 'string' ? config : ((config as { text?: string }).text ?? '?'))
        .replace(/\s+/g, ' ')
        .trim(),
    );
    return query.apply(this, args);
  };
  return {
    statements,
    stop: () => {
      prototype.query = query;
    },
  };
}
