import type { Request, Response } from 'express';

export type CsvCell = string | number | boolean | null | undefined;

/**
 * RFC 4180 text: a header row, then one row per record, CRLF line ends. A field with a comma, a
 * quote or a line break is quoted, its quotes doubled; a text field a spreadsheet would take for a
 * formula (=, +, -, @) is prefixed with an apostrophe. Null and undefined are empty fields.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',') + '\r\n').join('');
}

function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell !== 'string') return String(cell);
  const text = /^[=+\-@]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Whether the caller asked for CSV (`Accept: text/csv`) rather than JSON, the default. */
export function wantsCsv(request: Request): boolean {
  return request.accepts(['application/json', 'text/csv']) === 'text/csv';
}

/** Answers with `csv` as a download named `filename`; the controller returns what this returns. */
export function csvResponse(response: Response, filename: string, csv: string): string {
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  return csv;
}
