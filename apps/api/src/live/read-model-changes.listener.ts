import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';
import { AppConfig } from '@casetrail/config';
import { PostgresListener } from '@casetrail/database';
import { inMessageSpanSync } from '@casetrail/observability';
import { parseReadModelChange, READ_MODEL_CHANNEL, type ReadModelChange } from '@casetrail/read-models';

/** Every read-model change the projector commits, as one stream shared by all live clients. */
@Injectable()
export class ReadModelChangesListener implements OnModuleInit, OnModuleDestroy {
  private readonly subject = new Subject<ReadModelChange>();
  private readonly listener: PostgresListener;

  constructor(config: AppConfig) {
    this.listener = new PostgresListener(config.DATABASE_URL, READ_MODEL_CHANNEL, (payload) => {
      const change = parseReadModelChange(payload);
      if (!change) return;
      // The push to this instance's live clients joins the trace of the batch that made the change.
      inMessageSpanSync(`${READ_MODEL_CHANNEL} push`, { traceparent: change.traceparent }, () =>
        this.subject.next(change),
      );
    });
  }

  get changes(): Observable<ReadModelChange> {
    return this.subject.asObservable();
  }

  async onModuleInit(): Promise<void> {
    await this.listener.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.subject.complete();
    await this.listener.stop();
  }
}
