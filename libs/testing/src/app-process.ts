import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { appendToE2eLog, E2E_RUN_FLAG } from './personal-data-scan';

export type AppName = 'api' | 'relay' | 'projector' | 'scheduler';

/** The log line each built app writes once it is ready to work. */
export const APP_READY_LINE: Record<AppName, RegExp> = {
  api: /listening on port/,
  relay: /relaying the outbox/,
  projector: /projecting /,
  scheduler: /scheduler started/,
};

/** The repository: the nearest directory above this file holding package.json (from source or dist/). */
export const REPOSITORY_ROOT = (() => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir))
    if (existsSync(join(dir, 'package.json'))) return dir;
  return process.cwd();
})();

/** The entry point of a built app. */
export function appScript(name: AppName): string {
  return join(REPOSITORY_ROOT, 'dist', 'apps', name, 'src', 'main.js');
}

export interface NodeProcessOptions {
  env: Record<string, string>;
  /** Keep only the last this many characters of the output: a long run must not grow the driver. */
  keptOutput?: number;
  /** Also hands each chunk of output here. */
  onOutput?(chunk: string, child: ChildProcess): void;
}

/** One Node script running as its own process, its output collected. */
export interface NodeProcess {
  name: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (null when a signal ended it) or the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  running(): boolean;
  /**
   * Waits until `ready` (a line in the output, or a probe answering true), looking every `pollMs`.
   * Answers false when the process exits first; kills it and throws once `timeoutMs` has passed.
   */
  waitUntilReady(
    ready: RegExp | (() => Promise<boolean>),
    timeoutMs: number,
    pollMs?: number,
  ): Promise<boolean>;
  /** SIGKILL: no shutdown hooks, as in a crash. */
  kill(): Promise<void>;
  /** SIGTERM: graceful shutdown. */
  stop(): Promise<void>;
}

/** Runs a Node script from the repository root as its own process. */
export function spawnNodeProcess(
  name: string,
  script: string,
  { env, keptOutput = Infinity, onOutput }: NodeProcessOptions,
): NodeProcess {
  const child = spawn(process.execPath, [script], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    if (output.length > keptOutput) output = output.slice(-keptOutput);
    onOutput?.(text, child);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const running = () => child.exitCode === null && child.signalCode === null;
  const signal = async (sig: NodeJS.Signals) => {
    if (running()) child.kill(sig);
    await exited;
  };
  return {
    name,
    child,
    output: () => output,
    exited,
    running,
    async waitUntilReady(ready, timeoutMs, pollMs = 50) {
      const isReady = typeof ready === 'function' ? ready : async () => ready.test(output);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (!running()) return false;
        if (await isReady()) return true;
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          throw new Error(`${name} not ready after ${timeoutMs} ms:\n${output.slice(-4000)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}

/**
 * Runs a Node script as its own process and waits for `ready` in its output (at LOG_LEVEL info at
 * least: readiness is read from the apps' info lines).
 */
export async function startNodeProcess(
  name: string,
  script: string,
  ready: RegExp,
  options: NodeProcessOptions,
  { timeoutMs = 30_000, pollMs = 50 } = {},
): Promise<NodeProcess> {
  const started = spawnNodeProcess(name, script, { ...options, env: { LOG_LEVEL: 'info', ...options.env } });
  if (!(await started.waitUntilReady(ready, timeoutMs, pollMs))) {
    throw new Error(`${name} exited before it was ready:\n${started.output().slice(-4000)}`);
  }
  return started;
}

export type AppProcess = NodeProcess;

/** Runs a built app (dist/) as its own process, as production does, and waits until it is ready. */
export async function startAppProcess(
  name: AppName,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<AppProcess> {
  return startNodeProcess(
    name,
    appScript(name),
    APP_READY_LINE[name],
    {
      env,
      // The end-to-end run keeps every app's output, to scan it for personal data afterwards.
      onOutput: process.env[E2E_RUN_FLAG]
        ? (chunk, child) => appendToE2eLog(`${name}-${child.pid}.log`, chunk)
        : undefined,
    },
    { timeoutMs },
  );
}

/** The four apps: the relay first (it creates the topics), then the api, projector and scheduler. */
export async function startAllAppProcesses(env: Record<string, string>): Promise<AppProcess[]> {
  const relay = await startAppProcess('relay', env);
  const others = await Promise.all(
    (['api', 'projector', 'scheduler'] as const).map((name) => startAppProcess(name, env)),
  );
  return [relay, ...others];
}
