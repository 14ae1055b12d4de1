import { customType } from 'drizzle-orm/pg-core';

/**
 * timestamptz that reads as an ISO-8601 UTC string ("2026-01-14T10:52:00.000Z"), the form the API promises,
 * instead of PostgreSQL's text form. Microseconds are dropped; nothing in Orelane needs them.
 */
export const timestamptz = customType<{ data: string; driverData: string }>({
  dataType: () => 'timestamp with time zone',
  fromDriver: (value) => new Date(value).toISOString(),
  toDriver: (value) => value,
});

/** A full transaction id (pg_current_xact_id()), read as its decimal string. */
export const xid8 = customType<{ data: string; driverData: string }>({
  dataType: () => 'xid8',
});
