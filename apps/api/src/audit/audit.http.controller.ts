import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PostgresAuditTrail, type StoredAuditRecord } from '@casetrail/audit';
import { Allow } from '@casetrail/auth';
import { AuditQueryDto } from './audit.request.dto';

/** The audit trail, newest first, for the oversight office. */
@ApiTags('oversight')
@Allow('OVERSIGHT')
@Controller('oversight/audit')
export class AuditController {
  constructor(private readonly trail: PostgresAuditTrail) {}

  @Get()
  async audit(@Query() query: AuditQueryDto): Promise<{ items: StoredAuditRecord[] }> {
    // Records of requests answered a moment ago are still being written: include them.
    await this.trail.flushChained();
    return { items: await this.trail.find(query) };
  }
}
