/**
 * The pause between two rounds of a polling loop, which `wake` cuts short: a notification that
 * there is work, or a shutdown that should not wait out the interval. A wake while the loop is busy
 * is kept for the next pause, which then does not wait: the work it announced may have been
 * committed after the round read, and would otherwise wait out a whole interval.
 */
export class PollPause {
  private wakeSleeper?: () => void;
  private wokenWhileAwake = false;

  sleep(ms: number): Promise<void> {
    if (this.wokenWhileAwake) {
      this.wokenWhileAwake = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeSleeper = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeSleeper = done;
    });
  }

  wake(): void {
    if (this.wakeSleeper) this.wakeSleeper();
    else this.wokenWhileAwake = true;
  }
}
