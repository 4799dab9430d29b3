import { TOPICS, deadLetterTopic } from '@casetrail/contracts';
import { KafkaMessageBroker } from '@casetrail/messaging';
import {
  e2eLogs,
  e2eTopicPrefixes,
  findPersonalData,
  TopicReader,
  type PersonalDataFinding,
} from '@casetrail/testing';

const ALERT_AND_DEAD_LETTER_TOPICS = [
  TOPICS.missedCheckInAlerts,
  TOPICS.missedCheckInAlertsV2,
  TOPICS.rcaOverdueAlerts,
  TOPICS.releaseOverrideAlerts,
  TOPICS.suspectedAbscondingAlerts,
  TOPICS.absconderReferrals,
  deadLetterTopic(TOPICS.caseEvents),
];

/**
 * Runs last (test/support/last-scan-sequencer.js): every line every app printed during the
 * end-to-end run, and every message on the alert and dead-letter topics the run wrote, must be
 * free of names, A-numbers and dates of birth.
 */
describe('after the end-to-end run', () => {
  it('finds no personal data in any app’s output or on any alert or dead-letter topic', async () => {
    const findings: PersonalDataFinding[] = [];
    const logs = e2eLogs();
    for (const { file, text } of logs) findings.push(...findPersonalData(file, text));

    // Every run's topics read at once, one consumer a run: one wait for them all to settle, however
    // many runs there were (a consumer a topic took minutes to join on a busy machine).
    const readers = await Promise.all(
      e2eTopicPrefixes().map(async (prefix) => {
        const broker = new KafkaMessageBroker({
          clientId: 'casetrail-personal-data-scan',
          brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
          topicPrefix: prefix,
        });
        const written: string[] = [];
        for (const topic of ALERT_AND_DEAD_LETTER_TOPICS) {
          if ((await broker.partitionCount(topic).catch(() => 0)) > 0) written.push(topic);
        }
        return written.length > 0 ? new TopicReader(prefix, written).start() : undefined;
      }),
    ).then((started) => started.filter((reader) => reader !== undefined));
    await settled(readers);
    let messages = 0;
    for (const reader of readers) {
      for (const message of reader.messages) {
        messages += 1;
        findings.push(...findPersonalData(message.topic, `${message.key ?? ''} ${message.value ?? ''}`));
      }
      await reader.stop();
    }
    process.stdout.write(
      `personal-data scan: ${logs.length} app logs, ${messages} alert and dead-letter messages, ${findings.length} findings\n`,
    );
    // Run alone, nothing was recorded and there is nothing to scan.
    expect(findings).toEqual([]);
  }, 300_000);
});

/**
 * Waits until the readers have stopped receiving for a while: they have read their topics. Joining
 * the consumer groups takes a few seconds, so quiet counts only once something arrived or 10 s passed.
 */
async function settled(readers: TopicReader[]): Promise<void> {
  const started = Date.now();
  const deadline = started + 30_000;
  let last = -1;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    const count = readers.reduce((sum, reader) => sum + reader.messages.length, 0);
    if (count !== last) {
      last = count;
      quietSince = Date.now();
    } else if (Date.now() - quietSince > 3_000 && (count > 0 || Date.now() - started > 10_000)) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
