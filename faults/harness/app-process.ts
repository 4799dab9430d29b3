import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sleep } from './random';

export type AppName = 'api' | 'relay' | 'projector';

/** The build this suite runs from (dist/ by default): the apps are spawned from the same one. */
const BUILD_ROOT = join(__dirname, '..', '..');

/** The repository: the nearest directory above the build holding package.json. */
export const REPO_ROOT = (() => {
  for (let dir = BUILD_ROOT; dir !== dirname(dir); dir = dirname(dir))
    if (existsSync(join(dir, 'package.json'))) return dir;
  return process.cwd();
})();

const KEPT_OUTPUT = 64 * 1024;

/** One built app (dist/) running as its own process, as production runs it. */
export class AppProcess {
  private child?: ChildProcess;
  private output = '';
  private exited?: Promise<number | null>;
  /** Exit codes and signals of earlier incarnations, for the report. */
  readonly exits: string[] = [];

  constructor(
    readonly name: AppName,
    private readonly env: Record<string, string>,
    /** The URL whose 200 says the app is ready: its /health/ready. */
    private readonly readyUrl: string,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines the app wrote (warnings and errors: the apps run at LOG_LEVEL=warn). */
  tail(): string {
    return this.output.slice(-4000);
  }

  /** Everything kept of the app's output, across its incarnations (the last 64 kB). */
  get keptOutput(): string {
    return this.output;
  }

  /**
   * Starts the app with `extraEnv` on top of its environment and waits until it is ready. With
   * `mayExit`, an exit during start-up (a crash point reached early) answers false instead of failing.
   */
  async start(
    extraEnv: Record<string, string> = {},
    { mayExit = false, timeoutMs = 60_000 } = {},
  ): Promise<boolean> {
    if (this.running) throw new Error(`${this.name} is already running`);
    const child = spawn(process.execPath, [join(BUILD_ROOT, 'apps', this.name, 'src', 'main.js')], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', LOG_LEVEL: 'warn', ...this.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-KEPT_OUTPUT);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exits.push(signal ?? `exit ${code}`);
        resolve(code);
      }),
    );
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        if (mayExit) return false;
        throw new Error(`${this.name} exited during start-up:\n${this.tail()}`);
      }
      if (await answers200(this.readyUrl)) return true;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${this.name} not ready after ${timeoutMs} ms:\n${this.tail()}`);
      }
      await sleep(100);
    }
  }

  /** SIGKILL: no shutdown hooks run, as in a crash. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM: graceful shutdown; answers the exit code (null when killed by a signal). */
  async stop(): Promise<number | null> {
    return this.signal('SIGTERM');
  }

  /** Resolves when the current incarnation exits on its own (a crash point, an error). */
  async waitForExit(): Promise<number | null> {
    return (await this.exited) ?? null;
  }

  private async signal(signal: NodeJS.Signals): Promise<number | null> {
    if (!this.child || !this.exited) return null;
    if (this.running) this.child.kill(signal);
    return this.exited;
  }
}

export async function answers200(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}
