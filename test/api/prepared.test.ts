import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { notifications } from '../../src/core/core.tables.js';
import { appendAudit } from '../../src/core/audit/audit.js';
import { columnList, jsonRows, preparedStatement, selectFromJson } from '../../src/core/db/prepared.js';
import { pipelinedTransaction } from '../../src/core/db/transaction.js';
import { dbLabel, startTestApp, type TestApp } from '../support/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const NOTIFICATION_COLUMNS = ['role', 'type', 'entityType', 'entityId', 'payload', 'createdAt'] as const;
const insertNotifications = preparedStatement('test_insert_notifications', () =>
  sql`insert into ${notifications} ${columnList(notifications, [...NOTIFICATION_COLUMNS])} ${selectFromJson(notifications, sql.placeholder('rows'), { columns: [...NOTIFICATION_COLUMNS] })}`,
);
const notificationsOf = preparedStatement('test_notifications_of', (db) =>
  db.select().from(notifications).where(eq(notifications.entityId, sql.placeholder('entityId'))).orderBy(notifications.id),
);

describe(`prepared statements (${dbLabel()})`, () => {
  it('insert rows of any number from one json parameter; a column left out takes its default', async () => {
    for (const count of [1, 3, 0]) {
      const marker = `prepared-${count}`;
      const rows = Array.from({ length: count }, (_, i) => ({ role: 'SUPERVISOR', type: 'test.prepared', entityType: 'test', entityId: marker, payload: { i, nested: { ok: true } } }));
      await insertNotifications(t.db, { rows: jsonRows(notifications, rows) });
      const stored = await notificationsOf(t.db, { entityId: marker });
      expect(stored).toHaveLength(count);
      stored.forEach((row, i) => {
        expect(row.payload).toEqual({ i, nested: { ok: true } });
        // created_at defaulted to now(), read back by the column as drizzle reads it: an ISO string.
        expect(row.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        expect(row.readAt).toBeNull();
      });
    }
  });

  it('return exactly what drizzle returns for the same query, on the pool and inside a transaction', async () => {
    await insertNotifications(t.db, { rows: jsonRows(notifications, [{ role: 'SUPERVISOR', type: 'test.same', entityType: 'test', entityId: 'prepared-same' }]) });
    const viaDrizzle = await t.db.select().from(notifications).where(eq(notifications.entityId, 'prepared-same')).orderBy(notifications.id);
    expect(await notificationsOf(t.db, { entityId: 'prepared-same' })).toEqual(viaDrizzle);
    const inTransaction = await t.db.transaction((tx) => notificationsOf(tx, { entityId: 'prepared-same' }));
    expect(inTransaction).toEqual(viaDrizzle);
    expect(viaDrizzle[0]!.payload).toEqual({});
  });

  it('a name is given to one statement only', () => {
    expect(() => preparedStatement('test_notifications_of', () => sql`select 1`)).toThrow('prepared statement "test_notifications_of" is defined twice');
  });

  it('a missing value throws before anything is sent', () => {
    expect(() => notificationsOf(t.db, {})).toThrow('No value for placeholder "entityId"');
  });
});

describe(`pipelinedTransaction's final statement (${dbLabel()})`, () => {
  const count = async (marker: string) =>
    (await t.sql<{ n: number }>('select (select count(*)::int from notifications where entity_id = $1) + (select count(*)::int from audit_log where entity_id = $1) as n', [marker])).rows[0]!.n;

  it('one that cannot be prepared rolls the work back: nothing is committed without it', async () => {
    const marker = 'pipelined-final-unprepared';
    await expect(
      pipelinedTransaction(
        t.db,
        async (tx) => {
          await insertNotifications(tx, { rows: jsonRows(notifications, [{ role: 'SUPERVISOR', type: 'test.work', entityType: 'test', entityId: marker }]) });
          await appendAudit(tx, { userId: null, label: 'test' }, { action: 'test.work', entityType: 'test', entityId: marker });
        },
        (tx) => notificationsOf(tx, {}),
      ),
    ).rejects.toThrow('No value for placeholder');
    expect(await count(marker)).toBe(0);
    // The connection went back to the pool usable (not inside the aborted transaction).
    await Promise.all(Array.from({ length: 25 }, () => pipelinedTransaction(t.db, (tx) => notificationsOf(tx, { entityId: marker }), () => undefined)));
  });
});
