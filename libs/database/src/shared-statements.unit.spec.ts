import { SharedStatements } from './shared-statements';

/** A statement the test answers when it chooses, remembering what each was asked. */
function controlledStatements(admission?: () => (request: number) => boolean) {
  const sent: { requests: readonly number[]; answer(): void; fail(error: Error): void }[] = [];
  const shared = new SharedStatements<number, string>({
    inFlight: 2,
    maxRequests: 3,
    admission,
    send: (requests) =>
      new Promise((resolve, reject) => {
        sent.push({
          requests,
          answer: () => resolve(requests.map((request) => `answer ${request}`)),
          fail: reject,
        });
      }),
  });
  return { shared, sent };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('statements shared by requests that arrive together', () => {
  it('given nothing in flight, when a request comes, then it is sent at once, alone', async () => {
    const { shared, sent } = controlledStatements();

    const answer = shared.submit(1);

    expect(sent.map((statement) => statement.requests)).toEqual([[1]]);
    sent[0].answer();
    await expect(answer).resolves.toBe('answer 1');
  });

  it('given two statements in flight, when more come, then they wait and go together, each with its own answer', async () => {
    const { shared, sent } = controlledStatements();
    const answers = [1, 2, 3, 4, 5, 6].map((request) => shared.submit(request));
    expect(sent.map((statement) => statement.requests)).toEqual([[1], [2]]);

    sent[0].answer();
    await settled();
    // At most maxRequests in one statement; the rest wait for the next free place.
    expect(sent.map((statement) => statement.requests)).toEqual([[1], [2], [3, 4, 5]]);
    sent[1].answer();
    await settled();
    expect(sent.map((statement) => statement.requests)).toEqual([[1], [2], [3, 4, 5], [6]]);
    sent[2].answer();
    sent[3].answer();

    await expect(Promise.all(answers)).resolves.toEqual(
      [1, 2, 3, 4, 5, 6].map((request) => `answer ${request}`),
    );
  });

  it('given a statement that fails, then its requests get the error and the others their answers', async () => {
    const { shared, sent } = controlledStatements();
    const answers = [1, 2, 3, 4].map((request) =>
      shared.submit(request).catch((error: Error) => error.message),
    );
    sent[0].answer();
    await settled();

    sent[1].fail(new Error('connection lost'));
    sent[2].answer();

    await expect(Promise.all(answers)).resolves.toEqual([
      'answer 1',
      'connection lost',
      'answer 3',
      'answer 4',
    ]);
  });

  it('given an admission, when a request cannot share the batch, then it waits for the next, ahead of later ones', async () => {
    // Requests of one parity per statement, as appends of one stream type are.
    const { shared, sent } = controlledStatements(() => {
      let parity: number | undefined;
      return (request) => (parity ??= request % 2) === request % 2;
    });
    const answers = [1, 2, 3, 4, 5, 7, 6].map((request) => shared.submit(request));
    sent[0].answer();
    await settled();
    expect(sent.map((statement) => statement.requests)).toEqual([[1], [2], [3, 5, 7]]);
    sent[1].answer();
    await settled();
    expect(sent.map((statement) => statement.requests)).toEqual([[1], [2], [3, 5, 7], [4, 6]]);
    sent[2].answer();
    sent[3].answer();

    await expect(Promise.all(answers)).resolves.toHaveLength(7);
  });
});
