import 'reflect-metadata';
import {
  Body,
  Controller,
  HttpCode,
  Inject,
  Module,
  Param,
  ParseUUIDPipe,
  Post,
  ValidationPipe,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandHandler, type Event } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, type PostgresEventStore } from '@event-driven-io/emmett-postgresql';
import { Pool } from 'pg';
import {
  decide,
  DEFAULT_CASE_POLICY,
  evolve,
  initialCaseState,
  type CaseEvent,
  type CaseState,
} from '@casetrail/domain';
import { RecordCheckInRequestDto } from '@api/cases/record-check-in/record-check-in.request.dto';

/**
 * The peer baseline of the HTTP suite: the same NestJS route as apps/api's check-in (same DTO and
 * validation, same domain decide/evolve), deciding with Emmett's CommandHandler over
 * emmett-postgresql's event store (read the stream, decide, append with the expected version). It
 * does less than Casetrail's route: no token, office scope, idempotency, audit record or outbox.
 */
type StoredCaseEvent = Event<string, Record<string, unknown>, { schemaVersion: number }>;

export const EMMETT_ACTOR = { userId: 'WAS-bench-0', role: 'OFFICER' } as const;

export function toEmmettEvent(event: CaseEvent): StoredCaseEvent {
  return {
    type: event.type,
    data: event.data as unknown as Record<string, unknown>,
    metadata: { schemaVersion: event.version },
  };
}

const handle = CommandHandler<CaseState, StoredCaseEvent>({
  initialState: () => initialCaseState,
  evolve: (state, event) =>
    evolve(state, {
      type: event.type,
      version: event.metadata?.schemaVersion ?? 1,
      data: event.data,
    } as CaseEvent),
});

const EVENT_STORE = Symbol('emmett-event-store');

@Controller('cases/:caseId/check-ins')
class EmmettCheckInController {
  constructor(@Inject(EVENT_STORE) private readonly eventStore: PostgresEventStore) {}

  @Post()
  @HttpCode(201)
  async recordCheckIn(
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: RecordCheckInRequestDto,
  ): Promise<{ caseId: string; version: number }> {
    const now = new Date().toISOString();
    const result = await handle(this.eventStore, caseId, (state) =>
      decide({ type: 'RecordCheckIn', data: { checkedInAt: body.checkedInAt, method: body.method } }, state, {
        actor: EMMETT_ACTOR,
        now,
        policy: { ...DEFAULT_CASE_POLICY, riskClassificationWindowMs: 72 * 3_600_000 },
      }).map(toEmmettEvent),
    );
    return { caseId, version: Number(result.nextExpectedStreamVersion) };
  }
}

async function bootstrap(): Promise<void> {
  const url = process.env.DATABASE_URL ?? '';
  // The api's pool size (libs/database).
  const pool = new Pool({ connectionString: url, max: 20 });
  const eventStore = getPostgreSQLEventStore(url, { connectionOptions: { pool } });

  @Module({
    controllers: [EmmettCheckInController],
    providers: [{ provide: EVENT_STORE, useValue: eventStore }],
  })
  class EmmettCommandModule {}

  const app = await NestFactory.create(EmmettCommandModule, { logger: ['error'] });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  const port = Number(process.env.PORT ?? 3901);
  await app.listen(port, '127.0.0.1');
  process.stdout.write(`listening on port ${port}\n`);
}

if (require.main === module) void bootstrap();
