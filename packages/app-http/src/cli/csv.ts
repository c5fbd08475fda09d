import { err, ok, type Result } from 'neverthrow';

/**
 * RFC 4180 CSV: commas, double-quoted fields with doubled quotes inside, CRLF or LF.
 * Returns rows of cells (the caller treats the first row as the header), or why the
 * text is not CSV.
 */
export const parseCsv = (text: string): Result<string[][], string> => {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      if (row.some((v) => v !== '')) rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (quoted) return err('a quoted field is never closed (unbalanced ")');
  row.push(cell);
  if (row.some((v) => v !== '')) rows.push(row);
  return ok(rows);
};
