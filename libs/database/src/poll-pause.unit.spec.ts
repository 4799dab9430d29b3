import { PollPause } from './poll-pause';

describe('a poll pause', () => {
  it('ends when woken, however long it was to last', async () => {
    const pause = new PollPause();
    const sleeping = pause.sleep(60 * 60 * 1000);
    pause.wake();
    await expect(sleeping).resolves.toBeUndefined();
  });

  it('ends on its own once its time is up', async () => {
    jest.useFakeTimers();
    try {
      const sleeping = new PollPause().sleep(1000);
      jest.advanceTimersByTime(1000);
      await expect(sleeping).resolves.toBeUndefined();
    } finally {
      jest.useRealTimers();
    }
  });

  it('does not wait at all when woken while nobody slept, and waits again after that', async () => {
    jest.useFakeTimers();
    try {
      const pause = new PollPause();
      pause.wake();
      let firstEnded = false;
      void pause.sleep(1000).then(() => (firstEnded = true));
      await jest.advanceTimersByTimeAsync(0);
      expect(firstEnded).toBe(true);

      let secondEnded = false;
      void pause.sleep(1000).then(() => (secondEnded = true));
      await jest.advanceTimersByTimeAsync(999);
      expect(secondEnded).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect(secondEnded).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps one wake, however many came while nobody slept', async () => {
    jest.useFakeTimers();
    try {
      const pause = new PollPause();
      pause.wake();
      pause.wake();
      await pause.sleep(1000);
      let ended = false;
      void pause.sleep(1000).then(() => (ended = true));
      await jest.advanceTimersByTimeAsync(999);
      expect(ended).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });
});
