import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '@casetrail/config';
import {
  TOPICS,
  type MissedCheckInAlertMessageV2,
  type RcaOverdueAlertMessage,
  type ReleaseOverrideAlertMessage,
} from '@casetrail/contracts';
import { KafkaMessageBroker, type IncomingMessage } from '@casetrail/messaging';

const USAGE = `usage: npm run alerts:watch -- --office WAS [--from-beginning] [--json]

Prints the alerts of one office as they arrive on the alert topics, one line each.
  --office          office code to watch (required)
  --from-beginning  read every alert from the start, under a new consumer group
  --json            print each message as it came, one JSON object per line
  --group           consumer group id (default casetrail-alerts-watch-<office>)
Kafka and the topic prefix come from KAFKA_BROKERS and KAFKA_TOPIC_PREFIX, as for the apps.`;

type AlertMessage = MissedCheckInAlertMessageV2 | RcaOverdueAlertMessage | ReleaseOverrideAlertMessage;

/**
 * An example alert consumer: its own consumer group, at-least-once delivery with duplicates dropped
 * by (alertId, status), and by (alertId, status, consecutiveMisses) for missed check-ins (v2), and
 * no state beyond that: the alert messages say everything it prints.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      office: { type: 'string' },
      'from-beginning': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      group: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const office = values.office;
  if (values.help || !office) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(values.help ? 0 : 2);
  }
  const config = loadConfig();
  const broker = new KafkaMessageBroker({
    clientId: 'casetrail-alerts-watch',
    brokers: config.kafkaBrokers,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
  });
  const fromBeginning = values['from-beginning'];
  // A group's committed offsets win over fromBeginning, so a replay needs a group of its own.
  const groupId =
    values.group ??
    `casetrail-alerts-watch-${office}${fromBeginning ? `-${randomBytes(4).toString('hex')}` : ''}`;
  const consumer = broker.createBatchConsumer({
    groupId,
    topics: [TOPICS.missedCheckInAlertsV2, TOPICS.rcaOverdueAlerts, TOPICS.releaseOverrideAlerts],
    fromBeginning,
  });
  const seen = new Set<string>();
  await consumer.run(async (batch) => {
    for (const message of batch.messages) {
      const alert = parse(message);
      if (!alert || alert.officeId !== office) continue;
      const status = 'status' in alert ? alert.status : 'RELEASED';
      const misses = 'consecutiveMisses' in alert ? `/${alert.consecutiveMisses}` : '';
      const key = `${alert.alertId}/${status}${misses}`;
      if (seen.has(key)) continue;
      seen.add(key);
      process.stdout.write(`${values.json ? (message.value ?? '') : describe(message.topic, alert)}\n`);
    }
  });
  process.stderr.write(`watching alerts of office ${office} as group ${groupId} (Ctrl-C to stop)\n`);
  const stop = () => {
    consumer.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function parse(message: IncomingMessage): AlertMessage | undefined {
  try {
    return JSON.parse(message.value ?? '') as AlertMessage;
  } catch {
    process.stderr.write(
      `skipping an unreadable message at ${message.topic}/${message.partition}@${message.offset}\n`,
    );
    return undefined;
  }
}

function describe(topic: string, alert: AlertMessage): string {
  switch (topic) {
    case TOPICS.missedCheckInAlertsV2: {
      const missed = alert as MissedCheckInAlertMessageV2;
      const where = missed.resolution ? `resolved ${missed.resolution}` : `with ${missed.escalationLevel}`;
      return `${missed.status.padEnd(12)} missed check-in  ${missed.severity.padEnd(6)} case ${missed.caseId} officer ${missed.officerId} due ${missed.dueAt} misses ${missed.consecutiveMisses} ${where}`;
    }
    case TOPICS.rcaOverdueAlerts: {
      const rca = alert as RcaOverdueAlertMessage;
      return `${rca.status.padEnd(12)} RCA overdue             case ${rca.caseId} officer ${rca.officerId} booked ${rca.bookedInAt} due ${rca.dueAt}`;
    }
    default: {
      const release = alert as ReleaseOverrideAlertMessage;
      return `RELEASED     against the RCA (${release.rcaRecommendation ?? 'none'}) case ${release.caseId} officer ${release.officerId} reasons ${release.reasonCodes.join(',')} approved by ${release.approvedBy}`;
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`alerts:watch: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
