import { kafkaLogLine, replicationFor } from './kafka-message-broker';

describe('kafkaLogLine', () => {
  it('keeps where it happened and the error’s name and message, never its parameters or stack', () => {
    const error = Object.assign(new Error('insert failed'), {
      query: 'INSERT INTO case_worklist VALUES ($1, $2)',
      parameters: ['Zenobia', 'A204517733'],
    });
    error.name = 'QueryFailedError';
    const line = kafkaLogLine({
      timestamp: '2026-11-23T12:00:00.000Z',
      logger: 'kafkajs',
      message: 'Error when calling eachBatch',
      topic: 'case-events.v1',
      partition: 3,
      stack: error.stack,
      error,
    } as Parameters<typeof kafkaLogLine>[0]);

    expect(line).toContain('Error when calling eachBatch');
    expect(line).toContain('"partition":3');
    expect(line).toContain('"errorName":"QueryFailedError"');
    expect(line).toContain('"errorMessage":"insert failed"');
    expect(line).not.toContain('Zenobia');
    expect(line).not.toContain('A204517733');
    expect(line).not.toContain('INSERT INTO');
  });
});

describe('replicationFor', () => {
  it('keeps three copies on a cluster of three, and acknowledges a write once two hold it', () => {
    expect(replicationFor(3)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
  });

  it('keeps no more than three copies on a larger cluster', () => {
    expect(replicationFor(5)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
  });

  it('keeps a copy on every broker of a smaller cluster, each write acknowledged by one', () => {
    expect(replicationFor(1)).toEqual({ replicationFactor: 1, minInsyncReplicas: 1 });
    expect(replicationFor(2)).toEqual({ replicationFactor: 2, minInsyncReplicas: 1 });
  });
});
