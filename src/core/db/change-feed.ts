import pg from 'pg';
import type { Logger } from 'pino';
import { connectionOf, type Executor } from './executor.js';

/**
 * Caches of what is read from tables that change rarely (API keys and their users, reference data), kept
 * correct by PostgreSQL itself: a statement trigger on each watched table (migration 0008) announces every
 * change with NOTIFY on CHANGES_CHANNEL, naming the table, and every connection of Orelane's pool LISTENs.
 *
 * - A connection hears its own transaction's announcement before its commit returns (PostgreSQL sends it
 *   ahead of ReadyForQuery; test/api/change-feed.test.ts checks it), so this process forgets a change's
 *   cached values before the code that made the change goes on: a revoked key fails on the next request.
 * - Everybody else's changes (other servers, psql) reach one listening connection within milliseconds, the
 *   same delay as a request that arrived just before the change.
 * - A change made while that connection was down cannot be heard: caches are bypassed then, and start empty
 *   when it listens again.
 * - A value read while a change was announced is not kept (it may predate the change).
 */
export const CHANGES_CHANNEL = 'orelane_changes';

interface CacheDefinition<V> {
  name: string;
  tables: readonly string[];
  maxEntries: number;
  ttlMs: number;
  /** Not part of the type's shape at run time; carries V. */
  readonly _value?: V;
}

const definitions: CacheDefinition<unknown>[] = [];

/** Every cache defined in this process, with the tables it depends on (for the trigger check in the tests). */
export function cacheDefinitions(): readonly { name: string; tables: readonly string[] }[] {
  return definitions;
}

interface Store {
  generation: number;
  entries: Map<string, { value: unknown; expiresAt: number }>;
}

class ChangeFeed {
  private readonly stores = new Map<CacheDefinition<unknown>, Store>();
  /** Backend process IDs of the pool's listening connections: they hear their own changes. */
  readonly ownBackends = new Set<number>();
  live = false;

  store(definition: CacheDefinition<unknown>): Store {
    let store = this.stores.get(definition);
    if (!store) {
      store = { generation: 0, entries: new Map() };
      this.stores.set(definition, store);
    }
    return store;
  }

  /** A watched table changed (null: anything may have). */
  forget(table: string | null) {
    for (const [definition, store] of this.stores) {
      if (table !== null && !definition.tables.includes(table)) continue;
      store.generation += 1;
      store.entries.clear();
    }
  }
}

/** The feed of each pool, reachable from the pool and from each of its connections (transactions use one). */
const feeds = new WeakMap<object, ChangeFeed>();

/**
 * Makes the pool's connections hear their own changes, and one more connection (reopened when lost) hear
 * everybody else's, so each change is acted on once. Returns what stops the listener.
 */
export function attachChangeFeed(pool: pg.Pool, connectionString: string, logger: Logger): { close(): Promise<void> } {
  const feed = new ChangeFeed();
  feeds.set(pool, feed);
  pool.on('connect', (client) => {
    feeds.set(client, feed);
    const backend = (client as unknown as { processID: number }).processID;
    client.on('notification', (message) => {
      if (message.channel === CHANGES_CHANNEL && message.processId === backend) feed.forget(message.payload ?? null);
    });
    client.once('end', () => feed.ownBackends.delete(backend));
    // The first query on a new connection: it is queued ahead of anything the pool's user sends. Until it has
    // run, this connection's changes are left to the listener.
    client.query(`listen ${CHANGES_CHANNEL}`).then(
      () => feed.ownBackends.add(backend),
      () => {},
    );
  });

  let closed = false;
  let listener: pg.Client | null = null;
  let retryTimer: NodeJS.Timeout | undefined;
  let retryMs = 500;
  const listen = async () => {
    const client = new pg.Client({ connectionString });
    let established = false;
    client.on('error', () => {}); // followed by 'end'
    client.on('notification', (message) => {
      if (message.channel === CHANGES_CHANNEL && !feed.ownBackends.has(message.processId)) feed.forget(message.payload ?? null);
    });
    client.once('end', () => {
      if (!established || closed) return; // a failed attempt is retried by reopen
      feed.live = false;
      feed.forget(null);
      retryTimer = setTimeout(reopen, retryMs).unref();
    });
    listener = client;
    try {
      await client.connect();
      await client.query(`listen ${CHANGES_CHANNEL}`);
    } catch (error) {
      client.end().catch(() => {});
      throw error;
    }
    if (closed) return client.end();
    // Anything cached before now may predate a change nobody heard.
    feed.forget(null);
    feed.live = true;
    established = true;
    retryMs = 500;
  };
  const reopen = () => {
    listen().catch((error: unknown) => {
      if (closed) return;
      logger.warn({ err: error, retryMs }, 'change feed: cannot listen for changes; caches are off until it can');
      retryTimer = setTimeout(reopen, retryMs).unref();
      retryMs = Math.min(retryMs * 2, 30_000);
    });
  };
  reopen();
  return {
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      feed.live = false;
      feed.forget(null);
      await listener?.end().catch(() => {});
    },
  };
}

function feedOf(executor: Executor): ChangeFeed | undefined {
  const client = connectionOf(executor);
  return client ? feeds.get(client) : undefined;
}

/**
 * A cache of values derived from the given tables, for the database an executor belongs to. Entries also
 * expire after ttlMs (for what depends on the date, e.g. entrustments in force today) and the oldest go
 * when maxEntries are held.
 */
export function derivedCache<V>(name: string, options: { tables: readonly string[]; maxEntries: number; ttlMs: number }) {
  const definition: CacheDefinition<V> = { name, ...options };
  definitions.push(definition);
  return {
    async get(executor: Executor, key: string, load: () => Promise<V>): Promise<V> {
      const feed = feedOf(executor);
      if (!feed?.live) return load();
      const store = feed.store(definition);
      const now = Date.now();
      const hit = store.entries.get(key);
      if (hit && hit.expiresAt > now) return hit.value as V;
      const generation = store.generation;
      const value = await load();
      if (store.generation === generation && feed.live) {
        store.entries.delete(key);
        if (store.entries.size >= definition.maxEntries) store.entries.delete(store.entries.keys().next().value!);
        store.entries.set(key, { value, expiresAt: now + definition.ttlMs });
      }
      return value;
    },
  };
}
