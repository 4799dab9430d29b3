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

  it('may be woken when nobody sleeps', () => {
    expect(() => new PollPause().wake()).not.toThrow();
  });
});
