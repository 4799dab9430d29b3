import {
  Body,
  Controller,
  Logger,
  Module,
  Param,
  Post,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { LoggerModule, Logger as PinoLogger } from 'nestjs-pino';
import request from 'supertest';
import { loggerParams } from '@casetrail/observability';
import { correlationIdMiddleware } from './correlation-id';

const lines: string[] = [];
const capture = { write: (line: string) => void lines.push(line) };

@Controller('cases')
class EchoController {
  @Post(':caseId/notes')
  note(@Param('caseId') caseId: string, @Body() body: Record<string, unknown>) {
    new Logger('Echo').log(`note on case ${caseId}`);
    return { caseId, fields: Object.keys(body).length };
  }

  @Post(':caseId/failures')
  failure(@Param('caseId') caseId: string) {
    new Logger('Echo').error(new TypeError(`note store unreachable for case ${caseId}`));
    return { caseId };
  }
}

@Module({
  imports: [LoggerModule.forRoot(loggerParams('api', 'info', capture))],
  controllers: [EchoController],
})
class EchoModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(correlationIdMiddleware).forRoutes('*path');
  }
}

/** The JSON lines the echo app logged while `send` talked to it. */
async function withEchoApp(
  send: (server: Parameters<typeof request>[0]) => Promise<unknown>,
): Promise<Record<string, unknown>[]> {
  lines.length = 0;
  const module = await Test.createTestingModule({ imports: [EchoModule] }).compile();
  const app = module.createNestApplication({ bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  await app.init();
  try {
    await send(app.getHttpServer());
  } finally {
    await app.close();
  }
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('request logging', () => {
  it('writes JSON lines with the app, route pattern and correlation id, and nothing of the body, query or headers', async () => {
    const records = await withEchoApp((server) =>
      request(server)
        .post('/cases/c-1/notes?subject=Maria%20Gonzalez')
        .set('x-correlation-id', 'corr-123')
        .set('authorization', 'Bearer secret-token')
        .set('cookie', 'session=secret-cookie')
        .send({ subjectName: 'Maria Gonzalez', aNumber: 'A123456789' })
        .expect(201),
    );
    const completed = records.find((record) => record.msg === 'request completed');
    expect(completed).toMatchObject({
      app: 'api',
      level: 'info',
      method: 'POST',
      route: '/cases/:caseId/notes',
      status: 201,
      correlationId: 'corr-123',
    });
    expect(typeof completed?.durationMs).toBe('number');
    expect(completed).not.toHaveProperty('req');
    expect(completed).not.toHaveProperty('res');
    expect(records.find((record) => record.msg === 'note on case c-1')).toMatchObject({
      app: 'api',
      context: 'Echo',
    });
    const all = lines.join('\n');
    for (const secret of [
      'Maria',
      'Gonzalez',
      'A123456789',
      'subjectName',
      'aNumber',
      'secret-token',
      'secret-cookie',
      'subject=',
    ]) {
      expect(all).not.toContain(secret);
    }
  });

  it('logs an error as its type and message, without its stack', async () => {
    const records = await withEchoApp((server) => request(server).post('/cases/c-2/failures').expect(201));
    const logged = records.find((record) => record.level === 'error');
    expect(logged).toMatchObject({
      app: 'api',
      context: 'Echo',
      err: { type: 'TypeError', message: 'note store unreachable for case c-2' },
    });
    expect(JSON.stringify(logged)).not.toContain('request-logging.unit.spec');
  });
});
