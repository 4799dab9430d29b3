import { appScript, spawnNodeProcess, type NodeProcess } from '@casetrail/testing';

export { REPOSITORY_ROOT as REPO_ROOT } from '@casetrail/testing';

export type AppName = 'api' | 'relay' | 'projector';

const KEPT_OUTPUT = 64 * 1024;

/** One built app (dist/) running as its own process, as production runs it. */
export class AppProcess {
  private process?: NodeProcess;
  /** The output of earlier incarnations, then the current one's: the last 64 kB. */
  private earlierOutput = '';
  /** Exit codes and signals of earlier incarnations, for the report. */
  readonly exits: string[] = [];

  constructor(
    readonly name: AppName,
    private readonly env: Record<string, string>,
    /** The URL whose 200 says the app is ready: its /health/ready. */
    private readonly readyUrl: string,
  ) {}

  get pid(): number | undefined {
    return this.process?.child.pid;
  }

  get running(): boolean {
    return this.process?.running() ?? false;
  }

  /** The last lines the app wrote (warnings and errors: the apps run at LOG_LEVEL=warn). */
  tail(): string {
    return this.keptOutput.slice(-4000);
  }

  /** Everything kept of the app's output, across its incarnations (the last 64 kB). */
  get keptOutput(): string {
    return (this.earlierOutput + (this.process?.output() ?? '')).slice(-KEPT_OUTPUT);
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
    this.earlierOutput = this.keptOutput;
    const started = spawnNodeProcess(this.name, appScript(this.name), {
      env: { LOG_LEVEL: 'warn', ...this.env, ...extraEnv },
      keptOutput: KEPT_OUTPUT,
    });
    this.process = started;
    void started.exited.then(({ code, signal }) => this.exits.push(signal ?? `exit ${code}`));
    if (await started.waitUntilReady(() => answers200(this.readyUrl), timeoutMs, 100)) return true;
    if (mayExit) return false;
    throw new Error(`${this.name} exited during start-up:\n${this.tail()}`);
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
    return this.process ? (await this.process.exited).code : null;
  }

  private async signal(signal: NodeJS.Signals): Promise<number | null> {
    if (!this.process) return null;
    if (this.running) this.process.child.kill(signal);
    return (await this.process.exited).code;
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
