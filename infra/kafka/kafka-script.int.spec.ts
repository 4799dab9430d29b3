import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = join(__dirname, 'kafka.sh');
/** A broker of this test's own: ports nobody else uses, its data, pid and log kept per port. */
const PORT = 19392;
/** Where kafka.sh keeps each node's pid file: KAFKA_RUN_DIR, or .run beside it. */
const RUN_DIR = process.env.KAFKA_RUN_DIR ?? join(__dirname, '.run');
const env = {
  ...process.env,
  KAFKA_PORT: String(PORT),
  KAFKA_CONTROLLER_PORT: String(PORT + 1),
  KAFKA_NODES: '1',
  KAFKA_STOP_TIMEOUT: '2',
};

async function kafka(command: 'start' | 'stop'): Promise<string> {
  const { stdout } = await run('bash', [SCRIPT, command], { env, timeout: 120_000 });
  return stdout;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('infra/kafka/kafka.sh', () => {
  afterAll(() => kafka('stop'));

  it('starts a node again right after it had to kill it', async () => {
    await kafka('start');
    const pid = Number(readFileSync(join(RUN_DIR, `kafka-${PORT}.pid`), 'utf8'));
    // A broker that does not stop on SIGTERM (hung in its shutdown) is killed once the timeout passes.
    process.kill(pid, 'SIGSTOP');

    await kafka('stop');

    expect(alive(pid)).toBe(false);
    // Its port closed with it, so the start launches it rather than taking it for running.
    expect(await kafka('start')).toContain(`starting node 1 on 127.0.0.1:${PORT}`);
  }, 180_000);
});
