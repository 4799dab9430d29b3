import { Controller, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Allow, type Caller } from '@casetrail/auth';
import { PersonalDataVault } from '@casetrail/case-commands';
import { CaseRuleViolation } from '@casetrail/domain';
import { CurrentCaller } from '@api/access/access.decorators';
import { markCaseCommand } from '@api/audit/audit-outcome';
import { CaseIdPipe } from '@api/http/uuid.pipe';

/**
 * Seals a case's personal data by destroying its subject's key: names, A-number and date of birth
 * become unreadable in the event store, on the topics and in every copy, while the history stays.
 * Irreversible, so it is the administrator's alone, and the audit trail records who did it.
 */
@ApiTags('cases')
@Allow('ADMIN')
@Controller('cases/:caseId/personal-data/seal')
export class SealPersonalDataController {
  constructor(
    private readonly personalData: PersonalDataVault,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  async seal(
    @Param('caseId', CaseIdPipe) caseId: string,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ caseId: string; sealed: true }> {
    markCaseCommand(response, 'SealPersonalData');
    const cases: unknown[] = await this.db.query('SELECT 1 FROM streams WHERE stream_id = $1', [caseId]);
    if (cases.length === 0) throw new CaseRuleViolation('CASE.NOT_FOUND');
    // Sealing twice leaves it sealed: the answer is the same.
    await this.personalData.seal(this.db.manager, caseId, caller.userId);
    return { caseId, sealed: true };
  }
}
