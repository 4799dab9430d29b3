import { ApiProperty } from '@nestjs/swagger';
import { IsObject, IsString, MaxLength } from 'class-validator';
import { DEFAULT_CASE_POLICY, OVERRIDE_REASON_CODES, type PolicyDocument } from '@casetrail/domain';
import { IsBusinessTime } from '@api/http/business-time.validator';

const { version: _version, ...example } = DEFAULT_CASE_POLICY;

/**
 * Only the shape is checked here: whether every rule is present and sane is the policy's own rule
 * (`policyDocumentProblems` in the domain), answered as a problem naming each field.
 */
export class PublishPolicyRequestDto {
  @ApiProperty({
    example: '2026-12-01T00:00:00Z',
    description: 'When the version takes effect: now (within a minute of clock skew) or later.',
  })
  @IsBusinessTime()
  effectiveFrom!: string;

  @ApiProperty({
    description:
      'Why the policy changes; at least as long as an override narrative must be (100 characters).',
  })
  @IsString()
  @MaxLength(10_000)
  rationale!: string;

  @ApiProperty({
    description: 'The whole policy: every rule, none left out.',
    example,
    type: 'object',
    additionalProperties: false,
    required: Object.keys(example),
    properties: {
      riskClassificationWindowMs: { type: 'integer', minimum: 1 },
      checkInGraceHours: { type: 'number', minimum: 0 },
      narrativeMinLength: { type: 'integer', minimum: 1 },
      targetCaseloadPerOfficer: {
        type: 'object',
        required: ['DETAINED', 'NON_DETAINED'],
        properties: {
          DETAINED: { type: 'integer', minimum: 1 },
          NON_DETAINED: { type: 'integer', minimum: 1 },
        },
      },
      overrideReasonCodes: {
        type: 'array',
        minItems: 1,
        uniqueItems: true,
        items: { type: 'string', enum: [...OVERRIDE_REASON_CODES] },
      },
      alertEscalationWindowsMs: {
        type: 'array',
        minItems: 2,
        maxItems: 2,
        items: { type: 'integer', minimum: 1 },
        description: 'Window before each escalation level: [to SUPERVISOR, to DEPUTY_FIELD_OFFICE_DIRECTOR].',
      },
      priorityEscalationFactor: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1 },
      abscondingConsecutiveMisses: { type: 'integer', minimum: 1 },
      abscondingDaysWithoutContact: { type: 'integer', minimum: 1 },
    },
  })
  @IsObject()
  policy!: PolicyDocument;
}
