import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, topicSpecsFor } from '@casetrail/config';
import { PollPause, PostgresListener } from '@casetrail/database';
import {
  fairShare,
  OUTBOX_CHANNEL,
  OutboxShardLeases,
  PostgresOutbox,
  rebalance,
  type ClaimedOutboxMessage,
  type LeaseHolder,
  type ShardLease,
} from '@casetrail/event-store';
import { MessageBroker, type MessagePublisher } from '@casetrail/messaging';
import { Readiness } from '@casetrail/observability';
import { OutboxRelayMetrics } from './outbox-relay.metrics';

const BATCH_SIZE = 500;
/**
 * Batches per drain, pipelined in its one transaction (the next read and the previous delete while a
 * batch is published). More amortise the commit; each is published again after a crash before it.
 */
const BATCHES_PER_DRAIN = 8;
/** Polling is only the safety net; NOTIFY wakes the relay as soon as a row is committed. */
const POLL_INTERVAL_MS = 1000;
const MAX_BACKOFF_MS = 5000;
/** Leases are renewed (and the shards rebalanced) three times a lease. */
const LEASE_TICKS_PER_LEASE = 3;

/**
 * Publishes the outbox rows of the shards it leases to Kafka, in order, at least once, and then
 * deletes them. Several relays share the shards fairly; one that dies has its shards taken over
 * once its leases lapse, one that stops gives its shards up at once.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  /** This relay's name in the lease table. */
  readonly relayId: string;
  private publisher?: MessagePublisher;
  private listener?: PostgresListener;
  private running = false;
  private readonly pause = new PollPause();
  private loopDone?: Promise<void>;
  private leases: ShardLease[] = [];
  private laidOut = false;
  private nextLeaseTickAt = 0;
  private lastRenewedAt = 0;
  private leaseProblem?: string = 'not yet joined the relays sharing the outbox';

  constructor(
    private readonly outbox: PostgresOutbox,
    private readonly shardLeases: OutboxShardLeases,
    private readonly broker: MessageBroker,
    private readonly config: AppConfig,
    private readonly metrics: OutboxRelayMetrics,
    readiness: Readiness,
  ) {
    this.relayId = config.RELAY_INSTANCE_ID || defaultRelayId(config.RELAY_OPS_PORT);
    readiness.register('publisher', () => {
      if (!this.running || !this.publisher) throw new Error('publisher not connected');
    });
    // Ready while it takes part in the lease protocol (owning no shard is fine: more relays than
    // shards); a relay that could not renew for a lease's length may have lost them all.
    readiness.register('shards', () => {
      if (this.leaseProblem) throw new Error(this.leaseProblem);
      if (Date.now() - this.lastRenewedAt > this.config.RELAY_LEASE_MS)
        throw new Error('leases not renewed for longer than a lease');
    });
  }

  /** The shards this relay publishes now. */
  get ownedShards(): number[] {
    return this.leases.map((lease) => lease.shard);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.broker.ensureTopics(topicSpecsFor(this.config));
    this.publisher = await this.broker.createPublisher();
    this.listener = new PostgresListener(this.config.DATABASE_URL, OUTBOX_CHANNEL, () => this.pause.wake());
    await this.listener.start();
    await this.tickLeases();
    this.running = true;
    this.loopDone = this.loop();
    this.logger.log(
      `relaying the outbox to Kafka as ${this.relayId}: shards ${this.ownedShards.join(', ') || 'none yet'} of ${this.config.RELAY_SHARDS}`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.pause.wake();
    await this.loopDone;
    // Given up at once, so the other relays take the shards over without waiting for the leases to lapse.
    await this.shardLeases.release(this.holder()).catch((error: Error) => {
      this.logger.warn(`could not give up the leases, they lapse instead: ${error.message}`);
    });
    await this.shardLeases.leave(this.relayId).catch(() => undefined);
    this.leases = [];
    this.metrics.shardsOwned.set(0);
    await this.listener?.stop();
    await this.publisher?.disconnect();
    this.publisher = undefined;
  }

  private holder(): LeaseHolder {
    return {
      relayId: this.relayId,
      shardCount: this.config.RELAY_SHARDS,
      leaseMs: this.config.RELAY_LEASE_MS,
      leases: this.leases,
    };
  }

  private async loop(): Promise<void> {
    let backoff = 0;
    while (this.running) {
      if (Date.now() >= this.nextLeaseTickAt) await this.tickLeases();
      try {
        if (this.leases.length > 0) {
          const outcome = await this.outbox.drainShards(
            BATCH_SIZE,
            this.holder(),
            (messages) => this.publish(messages),
            BATCHES_PER_DRAIN,
          );
          this.keepOnly(outcome.held);
          // The drain renewed what it still holds: fresh leases even while a long backlog delays the tick.
          if (outcome.held.length > 0) this.lastRenewedAt = Date.now();
          backoff = 0;
          if (outcome.drained === BATCH_SIZE * BATCHES_PER_DRAIN) continue;
        }
      } catch (error) {
        backoff = Math.min(MAX_BACKOFF_MS, Math.max(100, backoff * 2));
        this.logger.warn(`outbox publish failed, retrying in ${backoff} ms: ${(error as Error).message}`);
      }
      const untilLeaseTick = Math.max(0, this.nextLeaseTickAt - Date.now());
      await this.pause.sleep(Math.min(backoff || POLL_INTERVAL_MS, untilLeaseTick));
    }
  }

  /**
   * One round of the lease protocol: say this relay is alive, renew its leases, then give up or
   * claim shards to reach its fair share of the relays alive. Never throws: a failed round leaves
   * the relay not ready, and the next round tries again.
   */
  private async tickLeases(): Promise<void> {
    try {
      if (!this.laidOut) {
        await this.shardLeases.layOut(this.config.RELAY_SHARDS);
        this.laidOut = true;
      }
      const alive = await this.shardLeases.heartbeat(this.relayId, this.config.RELAY_LEASE_MS);
      this.keepOnly(await this.shardLeases.renew(this.holder()));
      const { release, claim } = rebalance(
        this.ownedShards,
        fairShare(this.config.RELAY_SHARDS, alive, this.relayId),
      );
      if (release.length > 0) {
        const givenUp = this.leases.filter((lease) => release.includes(lease.shard));
        this.leases = this.leases.filter((lease) => !release.includes(lease.shard));
        await this.shardLeases.release({ ...this.holder(), leases: givenUp });
        this.logger.log(`gave up shards ${release.join(', ')} to the ${alive.length} relays alive`);
      }
      if (claim > 0) {
        const claimed = await this.shardLeases.claim(this.holder(), claim);
        this.leases = [...this.leases, ...claimed.map(({ shard, epoch }) => ({ shard, epoch }))].sort(
          (a, b) => a.shard - b.shard,
        );
        for (const { shard, previousOwner } of claimed.filter((item) => item.previousOwner)) {
          this.metrics.shardTakeovers.inc();
          this.logger.warn(`took over shard ${shard}: the lease of ${previousOwner} lapsed`);
        }
      }
      this.metrics.shardsOwned.set(this.leases.length);
      this.leaseProblem = undefined;
      this.lastRenewedAt = Date.now();
    } catch (error) {
      this.leaseProblem = `lease protocol failed: ${(error as Error).message}`;
      this.logger.warn(this.leaseProblem);
    } finally {
      this.nextLeaseTickAt = Date.now() + Math.floor(this.config.RELAY_LEASE_MS / LEASE_TICKS_PER_LEASE);
    }
  }

  /** Keeps the leases still held; any other was taken over or lapsed, and is published no more. */
  private keepOnly(held: readonly ShardLease[]): void {
    const lost = this.leases.filter(
      (lease) => !held.some((kept) => kept.shard === lease.shard && kept.epoch === lease.epoch),
    );
    if (lost.length === 0) return;
    this.leases = this.leases.filter((lease) => !lost.includes(lease));
    this.metrics.leasesLost.inc(lost.length);
    this.metrics.shardsOwned.set(this.leases.length);
    this.logger.warn(
      `lost the leases on shards ${lost.map((lease) => lease.shard).join(', ')}; no longer publishing them`,
    );
  }

  private async publish(messages: ClaimedOutboxMessage[]): Promise<void> {
    if (!this.publisher) throw new Error('publisher not connected');
    await this.publisher.publish(
      messages.map((message) => ({
        topic: message.topic,
        key: message.key,
        value: message.payload,
        headers: message.headers,
      })),
    );
    this.metrics.published.inc(messages.length);
  }
}

/**
 * Host and ops port: stable across restarts, so a relay restarted where it ran takes its shards
 * back at once, and unique among the relays of a host (they cannot share a port). With port 0 (any
 * free port) the process id and a random suffix instead.
 */
function defaultRelayId(opsPort: number): string {
  return opsPort === 0
    ? `${hostname()}:pid-${process.pid}-${randomBytes(3).toString('hex')}`
    : `${hostname()}:${opsPort}`;
}
