import type { INestApplication, Type } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { listenForOps } from '@casetrail/observability';
import { compileApp } from './test-app';

export interface OpsServer {
  app: INestApplication;
  moduleRef: TestingModule;
  baseUrl: string;
  /** GETs a path of the ops server; answers the status and the body as text. */
  get(path: string): Promise<{ status: number; text: string }>;
}

/**
 * Boots one app's module with its workers running and its ops server (/health/*, /metrics) on a
 * free port, as main.ts does. `prepare` configures the app before it starts (the api's pipeline).
 */
export async function startOpsServer(
  module: Type<unknown>,
  settings: Record<string, string>,
  prepare: (app: INestApplication) => INestApplication = (app) => app,
): Promise<OpsServer> {
  const moduleRef = await compileApp(module, settings);
  const app = prepare(moduleRef.createNestApplication({ forceCloseConnections: true }));
  const port = await listenForOps(app, 0, 'OpsServer');
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    moduleRef,
    baseUrl,
    async get(path) {
      const response = await fetch(baseUrl + path);
      return { status: response.status, text: await response.text() };
    },
  };
}
