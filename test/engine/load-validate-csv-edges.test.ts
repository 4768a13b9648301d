// Quoting and ragged-line edge cases of the CSV reader, and what pathcost decides for each.
//
// Decisions (also in docs/user-guide.md):
// - A quoted field may hold the delimiter, a doubled quote ("") or a line break (RFC 4180): it is one field,
//   and the value keeps what was quoted, line break included.
// - source_row is the line in the file, header excluded; blank lines hold no row but are counted. One exception:
//   a record whose quoted value spans several physical lines counts as one line (as DuckDB's reader counts), so
//   the rows after it are numbered as if it sat on one line.
// - An unterminated quote takes in the lines after it up to the next quote (or the end of the file): that
//   whole record is quarantined as one malformed_line whose detail says how many lines it runs over; over more
//   than 10 lines the build stops (BAD_FILE, naming the line), as every row it takes in would be lost.
import { describe, expect, it } from 'vitest';
import { PATIENTS, count, csv, ingest, normalised, quarantined, reasons } from '../helpers/feed-fixture.ts';

const HEADER = 'contact_id,patient_id,provider_code,contact_date,service_type,staff_role,minutes,status';
const row = (id: string, staffRole = 'physiotherapist') => `${id},P1,RY8,2024-03-01,physiotherapy,${staffRole},30,attended`;

describe('quoted fields', () => {
  it('a quoted field holding the delimiter or a doubled quote is one field', async () => {
    const { db } = await ingest({ 'patients.csv': PATIENTS, 'community_contacts.csv': csv(HEADER, row('C1', '"Physiotherapist, Band 6"'), row('C2', '"Physio ""MSK"" lead"'), '"C3","P1","RY8","2024-03-01","physiotherapy","","30","attended"') });
    expect(await normalised(db, 'community_contacts', 'source_id, source_row::int as source_row, staff_role, minutes')).toEqual([
      { source_id: 'C1', source_row: 1, staff_role: 'PHYSIOTHERAPIST, BAND 6', minutes: 30 },
      { source_id: 'C2', source_row: 2, staff_role: 'PHYSIO "MSK" LEAD', minutes: 30 },
      { source_id: 'C3', source_row: 3, staff_role: null, minutes: 30 },
    ]);
    expect(await count(db, 'quarantine_checked')).toBe(1); // P3's patients row only
  });

  it('a quoted field holding a line break is one field; source_row counts records', async () => {
    const { db } = await ingest({
      'patients.csv': PATIENTS,
      // Physical data lines: C1 on 1–2, C2 on 3, the ragged line on 4, C4 on 5.
      'community_contacts.csv': csv(HEADER, row('C1', '"Physiotherapist\nBand 6"'), row('C2'), 'C3,P1,RY8', row('C4')),
    });
    expect(await normalised(db, 'community_contacts', 'source_id, source_row::int as source_row, staff_role')).toEqual([
      { source_id: 'C1', source_row: 1, staff_role: 'PHYSIOTHERAPIST\nBAND 6' },
      { source_id: 'C2', source_row: 2, staff_role: 'PHYSIOTHERAPIST' },
      { source_id: 'C4', source_row: 4, staff_role: 'PHYSIOTHERAPIST' },
    ]);
    expect((await quarantined(db, 'community_contacts')).map((q) => [q.source_row, q.source_id, q.reason])).toEqual([[3, 'C3', 'malformed_line']]);
  });

  it('an unterminated quote takes in the rest of the file: one malformed record that says so', async () => {
    const { db } = await ingest({ 'patients.csv': PATIENTS, 'community_contacts.csv': csv(HEADER, row('C1'), row('C2', '"Physiotherapist'), row('C3'), row('C4')) });
    expect(await normalised(db, 'community_contacts', 'source_id')).toEqual([{ source_id: 'C1' }]);
    const [q] = await quarantined(db, 'community_contacts');
    expect(q).toMatchObject({ source_row: 2, source_id: 'C2', reason: 'malformed_line' });
    expect(q.detail).toBe(
      'line 3: UNQUOTED VALUE (staff_role) — Value with unterminated quote found. Fix the quoting or the number of fields on this line. This record runs over 3 lines: every line in it is set aside with it.',
    );
  });

  it('an unterminated quote that takes in more than 10 lines stops the build, naming the file and the line', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => row(`C${i + 3}`));
    const err = await ingest({ 'patients.csv': PATIENTS, 'community_contacts.csv': csv(HEADER, row('C1'), row('C2', '"Physiotherapist'), ...rows) }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'BAD_FILE', where: { feed: 'community_contacts', file: 'community_contacts.csv', row: 3 } });
    expect((err as Error).message).toBe(
      'A quote opened on this line is never closed: the CSV reader takes the next 40 lines as one value, and their rows would be lost. Nothing was published.',
    );
  });

  it('a quote closed in the middle of a field (text after the closing quote) is a malformed line', async () => {
    const { db } = await ingest({ 'patients.csv': PATIENTS, 'community_contacts.csv': csv(HEADER, row('C1'), row('C2', '"Physio"therapist'), row('C3')) });
    expect(await reasons(db, 'community_contacts')).toEqual(['2 malformed_line']);
    expect(await normalised(db, 'community_contacts', 'source_id, source_row::int as source_row')).toEqual([
      { source_id: 'C1', source_row: 1 },
      { source_id: 'C3', source_row: 3 },
    ]);
  });

  it('a quote inside an unquoted field is kept as text', async () => {
    const { db } = await ingest({ 'patients.csv': PATIENTS, 'community_contacts.csv': csv(HEADER, row('C1', 'physio"s aide')) });
    expect(await normalised(db, 'community_contacts', 'staff_role')).toEqual([{ staff_role: 'PHYSIO"S AIDE' }]);
  });
});

describe('ragged and blank lines', () => {
  it('too many, too few and whitespace-only lines are malformed; ids come from the file own column order', async () => {
    // patient_id first: the id of a ragged line is read from the contact_id field wherever the header puts it.
    const header = 'patient_id,contact_id,provider_code,contact_date,service_type,status';
    const { db } = await ingest({
      'patients.csv': PATIENTS,
      'community_contacts.csv': csv(header, 'P1,C1,RY8,2024-03-01,physiotherapy,attended', 'P2,C2,RY8,2024-03-01,physiotherapy,attended,extra', 'P1,C3', '   ', 'P2,C5,RY8,2024-03-05,podiatry,dna'),
    });
    expect((await quarantined(db, 'community_contacts')).map((q) => [q.source_row, q.source_id, q.reason])).toEqual([
      [2, 'C2', 'malformed_line'],
      [3, 'C3', 'malformed_line'],
      [4, null, 'malformed_line'],
    ]);
    expect(await db.all(`select patient_id from quarantine_checked where feed = 'community_contacts' order by source_row`)).toEqual([{ patient_id: 'P2' }, { patient_id: 'P1' }, { patient_id: null }]);
    expect(await normalised(db, 'community_contacts', 'source_id, source_row::int as source_row, service_type')).toEqual([
      { source_id: 'C1', source_row: 1, service_type: 'PHYSIOTHERAPY' },
      { source_id: 'C5', source_row: 5, service_type: 'PODIATRY' },
    ]);
  });

  it('a line longer than the reader allows (2 MB) is malformed, said to be too long (not badly quoted); the lines after it load', async () => {
    const long = row('C2', 'x'.repeat(3 << 20));
    const { db } = await ingest({ 'patients.csv': PATIENTS, 'community_contacts.csv': csv(HEADER, row('C1'), long, row('C3')) });
    const [q] = await quarantined(db, 'community_contacts');
    expect(q).toMatchObject({ source_row: 2, source_id: 'C2', reason: 'malformed_line' });
    expect(q.detail).toBe('line 3: LINE SIZE OVER MAXIMUM — Maximum line size of 2000000 bytes exceeded. Actual Size:3145775 bytes. A free-text field too long for an extract? Cut it, or leave the column out.');
    expect(await normalised(db, 'community_contacts', 'source_id, source_row::int as source_row')).toEqual([
      { source_id: 'C1', source_row: 1 },
      { source_id: 'C3', source_row: 3 },
    ]);
  });

  it('consecutive rejected lines shift the rows after them by their number', async () => {
    const { db } = await ingest({ 'patients.csv': PATIENTS, 'community_contacts.csv': csv(HEADER, 'C0,P1', row('C1'), 'C2', 'C3,P1', row('C4'), row('C5'), 'C6') });
    expect(await reasons(db, 'community_contacts')).toEqual(['1 malformed_line', '3 malformed_line', '4 malformed_line', '7 malformed_line']);
    expect(await normalised(db, 'community_contacts', 'source_id, source_row::int as source_row')).toEqual([
      { source_id: 'C1', source_row: 2 },
      { source_id: 'C4', source_row: 5 },
      { source_id: 'C5', source_row: 6 },
    ]);
  });

  it('blank lines hold no row but are counted: rows and rejected lines after them keep their true line', async () => {
    const contacts = `${csv(HEADER, '', row('C2'), '', '', 'C5,P1', row('C6'), 'C7', '', row('C9'))}\n\n`;
    const { db } = await ingest({ 'patients.csv': `${PATIENTS}\n\n`, 'community_contacts.csv': contacts });
    expect(await count(db, 'checked_patients')).toBe(3);
    expect(await normalised(db, 'community_contacts', 'source_id, source_row::int as source_row')).toEqual([
      { source_id: 'C2', source_row: 2 },
      { source_id: 'C6', source_row: 6 },
      { source_id: 'C9', source_row: 9 },
    ]);
    expect((await quarantined(db, 'community_contacts')).map((q) => [q.source_row, q.source_id, q.reason])).toEqual([
      [5, 'C5', 'malformed_line'],
      [7, 'C7', 'malformed_line'],
    ]);
  });

  it('blank lines after a quoted line break are counted as the reader counts records; an empty line inside quotes is not blank', async () => {
    // Records: C1 (two physical lines), blank, C3 (malformed), C4 (its quoted value holds an empty line), C5 (a
    // quote inside an unquoted value), blank, C7, C8 (malformed).
    const contacts = csv(HEADER, row('C1', '"Physio\nBand 6"'), '', 'C3,P1', row('C4', '"Physio\n\nBand 7"'), row('C5', 'physio"s aide'), '', row('C7'), 'C8');
    const { db } = await ingest({ 'patients.csv': PATIENTS, 'community_contacts.csv': contacts });
    expect(await normalised(db, 'community_contacts', 'source_id, source_row::int as source_row')).toEqual([
      { source_id: 'C1', source_row: 1 },
      { source_id: 'C4', source_row: 4 },
      { source_id: 'C5', source_row: 5 },
      { source_id: 'C7', source_row: 7 },
    ]);
    expect((await quarantined(db, 'community_contacts')).map((q) => [q.source_row, q.source_id, q.reason])).toEqual([
      [3, 'C3', 'malformed_line'],
      [8, 'C8', 'malformed_line'],
    ]);
  });

  it('blank lines in a CRLF file, and in one file of a folder only', async () => {
    const crlf = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;
    const { db } = await ingest({ 'patients.csv': PATIENTS, 'community_contacts/a.csv': crlf(HEADER, row('A1'), '', 'A3', row('A4')), 'community_contacts/b.csv': csv(HEADER, row('B1'), 'B2', row('B3')) });
    expect(await db.all(`select file, source_row::int as source_row, source_id from quarantine_checked where feed = 'community_contacts' order by all`)).toEqual([
      { file: 'a.csv', source_row: 3, source_id: 'A3' },
      { file: 'b.csv', source_row: 2, source_id: 'B2' },
    ]);
    expect(await normalised(db, 'community_contacts', 'source_id, source_row::int as source_row')).toEqual([
      { source_id: 'A1', source_row: 1 },
      { source_id: 'B1', source_row: 1 },
      { source_id: 'B3', source_row: 3 },
      { source_id: 'A4', source_row: 4 },
    ]);
  });

  it('a double-spaced file (more than 100,000 blank lines) stops with a clear error', async () => {
    const doubleSpaced = `${HEADER}\n${Array.from({ length: 100_002 }, (_, i) => row(`C${i}`)).join('\n\n')}\n`;
    await expect(ingest({ 'patients.csv': PATIENTS, 'community_contacts.csv': doubleSpaced })).rejects.toMatchObject({
      code: 'BAD_FILE',
      message: 'More than 100000 blank lines: the file seems double-spaced.',
      where: { feed: 'community_contacts' },
    });
  });
});
