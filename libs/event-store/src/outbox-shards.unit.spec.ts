import { fairShare, rebalance } from './outbox-shards';

describe('outbox shards', () => {
  describe('the fair share of shards', () => {
    it('gives one relay every shard', () => {
      expect(fairShare(12, [], 'relay-a')).toBe(12);
    });

    it('divides evenly when the shards divide evenly', () => {
      const relays = ['relay-a', 'relay-b', 'relay-c'];
      expect(relays.map((relay) => fairShare(12, relays, relay))).toEqual([4, 4, 4]);
    });

    it('gives the remainder to the first relays by name, adding up to the shard count', () => {
      const relays = ['relay-c', 'relay-a', 'relay-e', 'relay-b', 'relay-d'];
      const shares = ['relay-a', 'relay-b', 'relay-c', 'relay-d', 'relay-e'].map((relay) =>
        fairShare(12, relays, relay),
      );
      expect(shares).toEqual([3, 3, 2, 2, 2]);
      expect(shares.reduce((sum, share) => sum + share, 0)).toBe(12);
    });

    it('counts the asking relay even before it appears among the live ones', () => {
      expect(fairShare(12, ['relay-a'], 'relay-b')).toBe(6);
    });

    it('leaves relays beyond the shard count with none', () => {
      const relays = ['relay-a', 'relay-b', 'relay-c'];
      expect(relays.map((relay) => fairShare(2, relays, relay))).toEqual([1, 1, 0]);
    });

    it('is the same answer whatever order the relays are listed in', () => {
      expect(fairShare(7, ['relay-b', 'relay-a'], 'relay-a')).toBe(
        fairShare(7, ['relay-a', 'relay-b'], 'relay-a'),
      );
    });
  });

  describe('rebalancing towards the share', () => {
    it('gives up the highest shards beyond the share when a relay joins', () => {
      expect(rebalance([0, 5, 3, 11, 7, 1], 4)).toEqual({ release: [7, 11], claim: 0 });
    });

    it('claims the missing shards when a relay has left', () => {
      expect(rebalance([0, 1, 2, 3], 6)).toEqual({ release: [], claim: 2 });
    });

    it('does nothing at its share', () => {
      expect(rebalance([2, 4, 6], 3)).toEqual({ release: [], claim: 0 });
    });
  });
});
