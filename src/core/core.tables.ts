import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz, xid8 } from './db/columns.js';

/**
 * Append-only. Each row's hash covers its content (and, for entries written before sealing existed, the
 * previous entry's hash); audit_seals chains the entries together off the request path.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamptz('at').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    correlationId: text('correlation_id'),
    /** Only entries written before sealing existed (their hash also covers this link); null since. */
    prevHash: text('prev_hash'),
    hash: text('hash').notNull(),
    /** The writing transaction: the sealer scans from the oldest transaction that could still commit. */
    xid: xid8('xid').notNull().default(sql`pg_current_xact_id()`),
  },
  (t) => [index('audit_log_entity_idx').on(t.entityType, t.entityId, t.id), index('audit_log_xid_idx').on(t.xid)],
);

/**
 * The tamper-evident chain over audit_log, append-only: seal n links entry entry_id into the chain
 * (hash = sha256(prev_hash, entry id, entry hash)). Written by the sealer, never on the request path.
 */
export const auditSeals = pgTable('audit_seals', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  entryId: bigint('entry_id', { mode: 'number' }).notNull().unique(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    principal: text('principal').notNull(),
    key: text('key').notNull(),
    operation: text('operation').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    response: jsonb('response').notNull(),
    createdAt: timestamptz('created_at').notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.principal, t.key] })],
);

/** Settings officers tune at run time (thresholds, tolerances); each key holds a JSON value. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamptz('updated_at').notNull().default(sql`now()`),
  updatedBy: uuid('updated_by'),
});

/** Outcomes an enterprise or officer should see without polling a record (fed by the event job). */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    enterpriseId: uuid('enterprise_id'),
    /** For customs staff: the role whose queue changed. */
    role: text('role'),
    type: text('type').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    payload: jsonb('payload').notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamptz('created_at').notNull().default(sql`now()`),
    readAt: timestamptz('read_at'),
  },
  (t) => [index('notifications_enterprise_idx').on(t.enterpriseId, t.id), index('notifications_role_idx').on(t.role, t.id)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie token: a leaked table does not leak usable sessions. */
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamptz('created_at').notNull().default(sql`now()`),
    expiresAt: timestamptz('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  name: text('name').notNull(),
  /** First characters of the key, shown in lists so a holder can tell keys apart. */
  prefix: text('prefix').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  createdAt: timestamptz('created_at').notNull().default(sql`now()`),
  lastUsedAt: timestamptz('last_used_at'),
  revokedAt: timestamptz('revoked_at'),
});

export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    username: text('username').notNull(),
    ip: text('ip').notNull(),
    succeeded: boolean('succeeded').notNull(),
    at: timestamptz('at').notNull().default(sql`now()`),
  },
  (t) => [index('login_attempts_username_idx').on(t.username, t.at)],
);

/**
 * One row: the seal chain's latest hash and length. Locking it serialises sealers (never requests); verify
 * compares the tail. sealed_below: every entry of a transaction older than this is sealed.
 */
export const auditHead = pgTable('audit_head', {
  id: integer('id').primaryKey(),
  lastHash: text('last_hash').notNull(),
  entries: integer('entries').notNull(),
  sealedBelow: xid8('sealed_below'),
});
