import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './app-process';

const run = promisify(execFile);

/**
 * A broker of the suite's own on other ports (infra/kafka/kafka.sh keeps its data, pid and log per
 * port), so the broker fault can stop a broker nobody else uses.
 */
export class PrivateKafka {
  constructor(
    readonly port: number,
    private readonly controllerPort: number,
  ) {}

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    await this.script('start');
  }

  async stop(): Promise<void> {
    await this.script('stop');
  }

  private async script(command: 'start' | 'stop'): Promise<void> {
    await run('bash', [join(REPO_ROOT, 'infra', 'kafka', 'kafka.sh'), command], {
      env: {
        ...process.env,
        KAFKA_PORT: String(this.port),
        KAFKA_CONTROLLER_PORT: String(this.controllerPort),
      },
      timeout: 180_000,
    });
  }
}
