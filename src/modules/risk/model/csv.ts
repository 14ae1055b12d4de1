/**
 * Minimal RFC 4180 CSV reader/writer. The customs files carry no quotes, but inputs
 * from other tools may, so quoted fields, doubled quotes and CRLF are all accepted.
 */

export interface CsvTable {
  header: string[];
  rows: string[][];
}

export function parseCsv(text: string): CsvTable {
  const records = parseCsvRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const header = records.shift();
  if (!header) throw new Error('CSV input is empty: a header row is required');
  return { header: header.map((name) => name.trim()), rows: records };
}

function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let inQuotes = false;
  let fieldWasQuoted = false;
  let position = 0;
  const length = text.length;

  const endField = (): void => {
    record.push(field);
    field = '';
    fieldWasQuoted = false;
  };
  const endRecord = (): void => {
    const lastFieldWasQuoted = fieldWasQuoted;
    endField();
    // A blank line (typically the trailing newline) is not a record.
    if (!(record.length === 1 && record[0] === '' && !lastFieldWasQuoted)) records.push(record);
    record = [];
  };

  while (position < length) {
    const char = text[position];
    if (inQuotes) {
      if (char === '"') {
        if (text[position + 1] === '"') {
          field += '"';
          position += 2;
          continue;
        }
        inQuotes = false;
        position += 1;
        continue;
      }
      field += char;
      position += 1;
      continue;
    }
    if (char === '"' && field === '') {
      inQuotes = true;
      fieldWasQuoted = true;
      position += 1;
    } else if (char === ',') {
      endField();
      position += 1;
    } else if (char === '\n' || char === '\r') {
      endRecord();
      position += char === '\r' && text[position + 1] === '\n' ? 2 : 1;
    } else {
      // Plain runs are copied in one slice: the unquoted customs files are 4 MB.
      let runEnd = position + 1;
      while (runEnd < length) {
        const next = text.charCodeAt(runEnd);
        if (next === 44 /* , */ || next === 10 || next === 13 || next === 34 /* " */) break;
        runEnd += 1;
      }
      field += text.slice(position, runEnd);
      position = runEnd;
    }
  }
  if (inQuotes) throw new Error('CSV input ends inside a quoted field');
  if (field !== '' || record.length > 0 || fieldWasQuoted) endRecord();
  return records;
}

/** Maps each row to an object keyed by header name, so column order does not matter. */
export function csvRowsAsRecords(table: CsvTable): Record<string, string>[] {
  return table.rows.map((row, rowIndex) => {
    if (row.length !== table.header.length) {
      throw new Error(
        `CSV row ${rowIndex + 2} has ${row.length} fields, the header has ${table.header.length}`,
      );
    }
    const record: Record<string, string> = {};
    table.header.forEach((name, column) => {
      record[name] = row[column];
    });
    return record;
  });
}

function escapeCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function formatCsv(header: string[], rows: readonly (readonly string[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(escapeCsvField).join(','));
  return `${lines.join('\n')}\n`;
}
