/**
 * The pause between two rounds of a polling loop, which `wake` cuts short: a notification that
 * there is work, or a shutdown that should not wait out the interval.
 */
export class PollPause {
  private wakeSleeper?: () => void;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSleeper = done;
    });
  }

  wake(): void {
    this.wakeSleeper?.();
  }
}
