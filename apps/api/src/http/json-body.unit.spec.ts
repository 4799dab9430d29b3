import { nestingDepthExceeds } from './json-body';

const text = (json: string) => new TextEncoder().encode(json);

describe('nestingDepthExceeds', () => {
  it('counts arrays and objects inside each other', () => {
    expect(nestingDepthExceeds(text('{"a": [[{"b": 1}]]}'), 4)).toBe(false);
    expect(nestingDepthExceeds(text('{"a": [[{"b": [1]}]]}'), 4)).toBe(true);
  });

  it('counts siblings once, not added up', () => {
    expect(nestingDepthExceeds(text(`[${'[1],'.repeat(100)}[2]]`), 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestingDepthExceeds(text(JSON.stringify({ a: '[[[[{{{{"\\' })), 1)).toBe(false);
    expect(nestingDepthExceeds(text(JSON.stringify(['"', ['x']])), 1)).toBe(true);
  });
});
