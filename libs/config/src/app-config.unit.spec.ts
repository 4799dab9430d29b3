import { ConfigurationError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('uses the local defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.CASE_EVENTS_PARTITIONS).toBe(6);
    expect(config.kafkaBrokers).toEqual(['127.0.0.1:9092']);
  });

  it('holds deadlines to the agency’s rules unless told otherwise, polling five times a second', () => {
    const config = loadConfig({});
    expect(config.RCA_WINDOW_MS).toBe(5 * 24 * 60 * 60 * 1000);
    expect(config.ALERT_ACK_WINDOW_MS).toBe(24 * 60 * 60 * 1000);
    expect(config.SCHEDULER_POLL_MS).toBe(200);
    expect(loadConfig({ RCA_WINDOW_MS: '2000' }).RCA_WINDOW_MS).toBe(2000);
  });

  it('gives the case policy its escalation windows: ALERT_ACK_WINDOW_MS for each level unless listed', () => {
    expect(loadConfig({}).casePolicy).toMatchObject({
      riskClassificationWindowMs: 5 * 24 * 60 * 60 * 1000,
      alertEscalationWindowsMs: [24 * 60 * 60 * 1000, 24 * 60 * 60 * 1000],
      priorityEscalationFactor: 0.5,
    });
    expect(loadConfig({ ALERT_ACK_WINDOW_MS: '5000' }).casePolicy.alertEscalationWindowsMs).toEqual([
      5000, 5000,
    ]);
    expect(
      loadConfig({ ALERT_ACK_WINDOW_MS: '5000', ALERT_ESCALATION_WINDOWS_MS: '1000,2000' }).casePolicy
        .alertEscalationWindowsMs,
    ).toEqual([1000, 2000]);
    expect(() => loadConfig({ ALERT_ESCALATION_WINDOWS_MS: '1000,soon' })).toThrow(
      /ALERT_ESCALATION_WINDOWS_MS/,
    );
  });

  it('suspects absconding at three misses in a row or thirty days without contact, unless told otherwise', () => {
    const config = loadConfig({});
    expect([config.ABSCONDING_CONSECUTIVE_MISSES, config.ABSCONDING_DAYS_WITHOUT_CONTACT]).toEqual([3, 30]);
    const told = loadConfig({ ABSCONDING_CONSECUTIVE_MISSES: '2', ABSCONDING_DAYS_WITHOUT_CONTACT: '14' });
    expect([told.ABSCONDING_CONSECUTIVE_MISSES, told.ABSCONDING_DAYS_WITHOUT_CONTACT]).toEqual([2, 14]);
    expect(() => loadConfig({ ABSCONDING_CONSECUTIVE_MISSES: '0' })).toThrow(/ABSCONDING_CONSECUTIVE_MISSES/);
  });

  it('reads numbers and broker lists from the environment', () => {
    const config = loadConfig({ CASE_EVENTS_PARTITIONS: '12', KAFKA_BROKERS: 'a:1, b:2' });
    expect(config.CASE_EVENTS_PARTITIONS).toBe(12);
    expect(config.kafkaBrokers).toEqual(['a:1', 'b:2']);
  });

  it('gives each worker its own ops port, and 0 means any free port', () => {
    const config = loadConfig({});
    expect([config.RELAY_OPS_PORT, config.PROJECTOR_OPS_PORT, config.SCHEDULER_OPS_PORT]).toEqual([
      3001, 3002, 3003,
    ]);
    expect(loadConfig({ SCHEDULER_OPS_PORT: '0' }).SCHEDULER_OPS_PORT).toBe(0);
    expect(() => loadConfig({ RELAY_OPS_PORT: '70000' })).toThrow(/RELAY_OPS_PORT/);
  });

  it('splits the outbox into 12 shards under 10 s leases unless told otherwise, and refuses nonsense', () => {
    const config = loadConfig({});
    expect([config.RELAY_SHARDS, config.RELAY_LEASE_MS, config.RELAY_INSTANCE_ID]).toEqual([12, 10_000, '']);
    expect(loadConfig({ RELAY_SHARDS: '3', RELAY_INSTANCE_ID: 'relay-2.example:3001' }).RELAY_SHARDS).toBe(3);
    expect(() => loadConfig({ RELAY_SHARDS: '0' })).toThrow(/RELAY_SHARDS/);
    expect(() => loadConfig({ RELAY_LEASE_MS: '100' })).toThrow(/RELAY_LEASE_MS/);
    expect(() => loadConfig({ RELAY_INSTANCE_ID: 'two words' })).toThrow(/RELAY_INSTANCE_ID/);
  });

  it('names every invalid setting in one error', () => {
    let thrown: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    const problems = (thrown as ConfigurationError).problems.join('\n');
    expect(problems).toContain('PORT');
    expect(problems).toContain('LOG_LEVEL');
  });

  it('refuses the fault suite’s crash point in production', () => {
    expect(loadConfig({}).FAULT_CRASH_AFTER_PROJECTION_COMMITS).toBe(0);
    expect(
      loadConfig({ FAULT_CRASH_AFTER_PROJECTION_COMMITS: '3' }).FAULT_CRASH_AFTER_PROJECTION_COMMITS,
    ).toBe(3);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        AUTH_JWKS_URL: 'https://idp.example/jwks',
        AUTH_ALGORITHMS: 'RS256',
        FAULT_CRASH_AFTER_PROJECTION_COMMITS: '3',
      }),
    ).toThrow(/FAULT_CRASH_AFTER_PROJECTION_COMMITS/);
  });
});
