import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes a header row and one row per record, CRLF line ends', () => {
    expect(
      toCsv(
        ['officeId', 'cases'],
        [
          ['WAS', 12],
          ['ATL', 0],
        ],
      ),
    ).toBe('officeId,cases\r\nWAS,12\r\nATL,0\r\n');
  });

  it('quotes a field with a comma, a quote or a line break, doubling its quotes', () => {
    expect(toCsv(['a', 'b', 'c'], [['x,y', 'say "no"', 'two\nlines']])).toBe(
      'a,b,c\r\n"x,y","say ""no""","two\nlines"\r\n',
    );
  });

  it('leaves null and undefined empty, and writes numbers and booleans as they are', () => {
    expect(toCsv(['a', 'b', 'c', 'd'], [[null, undefined, -3, true]])).toBe('a,b,c,d\r\n,,-3,true\r\n');
  });

  it('keeps a text field that starts like a formula from being run by a spreadsheet', () => {
    expect(toCsv(['a', 'b'], [['=SUM(A1)', '@x,1']])).toBe(`a,b\r\n'=SUM(A1),"'@x,1"\r\n`);
  });

  it('writes the header alone when there are no records', () => {
    expect(toCsv(['a'], [])).toBe('a\r\n');
  });
});
