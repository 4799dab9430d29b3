import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Allow, type Caller } from '@casetrail/auth';
import { findTransfers, type TransferView } from '@casetrail/read-models';
import { CurrentCaller } from '@api/access/access.decorators';
import { officeFilterFor } from '@api/access/office-scope';
import { TransfersQueryDto } from './transfers.request.dto';

/** Transfers as each side sees them: the receiving office's incoming, the sending office's outgoing. */
@ApiTags('transfers')
@Allow('OFFICER', 'SUPERVISOR', 'OVERSIGHT')
@Controller('transfers')
export class TransfersController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  async transfers(
    @Query() query: TransfersQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<{ items: TransferView[] }> {
    return { items: await findTransfers(this.db, { ...query, ...officeFilterFor(caller, query.officeId) }) };
  }
}
