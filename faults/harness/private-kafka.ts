import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './app-process';

const run = promisify(execFile);

/**
 * A broker, or a cluster of three, of the suite's own on other ports (infra/kafka/kafka.sh keeps
 * each node's data, pid and log per port), so a broker fault can stop brokers nobody else uses.
 * Node N (1-based, its Kafka node id) listens on port + 2×(N−1).
 */
export class PrivateKafka {
  constructor(
    readonly port: number,
    private readonly controllerPort: number,
    readonly nodes: 1 | 3 = 1,
  ) {}

  get brokers(): string {
    return Array.from({ length: this.nodes }, (_, index) => `127.0.0.1:${this.port + 2 * index}`).join(',');
  }

  /** Starts every node that does not answer, and waits until all are ready. */
  async start(): Promise<void> {
    await this.script('start');
  }

  /** Every node at once: stopped one by one, the last would wait for a quorum that is gone. */
  async stop(): Promise<void> {
    await Promise.all(Array.from({ length: this.nodes }, (_, index) => this.stopNode(index + 1)));
  }

  /** Stops one node gracefully (SIGTERM: it hands its leaderships over first). */
  async stopNode(node: number): Promise<void> {
    await this.script('stop', String(node));
  }

  async killNode(node: number): Promise<void> {
    await this.script('kill', String(node));
  }

  private async script(...args: string[]): Promise<void> {
    await run('bash', [join(REPO_ROOT, 'infra', 'kafka', 'kafka.sh'), ...args], {
      env: {
        ...process.env,
        KAFKA_PORT: String(this.port),
        KAFKA_CONTROLLER_PORT: String(this.controllerPort),
        KAFKA_NODES: String(this.nodes),
      },
      timeout: 180_000,
    });
  }
}
