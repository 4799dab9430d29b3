import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { appendToE2eLog, E2E_RUN_FLAG } from './personal-data-scan';

export type AppName = 'api' | 'relay' | 'projector' | 'scheduler';

/** The log line each built app writes once it is ready to work. */
export const APP_READY_LINE: Record<AppName, RegExp> = {
  api: /listening on port/,
  relay: /relaying the outbox/,
  projector: /projecting /,
  scheduler: /scheduler started/,
};

export interface AppProcess {
  name: AppName;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: no shutdown hooks, as in a crash. */
  kill(): Promise<void>;
  /** SIGTERM: graceful shutdown. */
  stop(): Promise<void>;
}

/** Runs a built app (dist/) as its own process, as production does, and waits until it is ready. */
export async function startAppProcess(
  name: AppName,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<AppProcess> {
  const root = join(__dirname, '..', '..', '..');
  const child = spawn(process.execPath, [join(root, 'dist', 'apps', name, 'src', 'main.js')], {
    cwd: root,
    // At info at least: readiness is read from the apps' info lines (JSON, the text in `msg`).
    env: { ...process.env, NO_COLOR: '1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // The end-to-end run keeps every app's output, to scan it for personal data afterwards.
  const logFile = process.env[E2E_RUN_FLAG] ? `${name}-${child.pid}.log` : undefined;
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (logFile) appendToE2eLog(logFile, chunk.toString());
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + timeoutMs;
  while (!APP_READY_LINE[name].test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not become ready:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return { name, child, output: () => output, kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}
