/** Every Kafka topic Casetrail writes. Consumers outside Casetrail rely on these names. */
export const TOPICS = {
  caseEvents: 'case-events.v1',
  /** Deprecated: still written beside v2 while its consumers move over (see the AsyncAPI document). */
  missedCheckInAlerts: 'alerts.missed-check-in.v1',
  missedCheckInAlertsV2: 'alerts.missed-check-in.v2',
  rcaOverdueAlerts: 'alerts.rca-overdue.v1',
  releaseOverrideAlerts: 'alerts.release-override.v1',
  suspectedAbscondingAlerts: 'alerts.suspected-absconding.v1',
  absconderReferrals: 'alerts.absconder-referral.v1',
  /** Each published version of the agency's policy, in order (one partition). */
  policyEvents: 'policy-events.v1',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

/** Messages a consumer could not process go to `<topic>.dlq`, keyed as the original. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

/** Kafka header names carried on every message. */
export const HEADERS = {
  eventId: 'event-id',
  eventType: 'event-type',
  correlationId: 'correlation-id',
} as const;

/** The topics the apps create at start-up (never by broker auto-creation), with their partitions. */
export function topicSpecs(caseEventsPartitions: number): { topic: string; partitions: number }[] {
  return [
    { topic: TOPICS.caseEvents, partitions: caseEventsPartitions },
    { topic: deadLetterTopic(TOPICS.caseEvents), partitions: 1 },
    { topic: TOPICS.missedCheckInAlerts, partitions: caseEventsPartitions },
    { topic: TOPICS.missedCheckInAlertsV2, partitions: caseEventsPartitions },
    { topic: TOPICS.rcaOverdueAlerts, partitions: caseEventsPartitions },
    { topic: TOPICS.releaseOverrideAlerts, partitions: caseEventsPartitions },
    { topic: TOPICS.suspectedAbscondingAlerts, partitions: caseEventsPartitions },
    { topic: TOPICS.absconderReferrals, partitions: caseEventsPartitions },
    { topic: TOPICS.policyEvents, partitions: 1 },
  ];
}
