import { createServer, type AddressInfo } from 'node:net';

/** A port nothing listens on now on the loopback interface: the OS picks it, so parallel systems never collide. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
