import type { INestApplicationContext, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppConfig, loadConfig } from '@casetrail/config';

/** Builds one of the apps' modules against the given settings (real Postgres, real Kafka). */
export async function compileApp(module: Type<unknown>, settings: Record<string, string>) {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn', ...settings });
  return Test.createTestingModule({ imports: [module] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .setLogger(quietLogger)
    .compile();
}

export async function closeAll(...apps: (INestApplicationContext | undefined)[]): Promise<void> {
  for (const app of apps) await app?.close();
}

const quietLogger = {
  log: () => undefined,
  debug: () => undefined,
  verbose: () => undefined,
  warn: () => undefined,
  error: (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`),
};
