import cluster, { type Worker } from 'node:cluster';
import pino from 'pino';

/** How long the instances have to finish their requests after SIGTERM before they are killed. */
const STOP_GRACE_MS = 30_000;

/**
 * The cluster primary: runs `count` api instances sharing `port` (the primary accepts connections
 * and hands them round-robin to the instances that listen), and holds no state of its own: the rate
 * limit, idempotency and live updates are shared through Postgres. An instance that dies after it
 * was serving is replaced; one that dies before it ever listened (bad configuration, Postgres down)
 * stops them all, as a single api would exit. SIGTERM or SIGINT stops every instance gracefully.
 */
export function superviseApiInstances(count: number, port: number): void {
  const logger = pino({
    base: { app: 'api', instance: 'primary' },
    messageKey: 'msg',
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    formatters: { level: (label) => ({ level: label }) },
  });
  const listened = new Set<number>();
  let stopping = false;
  let exitCode = 0;

  const start = (): Worker => {
    const worker = cluster.fork();
    worker.on('message', (message: { type?: string }) => {
      if (message?.type !== 'listening' || listened.has(worker.id)) return;
      listened.add(worker.id);
      if (listened.size === count)
        logger.info(
          { pids: workers().map((w) => w.process.pid) },
          `all ${count} api instances listening on port ${port}`,
        );
    });
    return worker;
  };
  const workers = () => Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => !!worker);

  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    logger.info(`stopping ${workers().length} api instances`);
    for (const worker of workers()) worker.process.kill('SIGTERM');
    setTimeout(() => {
      for (const worker of workers()) worker.process.kill('SIGKILL');
    }, STOP_GRACE_MS).unref();
    if (workers().length === 0) process.exit(exitCode);
  };

  cluster.on('exit', (worker, code, signal) => {
    const wasServing = listened.delete(worker.id);
    if (stopping) {
      if (workers().length === 0) {
        logger.info('all api instances stopped');
        process.exit(exitCode);
      }
      return;
    }
    if (!wasServing) {
      logger.error(
        { worker: worker.id, code, signal },
        'an api instance exited before it listened; stopping all',
      );
      stop(1);
      return;
    }
    logger.warn({ worker: worker.id, code, signal }, 'an api instance exited; starting another');
    start();
  });
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));

  logger.info(`starting ${count} api instances on port ${port}`);
  for (let i = 0; i < count; i += 1) start();
}
