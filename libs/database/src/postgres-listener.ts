import { Logger } from '@nestjs/common';
import { Client } from 'pg';

const RECONNECT_MS = 1000;

/**
 * LISTEN on one channel over a dedicated connection, reconnecting when it drops. Notifications are
 * only a wake-up: whoever listens must still be correct, if slower, without them.
 */
export class PostgresListener {
  private readonly logger = new Logger(PostgresListener.name);
  private client?: Client;
  private stopped = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly channel: string,
    private readonly onNotification: (payload: string | undefined) => void,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel ${channel}`);
  }

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    client.on('notification', (message) => this.onNotification(message.payload));
    client.on('error', (error) => {
      this.logger.warn(`listener on ${this.channel} lost: ${error.message}`);
      this.client = undefined;
      this.reconnectLater();
    });
    await client.connect();
    await client.query(`LISTEN ${this.channel}`);
    this.client = client;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
  }

  private reconnectLater(): void {
    if (this.stopped) return;
    setTimeout(() => {
      if (!this.stopped) this.start().catch(() => this.reconnectLater());
    }, RECONNECT_MS);
  }
}
