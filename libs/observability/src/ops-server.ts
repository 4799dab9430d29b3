import { Logger, type INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';

/**
 * Starts the HTTP server of a worker app (relay, projector, scheduler), which serves only
 * `/health/*` and `/metrics`. Port 0 lets the OS pick a free port (tests run several of one app);
 * answers the port actually listened on.
 */
export async function listenForOps(app: INestApplication, port: number, name: string): Promise<number> {
  await app.listen(port, '0.0.0.0');
  const actual = (app.getHttpServer() as { address(): AddressInfo }).address().port;
  new Logger(name).log(`ops server (health, metrics) on port ${actual}`);
  return actual;
}
