/*
 * Server-Sent Events read with fetch, because EventSource cannot send an Authorization header.
 * Reconnects with a growing pause when the stream drops; a 401 ends the session instead.
 */

const FIRST_RETRY_MS = 1_000;
const LAST_RETRY_MS = 15_000;

/**
 * Opens `url` and calls `onEvent({ type, data })` for each event. `onOpen` runs on every
 * (re)connection, before events are delivered: events missed while disconnected are lost, so it
 * should reload what the page shows.
 */
export function openEventStream({ url, headers, onOpen, onEvent, onDown, onUnauthorized }) {
  let closed = false;
  let attempt;

  const run = async () => {
    let retryMs = FIRST_RETRY_MS;
    while (!closed) {
      attempt = new AbortController();
      try {
        const response = await fetch(url, {
          headers: { ...headers, Accept: 'text/event-stream' },
          cache: 'no-store',
          signal: attempt.signal,
        });
        if (response.status === 401) {
          onUnauthorized();
          return;
        }
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
        const pending = [];
        let opened = false;
        const reading = readEvents(response.body, (event) => (opened ? onEvent(event) : pending.push(event)));
        reading.catch(() => undefined); // awaited below; a drop during onOpen is handled there
        await onOpen();
        opened = true;
        for (const event of pending.splice(0)) onEvent(event);
        retryMs = FIRST_RETRY_MS;
        await reading;
      } catch (error) {
        if (closed) return;
        if (error && error.name === 'SessionEnded') {
          onUnauthorized();
          return;
        }
      } finally {
        attempt.abort();
      }
      if (closed) return;
      onDown();
      await new Promise((resolve) => setTimeout(resolve, retryMs));
      retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
    }
  };
  void run();

  return {
    close() {
      closed = true;
      attempt?.abort();
    },
  };
}

/** Parses an event stream body (text/event-stream) until it ends. */
export async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    // A lone CR at the end may be the first half of a CRLF split across chunks: leave it for later.
    buffer = (buffer + value).replace(/\r\n|\r(?!$)/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = parseEvent(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (event) onEvent(event);
    }
  }
}

function parseEvent(block) {
  let type = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  return data.length > 0 ? { type, data: data.join('\n') } : undefined;
}
