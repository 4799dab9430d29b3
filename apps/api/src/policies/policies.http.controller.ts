import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ALL_ROLES, Allow } from '@casetrail/auth';
import { Clock, PolicyBook } from '@casetrail/case-commands';
import { PolicyRuleViolation, policyInEffect, type PolicyVersion } from '@casetrail/domain';
import { actorOf, expectedVersionOf, idempotencyOf } from '@api/cases/shared/command-metadata';
import { auditRecordOf } from '@api/audit/audit.middleware';
import { markAuditedWithCommand, markCaseCommand } from '@api/audit/audit-outcome';
import { correlationIdOf } from '@api/request-context/correlation-id';
import { PublishPolicyRequestDto } from './publish-policy.request.dto';

/**
 * The agency's policy as versioned data: POLICY_ADMIN publishes a whole new version with when it
 * takes effect and why; everyone signed in reads the one in effect and the history.
 */
@ApiTags('policies')
@Allow(...ALL_ROLES)
@Controller('policies')
export class PoliciesController {
  constructor(
    private readonly policies: PolicyBook,
    private readonly clock: Clock,
  ) {}

  /**
   * Answers with the policy stream's new version as the ETag (send it back as If-Match to publish
   * the next one over exactly what you read); the audit record is written with the event.
   */
  @Post()
  @Allow('POLICY_ADMIN')
  @HttpCode(HttpStatus.CREATED)
  async publish(
    @Body() body: PublishPolicyRequestDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PolicyVersion> {
    markCaseCommand(response, 'PublishPolicy');
    const result = await this.policies.publish(
      {
        type: 'PublishPolicy',
        data: { effectiveFrom: body.effectiveFrom, rationale: body.rationale, policy: body.policy },
      },
      {
        actor: actorOf(request),
        correlationId: correlationIdOf(request),
        expectedVersion: expectedVersionOf(request),
        idempotency: idempotencyOf(request),
        audit: auditRecordOf(request, {
          command: 'PublishPolicy',
          outcome: 'ALLOWED',
          status: HttpStatus.CREATED,
        }),
      },
    );
    response.setHeader('ETag', `"${result.streamVersion}"`);
    if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
    else markAuditedWithCommand(response);
    return result.published;
  }

  /** The version decisions are made under now; a later one already published is not yet in effect. */
  @Get('current')
  async current(@Res({ passthrough: true }) response: Response): Promise<PolicyVersion> {
    const history = await this.policies.refresh();
    const current = policyInEffect(history, this.clock.now().toISOString());
    if (!current) throw new PolicyRuleViolation('POLICY.NOT_PUBLISHED');
    response.setHeader('ETag', `"${history.length}"`);
    return current;
  }

  /** Every version, oldest first: what it said, from when, who published it and why. */
  @Get('history')
  async history(@Res({ passthrough: true }) response: Response): Promise<{ items: PolicyVersion[] }> {
    const history = await this.policies.refresh();
    response.setHeader('ETag', `"${history.length}"`);
    return { items: history };
  }
}
