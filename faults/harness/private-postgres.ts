import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A Postgres cluster of the suite's own (initdb + pg_ctl, on a port of its own), so the Postgres
 * fault can stop a server nobody else uses. As root it runs as the `postgres` OS user, since
 * Postgres refuses to run as root; that user may not be able to enter the checkout (a 0700 home
 * directory, `mktemp -d`), so the cluster lives in a fresh directory under the system's temporary
 * directory, owned by whoever runs the server.
 */
export class PrivatePostgres {
  private readonly dir: string;
  private readonly data: string;

  constructor(readonly port: number) {
    this.dir = mkdtempSync(join(tmpdir(), 'casetrail-faults-postgres-'));
    this.data = join(this.dir, 'data');
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async init(): Promise<void> {
    const owner = await this.owner();
    if (owner) chownSync(this.dir, owner.uid, owner.gid);
    await this.as(['test', '-w', this.dir]).catch(() => {
      throw new Error(
        `the postgres OS user cannot write to ${this.dir}, where the private cluster goes: ` +
          'set TMPDIR to a directory it can enter and write to',
      );
    });
    await this.as(['initdb', '-D', this.data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await this.start();
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dir} -c max_connections=200 -c fsync=on`;
    await this.as([
      'pg_ctl',
      'start',
      '-w',
      '-t',
      '60',
      '-D',
      this.data,
      '-l',
      join(this.dir, 'postgres.log'),
      '-o',
      options,
    ]);
  }

  /** As a crash: no checkpoint, no goodbye to the clients; recovery replays the WAL on start. */
  async stopImmediately(): Promise<void> {
    await this.as(['pg_ctl', 'stop', '-m', 'immediate', '-w', '-D', this.data]);
  }

  async destroy(): Promise<void> {
    if (existsSync(join(this.data, 'postmaster.pid')))
      await this.as(['pg_ctl', 'stop', '-m', 'fast', '-w', '-D', this.data]).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async owner(): Promise<{ uid: number; gid: number } | undefined> {
    if (userInfo().uid !== 0) return undefined;
    const { stdout: uid } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  }

  private async as(command: string[]): Promise<void> {
    const [program, ...args] = command;
    const binary = await postgresBinary(program);
    if (userInfo().uid === 0) {
      await run('setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', binary, ...args], {
        cwd: this.dir,
      });
    } else {
      await run(binary, args, { cwd: this.dir });
    }
  }
}

async function postgresBinary(program: string): Promise<string> {
  for (const version of ['17', '16', '15', '14']) {
    const candidate = `/usr/lib/postgresql/${version}/bin/${program}`;
    if (existsSync(candidate)) return candidate;
  }
  return program;
}
