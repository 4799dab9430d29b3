import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { ThrottlerException } from '@nestjs/throttler';
import { OutsideCallerOffices } from '@casetrail/auth';
import { IdempotencyKeyReused } from '@casetrail/case-commands';
import { RoleNotAllowed, Unauthenticated } from '@api/access/access.errors';
import { markAccessDenied } from '@api/audit/audit-outcome';
import {
  CaseRuleViolation,
  POLICY_RULES,
  POLICY_STREAM_ID,
  PolicyRuleViolation,
  type CaseRuleCode,
  type PolicyRuleCode,
} from '@casetrail/domain';
import { StreamVersionConflict } from '@casetrail/event-store';
import { PROBLEM_CONTENT_TYPE, problemType, type Problem } from './problem';
import { RequestBodyRejected, RequestValidationFailed } from './validation';
import { RosterViolation, type RosterRuleCode } from '@api/roster/roster.errors';
import { correlationIdOf } from '../request-context/correlation-id';

/**
 * How each domain rule surfaces over HTTP. 404: the case, or the thing on it the request names
 * (override request, alert, detainer, flag, transfer, missed check-in), does not exist. 409: the request collides with what the
 * case has already recorded: a duplicate, or a step already taken (decided, used, lapsed, flagged,
 * acknowledged, answered, scheduled, assigned, closed). Unlisted codes are 422: well-formed, but
 * the request breaks a rule (docket, time, justification, who may decide, a missing override).
 * CASE.ALREADY_DETAINED would fit 409 but stays 422, as clients of the detention endpoint expect.
 */
const RULE_STATUS: Partial<Record<CaseRuleCode, number>> = {
  'CASE.NOT_FOUND': HttpStatus.NOT_FOUND,
  'CASE.OVERRIDE_NOT_FOUND': HttpStatus.NOT_FOUND,
  'CASE.ALERT_NOT_FOUND': HttpStatus.NOT_FOUND,
  'CASE.DETAINER_NOT_FOUND': HttpStatus.NOT_FOUND,
  'CASE.FLAG_NOT_FOUND': HttpStatus.NOT_FOUND,
  'CASE.TRANSFER_NOT_FOUND': HttpStatus.NOT_FOUND,
  'CASE.MISS_NOT_FOUND': HttpStatus.NOT_FOUND,
  'CASE.ALREADY_OPENED': HttpStatus.CONFLICT,
  'CASE.CLOSED': HttpStatus.CONFLICT,
  'CASE.DEADLINE_ALREADY_RECORDED': HttpStatus.CONFLICT,
  'CASE.DEADLINE_NOT_CURRENT': HttpStatus.CONFLICT,
  'CASE.OVERRIDE_ALREADY_REQUESTED': HttpStatus.CONFLICT,
  'CASE.OVERRIDE_NOT_PENDING': HttpStatus.CONFLICT,
  'CASE.OVERRIDE_ALREADY_USED': HttpStatus.CONFLICT,
  'CASE.OVERRIDE_LAPSED': HttpStatus.CONFLICT,
  'CASE.ALERT_ALREADY_ACKNOWLEDGED': HttpStatus.CONFLICT,
  'CASE.ALREADY_ASSIGNED': HttpStatus.CONFLICT,
  'CASE.DETAINER_ALREADY_REQUESTED': HttpStatus.CONFLICT,
  'CASE.DETAINER_ALREADY_RESPONDED': HttpStatus.CONFLICT,
  'CASE.REMOVAL_ALREADY_SCHEDULED': HttpStatus.CONFLICT,
  'CASE.ALREADY_FLAGGED': HttpStatus.CONFLICT,
  'CASE.TRANSFER_ALREADY_REQUESTED': HttpStatus.CONFLICT,
  'CASE.TRANSFER_ALREADY_PENDING': HttpStatus.CONFLICT,
  'CASE.TRANSFER_NOT_PENDING': HttpStatus.CONFLICT,
  'CASE.ALERT_ALREADY_ESCALATED': HttpStatus.CONFLICT,
  'CASE.MISS_NOT_OPEN': HttpStatus.CONFLICT,
  'CASE.MISS_NOT_EXCUSED': HttpStatus.CONFLICT,
};

const ROSTER_STATUS: Record<RosterRuleCode, number> = {
  'ROSTER.OFFICE_NOT_FOUND': HttpStatus.UNPROCESSABLE_ENTITY,
  'ROSTER.OFFICER_NOT_IN_OFFICE': HttpStatus.UNPROCESSABLE_ENTITY,
  'ROSTER.OFFICE_EXISTS': HttpStatus.CONFLICT,
  'ROSTER.OFFICER_EXISTS': HttpStatus.CONFLICT,
  'ROSTER.ABSENCE_NOT_FOUND': HttpStatus.NOT_FOUND,
  'ROSTER.ABSENCE_ENDED': HttpStatus.CONFLICT,
  'ROSTER.ABSENCE_OVERLAPS': HttpStatus.CONFLICT,
  'ROSTER.ABSENCE_PERIOD_INVALID': HttpStatus.UNPROCESSABLE_ENTITY,
  'ROSTER.COVER_SELF': HttpStatus.UNPROCESSABLE_ENTITY,
};

/** An invalid document is bad input (400, naming each field); the rest break a publishing rule. */
const POLICY_STATUS: Record<PolicyRuleCode, number> = {
  'POLICY.INVALID': HttpStatus.BAD_REQUEST,
  'POLICY.EFFECTIVE_IN_PAST': HttpStatus.UNPROCESSABLE_ENTITY,
  'POLICY.EFFECTIVE_BEFORE_LATEST': HttpStatus.UNPROCESSABLE_ENTITY,
  'POLICY.RATIONALE_TOO_SHORT': HttpStatus.UNPROCESSABLE_ENTITY,
  'POLICY.NOT_PUBLISHED': HttpStatus.NOT_FOUND,
};

/** The one path out for errors: everything becomes an RFC 9457 problem, never a stack trace. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problems');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = {
      ...this.toProblem(exception, request),
      instance: request.originalUrl,
      correlationId: correlationIdOf(request),
    };
    if (isAccessDenial(exception)) markAccessDenied(response);
    if (exception instanceof Unauthenticated) {
      response.setHeader(
        'WWW-Authenticate',
        exception.reason === 'no bearer token'
          ? 'Bearer realm="casetrail"'
          : 'Bearer realm="casetrail", error="invalid_token"',
      );
    }
    if (problem.status >= 500) {
      this.logger.error(
        `${request.method} ${request.route?.path ?? 'unmatched route'} failed: ${describe(exception)}`,
      );
    }
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).json(problem);
  }

  private toProblem(exception: unknown, request: Request): Problem {
    if (exception instanceof Unauthenticated) {
      return problem(HttpStatus.UNAUTHORIZED, 'AUTH.UNAUTHENTICATED', 'A valid bearer token is required.');
    }
    if (exception instanceof RoleNotAllowed) {
      return problem(HttpStatus.FORBIDDEN, 'AUTH.FORBIDDEN', 'Your role may not do this.');
    }
    if (exception instanceof OutsideCallerOffices) {
      // Word for word what a missing case, office or officer answers.
      return exception.what === 'CASE'
        ? this.toProblem(new CaseRuleViolation('CASE.NOT_FOUND'), request)
        : problem(HttpStatus.NOT_FOUND, `${exception.what}.NOT_FOUND`, NOT_FOUND_DETAIL[exception.what]);
    }
    if (exception instanceof ThrottlerException) {
      return problem(HttpStatus.TOO_MANY_REQUESTS, 'REQUEST.RATE_LIMITED', 'Too many requests; retry later.');
    }
    if (exception instanceof CaseRuleViolation) {
      return problem(
        RULE_STATUS[exception.code] ?? HttpStatus.UNPROCESSABLE_ENTITY,
        exception.code,
        exception.detail,
      );
    }
    if (exception instanceof PolicyRuleViolation) {
      const refused = problem(POLICY_STATUS[exception.code], exception.code, POLICY_RULES[exception.code]);
      return exception.errors.length > 0 ? { ...refused, errors: exception.errors } : refused;
    }
    if (exception instanceof StreamVersionConflict && exception.streamId === POLICY_STREAM_ID) {
      return request.headers['if-match']
        ? problem(
            HttpStatus.PRECONDITION_FAILED,
            'POLICY.VERSION_MISMATCH',
            'A policy version was published since the version in If-Match.',
          )
        : problem(
            HttpStatus.CONFLICT,
            'POLICY.CONCURRENT_CHANGE',
            'Another policy version was published at the same time; reload and retry.',
          );
    }
    if (exception instanceof StreamVersionConflict) {
      return request.headers['if-match']
        ? problem(
            HttpStatus.PRECONDITION_FAILED,
            'CASE.VERSION_MISMATCH',
            'The case has changed since the version in If-Match.',
          )
        : problem(
            HttpStatus.CONFLICT,
            'CASE.CONCURRENT_CHANGE',
            'Another change to this case was recorded at the same time; reload and retry.',
          );
    }
    if (exception instanceof RosterViolation) {
      return problem(ROSTER_STATUS[exception.code], exception.code, exception.message);
    }
    if (exception instanceof IdempotencyKeyReused) {
      return problem(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'REQUEST.IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used for a different request.',
      );
    }
    if (exception instanceof RequestValidationFailed) {
      return {
        ...problem(HttpStatus.BAD_REQUEST, 'REQUEST.INVALID', 'The request is invalid.'),
        errors: exception.fieldErrors,
      };
    }
    if (exception instanceof RequestBodyRejected) {
      return BODY_PROBLEMS[exception.reason];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return problem(status, `HTTP.${status}`, exception.message);
    }
    return problem(
      HttpStatus.INTERNAL_SERVER_ERROR,
      'SERVER.ERROR',
      'Something went wrong; the request was not recorded.',
    );
  }
}

const NOT_FOUND_DETAIL = {
  OFFICE: 'No such office.',
  OFFICER: 'No such officer.',
} as const;

function isAccessDenial(exception: unknown): boolean {
  return (
    exception instanceof Unauthenticated ||
    exception instanceof RoleNotAllowed ||
    exception instanceof OutsideCallerOffices
  );
}

function problem(status: number, code: string, detail: string): Problem {
  return { type: problemType(code), title: titleOf(code), status, detail, code };
}

function titleOf(code: string): string {
  const words = code.split('.').at(-1) ?? code;
  return words.charAt(0) + words.slice(1).toLowerCase().replace(/_/g, ' ');
}

const BODY_PROBLEMS: Record<RequestBodyRejected['reason'], Problem> = {
  MALFORMED_JSON: problem(
    HttpStatus.BAD_REQUEST,
    'REQUEST.MALFORMED_JSON',
    'The request body is not valid JSON.',
  ),
  TOO_LARGE: problem(HttpStatus.PAYLOAD_TOO_LARGE, 'REQUEST.TOO_LARGE', 'The request body is too large.'),
  UNSUPPORTED_ENCODING: problem(
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    'REQUEST.UNSUPPORTED_ENCODING',
    'Send the request body uncompressed, without a Content-Encoding.',
  ),
  UNREADABLE: problem(HttpStatus.BAD_REQUEST, 'REQUEST.UNREADABLE', 'The request body could not be read.'),
};

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
