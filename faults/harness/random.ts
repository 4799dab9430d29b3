/** The suite's draws (delays, rollbacks, choices) come from the seeds' generator: one seed replays a run. */
export { seededRandom } from '@seeds/shared/random';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
