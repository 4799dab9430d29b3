interface Waiting<Request, Answer> {
  request: Request;
  resolve(answer: Answer | PromiseLike<Answer>): void;
  reject(error: unknown): void;
}

export interface SharedStatementsOptions<Request, Answer> {
  /**
   * Sends one statement for the requests and answers each, in their order: an answer, or a promise
   * of one, settled by then, when a request needs an answer of its own (its own error).
   */
  send(requests: readonly Request[]): Promise<readonly (Answer | PromiseLike<Answer>)[]>;
  /**
   * A new batch's admission: asked of each waiting request in arrival order whether it can share
   * this statement; one that cannot waits for a later one, ahead of those that came after it. It
   * admits the first it is asked about (a batch is never empty). Without it, any request joins.
   */
  admission?(): (request: Request) => boolean;
  /** Statements in flight at once: with one running, the next batch gathers. */
  inFlight: number;
  /** Requests in one statement at most, so that a statement stays small. */
  maxRequests: number;
}

/**
 * Requests that arrive while statements are in flight go together in the next statement: under load
 * one round trip (one write to the socket, one statement for Postgres to run) serves many callers,
 * and with nothing in flight a request is sent at once, so no caller waits for company. A failed
 * statement is the answer of every request in it.
 */
export class SharedStatements<Request, Answer> {
  private readonly waiting: Waiting<Request, Answer>[] = [];
  private running = 0;

  constructor(private readonly options: SharedStatementsOptions<Request, Answer>) {}

  submit(request: Request): Promise<Answer> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      this.sendWaiting();
    });
  }

  private sendWaiting(): void {
    while (this.running < this.options.inFlight && this.waiting.length > 0) {
      const batch = this.nextBatch();
      this.running += 1;
      void this.send(batch).finally(() => {
        this.running -= 1;
        this.sendWaiting();
      });
    }
  }

  /** The waiting requests that can share a statement, in arrival order. */
  private nextBatch(): Waiting<Request, Answer>[] {
    const { admission, maxRequests } = this.options;
    if (!admission) return this.waiting.splice(0, maxRequests);
    const admits = admission();
    const batch: Waiting<Request, Answer>[] = [];
    for (let index = 0; index < this.waiting.length && batch.length < maxRequests;) {
      const waiting = this.waiting[index];
      if (admits(waiting.request) || batch.length === 0) {
        batch.push(waiting);
        this.waiting.splice(index, 1);
      } else index += 1;
    }
    return batch;
  }

  private async send(batch: readonly Waiting<Request, Answer>[]): Promise<void> {
    try {
      const answers = await this.options.send(batch.map((waiting) => waiting.request));
      batch.forEach((waiting, index) => waiting.resolve(answers[index]));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
