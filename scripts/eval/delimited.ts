/**
 * Reads comma- or tab-separated files the way spreadsheets write them: fields may be quoted, quoted fields may
 * hold the delimiter, line breaks and doubled quotes (`""` for one `"`). CRLF and LF both end records.
 */

/** Parses delimited text into rows of fields. A quote only opens a quoted field at the start of a field. */
export function parseDelimited(text: string, delimiter: ',' | '\t'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let fieldStart = true;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
      i++;
      continue;
    }
    if (ch === delimiter) {
      row.push(field);
      field = '';
      fieldStart = true;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStart = true;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += ch;
    fieldStart = false;
    i++;
  }
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Rows as objects keyed by the header row. Rows with a different number of fields are reported, not guessed. */
export function readTable(text: string, delimiter: ',' | '\t'): { records: Array<Record<string, string>>; malformed: number } {
  const [header, ...rows] = parseDelimited(text.replace(/^\uFEFF/, ''), delimiter);
  const records: Array<Record<string, string>> = [];
  let malformed = 0;
  for (const row of rows) {
    if (row.length === 1 && row[0] === '') continue;
    if (row.length !== header.length) {
      malformed++;
      continue;
    }
    const record: Record<string, string> = {};
    header.forEach((name, index) => (record[name] = row[index]));
    records.push(record);
  }
  return { records, malformed };
}
