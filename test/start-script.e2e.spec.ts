import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { eventually, freePort, prepareSystem, type SystemUnderTest } from '@casetrail/testing';

const ROOT = join(__dirname, '..');
const READY = 'Casetrail is ready.';

interface Started {
  /** The process the test signals: the script itself, or the `sh -c` npm runs it under. */
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** Runs `command` (infra/start.sh, directly or as npm does) on a private database, ports and topics. */
function start(command: string[], env: Record<string, string>): Started {
  const child = spawn(command[0], command.slice(1), {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Each app's readiness: 200 when it is ready, 0 when nothing listens on its port. */
async function readiness(ports: Record<string, string>): Promise<Record<string, number>> {
  const entries = await Promise.all(
    Object.entries(ports).map(async ([app, port]) => {
      const status = await fetch(`http://127.0.0.1:${port}/health/ready`)
        .then((response) => response.status)
        .catch(() => 0);
      return [app, status] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * `npm start` is `bash infra/start.sh`: it says it is ready only when all four apps are, and a
 * signal to it, or to the npm process that runs it, stops all four. The demo data loads once.
 */
describe('the start script', () => {
  let system: SystemUnderTest;
  let env: Record<string, string>;
  let ports: Record<string, string>;

  beforeAll(async () => {
    system = await prepareSystem();
    ports = {
      api: system.env.PORT,
      relay: String(await freePort()),
      projector: String(await freePort()),
      scheduler: String(await freePort()),
    };
    env = {
      ...system.env,
      RELAY_OPS_PORT: ports.relay,
      PROJECTOR_OPS_PORT: ports.projector,
      SCHEDULER_OPS_PORT: ports.scheduler,
    };
  });

  afterAll(async () => {
    await system.database.drop();
  });

  async function untilReady(started: Started): Promise<void> {
    await eventually(() => {
      if (started.child.exitCode !== null) throw new Error(`start.sh exited:\n${started.output()}`);
      expect(started.output()).toContain(READY);
    }, 240_000);
  }

  it('says it is ready once all four apps are, and stops all four on SIGTERM', async () => {
    const started = start(['bash', 'infra/start.sh'], env);
    await untilReady(started);
    expect(await readiness(ports)).toEqual({ api: 200, relay: 200, projector: 200, scheduler: 200 });
    expect(started.output()).toMatch(/demo seed/);

    started.child.kill('SIGTERM');
    await started.exited;
    expect(await readiness(ports)).toEqual({ api: 0, relay: 0, projector: 0, scheduler: 0 });
  }, 300_000);

  it('stops all four when the npm process running it is stopped, and loads the demo data only once', async () => {
    // npm runs a script as `sh -c '<script>'` and passes SIGTERM on to that `sh` alone.
    const started = start(['sh', '-c', 'bash infra/start.sh'], env);
    await untilReady(started);
    expect(started.output()).toContain('demo seed: data already present, nothing to do');

    started.child.kill('SIGTERM');
    await started.exited;
    await eventually(async () => {
      expect(await readiness(ports)).toEqual({ api: 0, relay: 0, projector: 0, scheduler: 0 });
    }, 30_000);
  }, 300_000);
});
