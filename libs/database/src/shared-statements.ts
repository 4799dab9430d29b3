interface Waiting<Request, Answer> {
  request: Request;
  resolve(answer: Answer): void;
  reject(error: unknown): void;
}

export interface SharedStatementsOptions<Request, Answer> {
  /** Sends one statement for the requests and answers each, in their order. */
  send(requests: readonly Request[]): Promise<readonly Answer[]>;
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
      const batch = this.waiting.splice(0, this.options.maxRequests);
      this.running += 1;
      void this.send(batch).finally(() => {
        this.running -= 1;
        this.sendWaiting();
      });
    }
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
