import { Injectable } from '@nestjs/common';

/** Resolves when the part is ready; throws (or rejects) with the reason when it is not. */
export type ReadinessProbe = () => void | Promise<void>;

/** App-specific readiness (a consumer running, a publisher connected), added to `/health/ready`. */
@Injectable()
export class Readiness {
  private readonly probes = new Map<string, ReadinessProbe>();

  register(name: string, probe: ReadinessProbe): void {
    this.probes.set(name, probe);
  }

  entries(): [string, ReadinessProbe][] {
    return [...this.probes.entries()];
  }
}
