import { randomBytes, randomUUID } from 'node:crypto';
import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { kafkaPartition } from './kafka-partition';

/** kafkajs's own choice for `key` among `count` partitions, all with a leader. */
function kafkajsPartition(key: string, count: number): number {
  const partitionMetadata: PartitionMetadata[] = Array.from({ length: count }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));
  return Partitioners.DefaultPartitioner()({
    topic: 'case-events.v1',
    partitionMetadata,
    message: { key, value: null },
  });
}

/** A string of `length` code points drawn from ASCII, two- and three-byte UTF-8 and astral planes. */
function mixedKey(length: number): string {
  const ranges = [
    [0x20, 0x7e],
    [0x80, 0x7ff],
    [0x800, 0xd7ff],
    [0x10000, 0x10ffff],
  ];
  const bytes = randomBytes(length * 2);
  return Array.from({ length }, (_, index) => {
    const [low, high] = ranges[bytes[index * 2] % ranges.length];
    return String.fromCodePoint(low + ((bytes[index * 2 + 1] * 7919) % (high - low + 1)));
  }).join('');
}

/** The keys, with a partition count each, on which kafkaPartition and kafkajs disagree. */
function disagreements(cases: { key: string; count: number }[]) {
  return cases
    .map(({ key, count }) => ({
      key,
      count,
      ours: kafkaPartition(key, count),
      kafkajs: kafkajsPartition(key, count),
    }))
    .filter((found) => found.ours !== found.kafkajs);
}

describe('kafkaPartition', () => {
  it('puts every case id on the partition kafkajs’s default partitioner picks', () => {
    const cases = Array.from({ length: 20_000 }, (_, index) => ({
      key: randomUUID(),
      count: [6, 12, 1, 7][index % 4],
    }));
    expect(disagreements(cases)).toEqual([]);
  });

  it('agrees with kafkajs on keys of every length up to 64 characters, in any script', () => {
    const cases = Array.from({ length: 20_000 }, (_, index) => ({
      key: mixedKey(index % 65),
      count: 1 + (index % 50),
    }));
    expect(disagreements(cases)).toEqual([]);
  });

  it('agrees with kafkajs on the empty key and on keys of only high bytes', () => {
    const keys = ['', 'ÿ', 'ÿÿ', 'ÿÿÿ', 'ÿÿÿÿ', '\u{10ffff}'.repeat(5), '\u0000\u0000\u0000'];
    expect(disagreements(keys.map((key) => ({ key, count: 6 })))).toEqual([]);
  });
});
