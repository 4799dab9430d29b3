import { plainToInstance, Transform } from 'class-transformer';
import { topicSpecs } from '@casetrail/contracts';
import { DEFAULT_CASE_POLICY, type CasePolicy } from '@casetrail/domain';
import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

/** A whole-number setting read from its environment string, at least `min` and at most `max` if given. */
function IntegerSetting(min: number, max?: number): PropertyDecorator {
  const stacked = [Transform(toInt), IsInt(), Min(min), ...(max === undefined ? [] : [Max(max)])];
  // Bottom up, as a stack of decorators applies, so validation reports in the usual order.
  return (target, property) => {
    for (const decorator of stacked.toReversed()) decorator(target, property);
  };
}

/**
 * Every setting Casetrail reads, from the environment, validated once at start-up. Each property
 * is named after its environment variable; the README's configuration table lists them.
 */
export class AppConfig {
  @IsString()
  @IsNotEmpty()
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/casetrail';

  /** Comma-separated host:port list. */
  @IsString()
  @IsNotEmpty()
  KAFKA_BROKERS = '127.0.0.1:9092';

  /** Prepended to every topic name, e.g. "staging." when environments share a cluster. */
  @Matches(/^[A-Za-z0-9._-]{0,100}$/)
  KAFKA_TOPIC_PREFIX = '';

  @IntegerSetting(1, 1024)
  CASE_EVENTS_PARTITIONS = 6;

  @IntegerSetting(1, 65535)
  PORT = 3000;

  /** The relay's ops server (/health/*, /metrics); 0 lets the OS pick a free port. */
  @IntegerSetting(0, 65535)
  RELAY_OPS_PORT = 3001;

  /** The projector's ops server (/health/*, /metrics); 0 lets the OS pick a free port. */
  @IntegerSetting(0, 65535)
  PROJECTOR_OPS_PORT = 3002;

  /** The scheduler's ops server (/health/*, /metrics); 0 lets the OS pick a free port. */
  @IntegerSetting(0, 65535)
  SCHEDULER_OPS_PORT = 3003;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @IsString()
  @IsNotEmpty()
  PROJECTOR_GROUP_ID = 'casetrail-projector';

  /** The Risk Classification Assessment window; 5 days by rule, shorter for demos. */
  @IntegerSetting(1)
  RCA_WINDOW_MS = 5 * 24 * 60 * 60 * 1000;

  /** The caseload one detained-unit officer should carry: what staffing is measured against. */
  @IntegerSetting(1)
  TARGET_CASELOAD_DETAINED = 100;

  /** The caseload one non-detained-unit officer should carry: what staffing is measured against. */
  @IntegerSetting(1)
  TARGET_CASELOAD_NON_DETAINED = 1_000;
  /** A miss that makes this many in a row raises an absconding suspicion to the supervisors. */
  @IntegerSetting(1)
  ABSCONDING_CONSECUTIVE_MISSES = 3;

  /** So does a miss this many days or more after the subject's last contact. */
  @IntegerSetting(1)
  ABSCONDING_DAYS_WITHOUT_CONTACT = 30;

  /** How long an officer has to acknowledge a missed-check-in alert before it is escalated. */
  @IntegerSetting(1)
  ALERT_ACK_WINDOW_MS = 24 * 60 * 60 * 1000;

  /**
   * Comma-separated windows, one per escalation level: officer → SUPERVISOR, SUPERVISOR →
   * DEPUTY_FIELD_OFFICE_DIRECTOR. Empty (the default): ALERT_ACK_WINDOW_MS for each.
   */
  @Matches(/^([1-9]\d*(,[1-9]\d*)*)?$/, {
    message: 'ALERT_ESCALATION_WINDOWS_MS must be comma-separated positive whole milliseconds',
  })
  ALERT_ESCALATION_WINDOWS_MS = '';

  /** How often the scheduler looks for due deadlines: a deadline fires at most this late (plus its work). */
  @IntegerSetting(10, 60_000)
  SCHEDULER_POLL_MS = 200;

  /** Deadlines one scheduler claims per transaction. */
  @IntegerSetting(1, 1000)
  SCHEDULER_BATCH_SIZE = 500;

  /** `production` refuses the development token secret. */
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  /** The `iss` every access token must carry. */
  @IsString()
  @IsNotEmpty()
  AUTH_ISSUER = 'casetrail';

  /** The `aud` every access token must carry. */
  @IsString()
  @IsNotEmpty()
  AUTH_AUDIENCE = 'casetrail-api';

  /** Comma-separated allow-list of token signature algorithms (`none` is never accepted). */
  @Matches(/^(HS256|RS256|PS256|ES256|EdDSA)(,(HS256|RS256|PS256|ES256|EdDSA))*$/, {
    message: 'AUTH_ALGORITHMS must list HS256, RS256, PS256, ES256 or EdDSA, comma-separated',
  })
  AUTH_ALGORITHMS = 'HS256';

  /**
   * The HS256 key for development and tests. Production verifies with AUTH_JWKS_URL or
   * AUTH_PUBLIC_KEY_PEM instead and refuses to start with this default.
   */
  @IsString()
  @Matches(/^.{32,}$/, { message: 'AUTH_HS256_SECRET must be at least 32 characters' })
  AUTH_HS256_SECRET = DEVELOPMENT_TOKEN_SECRET;

  /** The identity provider's public key (SPKI PEM; `\n` escapes allowed) for RS/PS/ES/EdDSA tokens. */
  @IsString()
  AUTH_PUBLIC_KEY_PEM = '';

  /** The identity provider's JWKS endpoint; takes precedence over the other key settings. */
  @IsString()
  @Matches(/^(https?:\/\/\S+)?$/, { message: 'AUTH_JWKS_URL must be an http(s) URL' })
  AUTH_JWKS_URL = '';

  /**
   * Fault suite only: the projector kills itself after this many committed batches, between its
   * database commit and its offset commit. 0 (the default) never; refused in production.
   */
  @IntegerSetting(0)
  FAULT_CRASH_AFTER_PROJECTION_COMMITS = 0;

  /**
   * Base64 of 32 random bytes: wraps every subject's personal-data key. Losing it makes every
   * subject's personal data unreadable; production refuses the development default.
   */
  @Matches(/^[A-Za-z0-9+/]{43}=$/, {
    message: 'PERSONAL_DATA_KEY must be 32 bytes in base64 (openssl rand -base64 32)',
  })
  PERSONAL_DATA_KEY = DEVELOPMENT_PERSONAL_DATA_KEY;

  /** Requests one client address may make per minute before it is answered 429. */
  @IntegerSetting(1)
  RATE_LIMIT_PER_MINUTE = 6000;

  /**
   * How many api processes share PORT (Node cluster); 1 runs the api in this process. The rate
   * limit, live updates and idempotency hold across them (see the README).
   */
  @IntegerSetting(1, 64)
  API_INSTANCES = 1;

  /** How often each api instance adds its rate-limit counts to the shared ones and reads theirs. */
  @IntegerSetting(10, 10_000)
  RATE_LIMIT_SYNC_MS = 250;

  /** Comma-separated origins browsers may call the api from; empty (the default) allows none. */
  @Matches(/^(https?:\/\/[^,\s]+)?(,https?:\/\/[^,\s]+)*$/, {
    message: 'CORS_ORIGINS must be a comma-separated list of http(s) origins',
  })
  CORS_ORIGINS = '';

  /**
   * Outbox shards (hash ranges of the message key, i.e. the case id): the most relays that can
   * publish at once. Every relay of one database must use the same number.
   */
  @IntegerSetting(1, 1024)
  RELAY_SHARDS = 12;

  /** A relay's lease on its shards: how long after its owner's last renewal another relay may take one over. */
  @IntegerSetting(500, 600_000)
  RELAY_LEASE_MS = 10_000;

  /** This relay's name in the lease table; empty (the default): host name and RELAY_OPS_PORT. */
  @Matches(/^[A-Za-z0-9._:-]{0,100}$/)
  RELAY_INSTANCE_ID = '';

  get corsOrigins(): string[] {
    return this.CORS_ORIGINS ? this.CORS_ORIGINS.split(',') : [];
  }

  get personalDataKey(): Buffer {
    return Buffer.from(this.PERSONAL_DATA_KEY, 'base64');
  }

  get authAlgorithms(): string[] {
    return this.AUTH_ALGORITHMS.split(',');
  }

  /** The durations decide and the scheduler's deadlines apply: the agency's rules as configured here. */
  get casePolicy(): CasePolicy {
    const levels = DEFAULT_CASE_POLICY.alertEscalationWindowsMs.length;
    return {
      ...DEFAULT_CASE_POLICY,
      riskClassificationWindowMs: this.RCA_WINDOW_MS,
      abscondingConsecutiveMisses: this.ABSCONDING_CONSECUTIVE_MISSES,
      abscondingDaysWithoutContact: this.ABSCONDING_DAYS_WITHOUT_CONTACT,
      targetCaseloadPerOfficer: {
        DETAINED: this.TARGET_CASELOAD_DETAINED,
        NON_DETAINED: this.TARGET_CASELOAD_NON_DETAINED,
      },
      alertEscalationWindowsMs: this.ALERT_ESCALATION_WINDOWS_MS
        ? this.ALERT_ESCALATION_WINDOWS_MS.split(',').map(Number)
        : Array.from({ length: levels }, () => this.ALERT_ACK_WINDOW_MS),
    };
  }

  get kafkaBrokers(): string[] {
    return this.KAFKA_BROKERS.split(',').map((broker) => broker.trim());
  }
}

/** Wraps subject keys in development and tests only; production must set its own. */
export const DEVELOPMENT_PERSONAL_DATA_KEY = 'Y2FzZXRyYWlsLWRldmVsb3BtZW50LW9ubHkta2V5ISE=';

/** Signs the tokens `npm run token` prints; never accepted when NODE_ENV=production. */
export const DEVELOPMENT_TOKEN_SECRET = 'casetrail-development-only-token-secret';

/** Rules that span settings, checked after each setting is valid on its own. */
function crossSettingProblems(config: AppConfig): string[] {
  const problems: string[] = [];
  const usesSecret = !config.AUTH_JWKS_URL && !config.AUTH_PUBLIC_KEY_PEM;
  if (
    config.NODE_ENV === 'production' &&
    usesSecret &&
    config.AUTH_HS256_SECRET === DEVELOPMENT_TOKEN_SECRET
  ) {
    problems.push(
      'AUTH_HS256_SECRET: the development secret is refused in production; set AUTH_JWKS_URL or AUTH_PUBLIC_KEY_PEM (or a secret of your own)',
    );
  }
  if (config.NODE_ENV === 'production' && config.PERSONAL_DATA_KEY === DEVELOPMENT_PERSONAL_DATA_KEY) {
    problems.push(
      'PERSONAL_DATA_KEY: the development key is refused in production; set one of your own (openssl rand -base64 32)',
    );
  }
  if (usesSecret && !config.authAlgorithms.includes('HS256')) {
    problems.push(
      'AUTH_ALGORITHMS: without AUTH_JWKS_URL or AUTH_PUBLIC_KEY_PEM only HS256 tokens can be verified',
    );
  }
  if (!usesSecret && config.authAlgorithms.includes('HS256')) {
    problems.push(
      "AUTH_ALGORITHMS: HS256 cannot be verified with a public key; list the provider's algorithm",
    );
  }
  if (config.NODE_ENV === 'production' && config.FAULT_CRASH_AFTER_PROJECTION_COMMITS > 0) {
    problems.push(
      'FAULT_CRASH_AFTER_PROJECTION_COMMITS: fault injection is refused in production; unset it or set 0',
    );
  }
  return problems;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/** Reads and validates the environment; throws a ConfigurationError that says what to set. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const given = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => known.includes(key) && value !== undefined && value !== ''),
  );
  const config = plainToInstance(AppConfig, given, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false });
  if (errors.length > 0) {
    throw new ConfigurationError(
      errors.map(
        (error) =>
          `${error.property}=${/SECRET|KEY$/.test(error.property) ? '(hidden)' : JSON.stringify(error.value)}: ${Object.values(error.constraints ?? {}).join('; ')}`,
      ),
    );
  }
  const problems = crossSettingProblems(config);
  if (problems.length > 0) throw new ConfigurationError(problems);
  return config;
}

/** The topics this deployment creates at start-up, with its configured partition counts. */
export function topicSpecsFor(config: AppConfig) {
  return topicSpecs(config.CASE_EVENTS_PARTITIONS);
}
