import { ApiClient } from './api-client';
import { seededRandom, sleep } from './random';

/**
 * Officers writing at a steady pace over HTTP: each writer opens cases and requests detainers on
 * them. Whatever the api acknowledges (2xx) is remembered by event id; everything else is a
 * command that was never acknowledged, which the suite may not count as lost.
 */
export class Load {
  /** Acknowledged event id → case id. */
  readonly acknowledged = new Map<string, string>();
  readonly commands = { sent: 0, acknowledged: 0, refused: 0 };
  /** The correlation id (X-Correlation-Id) of each acknowledged command: what its audit record names. */
  readonly acknowledgedCorrelations = new Set<string>();
  /** When each command was acknowledged (ms since the epoch), in order. */
  readonly acknowledgedAt: number[] = [];
  private stopped = false;
  private readonly workers: Promise<void>[] = [];

  constructor(
    private readonly api: ApiClient,
    private readonly seed: number,
    private readonly pauseMs = 20,
  ) {}

  start(writers: number): this {
    for (let index = 0; index < writers; index += 1)
      this.workers.push(this.writer(seededRandom(this.seed + index), `load-${this.seed}-${index}`));
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.workers);
  }

  /** The first acknowledgement at or after `at`, as ms after it; undefined when none came. */
  firstAcknowledgementAfter(at: number): number | undefined {
    const first = this.acknowledgedAt.find((time) => time >= at);
    return first === undefined ? undefined : first - at;
  }

  private async writer(random: () => number, name: string): Promise<void> {
    const cases: string[] = [];
    let sequence = 0;
    while (!this.stopped) {
      const open = cases.length === 0 || random() < 0.2;
      const caseId = cases[Math.floor(random() * cases.length)];
      sequence += 1;
      this.commands.sent += 1;
      const correlation = { 'x-correlation-id': `${name}-${sequence}` };
      const result = open
        ? await this.api.openCase(correlation)
        : await this.api.requestDetainer(caseId, sequence, correlation);
      if (result.status >= 200 && result.status < 300 && result.caseId) {
        this.commands.acknowledged += 1;
        this.acknowledgedCorrelations.add(correlation['x-correlation-id']);
        this.acknowledgedAt.push(Date.now());
        for (const eventId of result.eventIds) this.acknowledged.set(eventId, result.caseId);
        if (open) cases.push(result.caseId);
        await sleep(this.pauseMs);
      } else {
        this.commands.refused += 1;
        await sleep(200);
      }
    }
  }
}
