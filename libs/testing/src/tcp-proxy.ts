import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback TCP proxy that can cut a connection the moment the upstream starts answering: the
 * request was carried out, the caller never hears of it, as when a network drops a response.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  resets = 0;

  constructor(
    private readonly upstreamPort: number,
    /** Asked once per response start; true resets the caller's connection instead. */
    private readonly cutResponse: () => boolean,
  ) {}

  async start(): Promise<number> {
    this.server = createServer((client) => {
      const upstream = connect(this.upstreamPort, '127.0.0.1');
      this.sockets.add(client).add(upstream);
      let answering = false;
      client.on('data', (chunk) => {
        answering = false;
        upstream.write(chunk);
      });
      upstream.on('data', (chunk) => {
        if (!answering && this.cutResponse()) {
          this.resets += 1;
          client.resetAndDestroy();
          upstream.destroy();
          return;
        }
        answering = true;
        client.write(chunk);
      });
      const close = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('close', close).on('error', close);
      upstream.on('close', close).on('error', close);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return (this.server?.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
