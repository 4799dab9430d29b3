const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/**
 * The partition kafkajs's Java-compatible partitioner (`Partitioners.DefaultPartitioner`) puts a
 * key on: the positive murmur2 hash of the key's UTF-8 bytes modulo the partition count. Per-case
 * order and the consumers' partition assignment rest on every producer agreeing, so it must stay
 * exactly kafkajs's (the unit test checks it against kafkajs over many keys). kafkajs computes the
 * hash on 64-bit Longs (BigInt underneath), a tenth of the relay's CPU, and keeps the low 32 bits,
 * which the low 32 bits of the operands alone decide: the same arithmetic in 32 bits.
 */
export function kafkaPartition(key: string, partitionCount: number): number {
  return (murmur2(Buffer.from(key)) & 0x7fffffff) % partitionCount;
}

function murmur2(data: Buffer): number {
  const length = data.length;
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const rest = length & 3;
  if (rest > 0) {
    if (rest === 3) h ^= data[whole + 2] << 16;
    if (rest >= 2) h ^= data[whole + 1] << 8;
    h ^= data[whole];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h;
}
