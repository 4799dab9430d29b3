import { types } from 'pg';
import { withEmmettTypeParsers } from './emmett-type-parsers';

const INT8 = 20;
const JSONB = 3802;
const parse = (oid: number, text: string) => types.getTypeParser(oid, 'text')(text);

describe('withEmmettTypeParsers', () => {
  it('gives pg its own parsers back after a baseline that replaced them, and Emmett its own next time', async () => {
    expect(parse(INT8, '42')).toBe('42');

    await withEmmettTypeParsers(async () => {
      // What Emmett's SQL layer does the first time it connects.
      types.setTypeParser(INT8, (value) => BigInt(value));
      types.setTypeParser(JSONB, (value) => ({ parsedByEmmett: JSON.parse(value) as unknown }));
    });
    expect(parse(INT8, '42')).toBe('42');
    expect(parse(JSONB, '{"a":1}')).toEqual({ a: 1 });

    // Emmett sets them once a process; a later baseline must still run with them.
    const seen = await withEmmettTypeParsers(async () => [parse(INT8, '42'), parse(JSONB, '{"a":1}')]);
    expect(seen).toEqual([42n, { parsedByEmmett: { a: 1 } }]);
    expect(parse(INT8, '42')).toBe('42');
  });
});
