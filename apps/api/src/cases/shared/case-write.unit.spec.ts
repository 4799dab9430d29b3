import { Body, Controller, HttpCode, Param, Post, type INestApplication } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { CommandResult } from '@casetrail/case-commands';
import { CaseWrite, caseWriteRouteOf } from './case-write';

const CASE_ID = '5f0c2a8e-4d1b-4c3e-9a7f-2b6d8e1f0a93';
const OPENED = { eventId: '0b8e4f3a-6c2d-4e1f-8a9b-7c5d3e2f1a04', type: 'CaseOpened', streamVersion: 1 };

@Controller('cases')
class WritesController {
  readonly calls: unknown[][] = [];

  @Post()
  @CaseWrite('OpenCase', { opensCase: true })
  @HttpCode(201)
  open(@Body() body: { note: string }): Promise<CommandResult> {
    this.calls.push([body]);
    return Promise.resolve({ caseId: CASE_ID, version: 1, events: [OPENED], replayed: false });
  }

  // The default value: `length` counts no parameter from the first with one.
  @HttpCode(201)
  @CaseWrite('RecordCheckIn')
  @Post(':caseId/check-ins')
  checkIn(@Param('caseId') caseId: string, @Body() body: { note: string } = { note: 'none' }): CommandResult {
    this.calls.push([caseId, body]);
    return { caseId, version: 7, events: [], replayed: true };
  }
}

describe('CaseWrite', () => {
  let app: INestApplication;
  let controller: WritesController;

  beforeAll(async () => {
    const module = await Test.createTestingModule({ controllers: [WritesController] }).compile();
    app = module.createNestApplication({ logger: false });
    await app.init();
    controller = app.get(WritesController);
  });

  afterAll(async () => {
    await app.close();
  });

  beforeEach(() => {
    controller.calls.length = 0;
  });

  it('answers with the version as the ETag and the case opened as the Location, without `replayed`', async () => {
    const response = await request(app.getHttpServer()).post('/cases').send({ note: 'first' }).expect(201);
    expect(response.headers.etag).toBe('"1"');
    expect(response.headers.location).toBe(`/cases/${CASE_ID}`);
    expect(response.headers['idempotent-replayed']).toBeUndefined();
    expect(response.body).toEqual({ caseId: CASE_ID, version: 1, events: [OPENED] });
    expect(controller.calls).toEqual([[{ note: 'first' }]]);
  });

  it('says a replay in a header, whether or not the handler answered with a promise', async () => {
    const response = await request(app.getHttpServer())
      .post(`/cases/${CASE_ID}/check-ins`)
      .send({ note: 'second' })
      .expect(201);
    expect(response.headers.etag).toBe('"7"');
    expect(response.headers['idempotent-replayed']).toBe('true');
    expect(response.headers.location).toBeUndefined();
    expect(response.body).toEqual({ caseId: CASE_ID, version: 7, events: [] });
    // The handler is given its own parameters only, the response not among them.
    expect(controller.calls).toEqual([[CASE_ID, { note: 'second' }]]);
  });

  it('keeps the route and status its other decorators gave the handler, above it or below', () => {
    for (const handler of [WritesController.prototype.open, WritesController.prototype.checkIn]) {
      expect(Reflect.getMetadata(HTTP_CODE_METADATA, handler)).toBe(201);
      expect(caseWriteRouteOf(handler)).toBeDefined();
    }
    expect(caseWriteRouteOf(WritesController.prototype.checkIn)).toEqual({
      command: 'RecordCheckIn',
      opensCase: false,
    });
    expect(WritesController.prototype.checkIn.name).toBe('checkIn');
  });
});
