import { plainToInstance, Transform } from 'class-transformer';
import { topicSpecs } from '@casetrail/contracts';
import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

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

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1024)
  CASE_EVENTS_PARTITIONS = 6;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  /** The relay's ops server (/health/*, /metrics); 0 lets the OS pick a free port. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  RELAY_OPS_PORT = 3001;

  /** The projector's ops server (/health/*, /metrics); 0 lets the OS pick a free port. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PROJECTOR_OPS_PORT = 3002;

  /** The scheduler's ops server (/health/*, /metrics); 0 lets the OS pick a free port. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  SCHEDULER_OPS_PORT = 3003;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @IsString()
  @IsNotEmpty()
  PROJECTOR_GROUP_ID = 'casetrail-projector';

  /** The Risk Classification Assessment window; 5 days by rule, shorter for demos. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RCA_WINDOW_MS = 5 * 24 * 60 * 60 * 1000;

  /** How long an officer has to acknowledge a missed-check-in alert before it is escalated. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ALERT_ACK_WINDOW_MS = 24 * 60 * 60 * 1000;

  /** How often the scheduler looks for due deadlines: a deadline fires at most this late (plus its work). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60_000)
  SCHEDULER_POLL_MS = 200;

  /** Deadlines one scheduler claims per transaction. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  SCHEDULER_BATCH_SIZE = 50;

  get kafkaBrokers(): string[] {
    return this.KAFKA_BROKERS.split(',').map((broker) => broker.trim());
  }
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
          `${error.property}=${JSON.stringify(error.value)}: ${Object.values(error.constraints ?? {}).join('; ')}`,
      ),
    );
  }
  return config;
}

/** The topics this deployment creates at start-up, with its configured partition counts. */
export function topicSpecsFor(config: AppConfig) {
  return topicSpecs(config.CASE_EVENTS_PARTITIONS);
}
