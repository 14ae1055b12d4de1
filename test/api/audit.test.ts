import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { appendAudit, auditedGroupCommit, auditedTransaction, SEALER_PLAN_SETTINGS, sealAuditLog, unsealedEntriesQuery, verifyAuditChain } from '../../src/core/audit/audit.js';
import { notify } from '../../src/core/notify.js';
import type { Executor } from '../../src/core/db/executor.js';
import { createUser, dbLabel, login, startTestApp, type TestApp } from '../support/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

interface Entry {
  id: string;
  action: string;
  after: unknown;
}

const entries = async () => (await t.sql<Entry>('select id::text, action, after from audit_log order by id')).rows;

/** What an attacker with superuser access would do: switch the append-only trigger off around a change. */
async function tamper(statement: string, params: unknown[] = [], table: 'audit_log' | 'audit_seals' = 'audit_log') {
  await t.sql(`alter table ${table} disable trigger ${table}_append_only`);
  try {
    await t.sql(statement, params);
  } finally {
    await t.sql(`alter table ${table} enable trigger ${table}_append_only`);
  }
}

/**
 * Runs a tamper test on the seals and puts the seals and the head back exactly as they were. (With another
 * transaction open anywhere on the server, the sealer may re-seal an entry whose seal was deleted: the chain
 * then still breaks, at the new seal, but the simple way back is to restore everything.) The restore holds the
 * head row, so the background sealer waits until it is done.
 */
async function restoringSeals(run: () => Promise<void>) {
  await sealAuditLog(t.db);
  const [saved] = (
    await t.sql<{ seals: { seq: number; entry_id: number; prev_hash: string; hash: string }[]; head: { last_hash: string; entries: number; sealed_below: string | null } }>(
      `select (select json_agg(s order by seq) from audit_seals s) as seals, (select row_to_json(h) from audit_head h) as head`,
    )
  ).rows;
  try {
    await run();
  } finally {
    const literal = (value: string | number | null) => (value === null ? 'null' : `'${String(value).replace(/'/g, "''")}'`);
    const { seals, head } = saved!;
    await t.sql(`
      begin;
      select 1 from audit_head for update;
      alter table audit_seals disable trigger audit_seals_append_only;
      delete from audit_seals;
      alter table audit_seals enable trigger audit_seals_append_only;
      insert into audit_seals (seq, entry_id, prev_hash, hash) values ${seals.map((x) => `(${x.seq}, ${x.entry_id}, ${literal(x.prev_hash)}, ${literal(x.hash)})`).join(', ')};
      update audit_head set last_hash = ${literal(head.last_hash)}, entries = ${head.entries}, sealed_below = ${literal(head.sealed_below)}::xid8;
      commit;`);
  }
}

const sealOf = async (entryId: string | number) =>
  (await t.sql<{ seq: string }>('select seq::text from audit_seals where entry_id = $1', [entryId])).rows[0]?.seq;

describe(`audit hash chain (${dbLabel()})`, () => {
  it('audited actions build a chain that verifies', async () => {
    // buildOrelane may already have audited start-up work (e.g. reference data): count from here.
    const existing = (await entries()).length;
    const user = await createUser(t.db);
    const agent = await login(t.app, user.username, user.password); // session.create
    const first = (await agent.post('/api/v1/api-keys', { name: 'first' })).json(); // apiKey.create
    await agent.post('/api/v1/api-keys', { name: 'second' });
    expect((await agent.delete(`/api/v1/api-keys/${first.id}`)).statusCode).toBe(204); // apiKey.revoke
    await login(t.app, user.username, user.password);

    const rows = await entries();
    expect(rows.slice(existing).map((row) => row.action)).toEqual(['session.create', 'apiKey.create', 'apiKey.create', 'apiKey.revoke', 'session.create']);
    // Secrets never reach the audit log.
    expect(JSON.stringify(rows)).not.toContain(first.key);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, entries: rows.length });
    // Paging does not change the answer.
    expect(await verifyAuditChain(t.db, 2)).toEqual({ ok: true, entries: rows.length });
  });

  it('the append-only trigger refuses UPDATE and DELETE, even for the superuser', async () => {
    await expect(t.sql(`update audit_log set actor_label = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(t.sql('delete from audit_log')).rejects.toThrow(/append-only/);
    await expect(t.sql(`update audit_seals set hash = repeat('0', 64)`)).rejects.toThrow(/audit_seals is append-only/);
    await expect(t.sql('delete from audit_seals')).rejects.toThrow(/audit_seals is append-only/);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('an edited entry is reported as the first bad entry; restoring it heals the chain', async () => {
    const rows = await entries();
    const victim = rows.find((row) => row.action === 'apiKey.create')!;
    await tamper(`update audit_log set after = jsonb_set(after, '{name}', '"tampered"') where id = $1`, [victim.id]);
    const result = await verifyAuditChain(t.db);
    expect(result.ok).toBe(false);
    expect(result.firstBadEntryId).toBe(Number(victim.id));
    expect(result.problem).toMatch(/edited/);

    await tamper('update audit_log set after = $2::jsonb where id = $1', [victim.id, JSON.stringify(victim.after)]);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, entries: rows.length });
  });

  it('a re-hashed edit is still caught by the next entry', async () => {
    const rows = await entries();
    const victim = rows.find((row) => row.action === 'apiKey.revoke')!;
    const original = (await t.sql<{ hash: string }>('select hash from audit_log where id = $1', [victim.id])).rows[0]!.hash;
    await tamper(`update audit_log set hash = repeat('f', 64) where id = $1`, [victim.id]);
    const result = await verifyAuditChain(t.db);
    expect(result.ok).toBe(false);
    expect(result.firstBadEntryId).toBe(Number(victim.id));
    await tamper('update audit_log set hash = $2 where id = $1', [victim.id, original]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('deleting a sealed entry in the middle is reported at that entry (its seal remains)', async () => {
    const before = await entries();
    const at = before.findIndex((row) => row.action === 'apiKey.revoke');
    const removed = before[at]!;
    expect(await sealOf(removed.id)).toBeDefined();
    const saved = (await t.sql('select * from audit_log where id = $1', [removed.id])).rows[0]!;
    await tamper('delete from audit_log where id = $1', [removed.id]);
    const result = await verifyAuditChain(t.db);
    expect(result.ok).toBe(false);
    expect(result.firstBadEntryId).toBe(Number(removed.id));
    expect(result.problem).toMatch(/missing \(an entry was removed\)/);
    // Put it back exactly as it was.
    const columns = Object.keys(saved);
    await tamper(
      `insert into audit_log (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      columns.map((c) => (c === 'before' || c === 'after') && saved[c] !== null ? JSON.stringify(saved[c]) : saved[c]),
    );
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('deleting a seal in the middle breaks the link at the next seal', async () => {
    await restoringSeals(async () => {
      const seals = (await t.sql<{ seq: string; entry_id: string }>('select seq::text, entry_id::text from audit_seals order by seq')).rows;
      await tamper('delete from audit_seals where seq = $1', [seals[2]!.seq], 'audit_seals');
      const result = await verifyAuditChain(t.db);
      expect(result.ok).toBe(false);
      expect(result.firstBadEntryId).toBe(Number(seals[3]!.entry_id));
      expect(result.problem).toMatch(/removed or inserted/);
    });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('an edited seal is reported at its entry', async () => {
    await restoringSeals(async () => {
      const [seal] = (await t.sql<{ seq: string; entry_id: string }>('select seq::text, entry_id::text from audit_seals order by seq desc limit 1')).rows;
      await tamper(`update audit_seals set hash = repeat('e', 64) where seq = $1`, [seal!.seq], 'audit_seals');
      const result = await verifyAuditChain(t.db);
      expect(result.ok).toBe(false);
      expect(result.firstBadEntryId).toBe(Number(seal!.entry_id));
      expect(result.problem).toMatch(/seal was edited/);
    });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('an unsealed entry is sealed and then verifies, also when its transaction commits after a newer one', async () => {
    const sealedBefore = Number((await t.sql<{ n: string }>('select count(*)::text as n from audit_seals')).rows[0]!.n);
    const actor = { userId: null, label: 'test' };
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const olderWritten = new Promise<void>((resolve) => (written = resolve));
    // The older transaction writes its entry first (smaller id and xid) and commits last.
    const older = t.db.transaction(async (tx) => {
      await appendAudit(tx, actor, { action: 'test.older', entityType: 'test', entityId: 'older' });
      written();
      await gate;
    });
    await olderWritten;
    await auditedTransaction(t.db, (tx) => appendAudit(tx, actor, { action: 'test.newer', entityType: 'test', entityId: 'newer' }));
    const newer = (await t.sql<{ id: string; prev_hash: string | null }>(`select id::text, prev_hash from audit_log where action = 'test.newer'`)).rows[0]!;
    expect(newer.prev_hash).toBeNull(); // written unchained, with its own content hash
    await sealAuditLog(t.db);
    expect(await sealOf(newer.id)).toBeDefined();
    expect((await t.sql(`select 1 from audit_log where action = 'test.older'`)).rowCount).toBe(0); // not committed yet

    release();
    await older;
    const olderId = (await t.sql<{ id: string }>(`select id::text from audit_log where action = 'test.older'`)).rows[0]!.id;
    expect(Number(olderId)).toBeLessThan(Number(newer.id));
    // verify seals it first (the sealer's horizon stayed below the older transaction), then checks it.
    const result = await verifyAuditChain(t.db);
    expect(result.ok).toBe(true);
    expect(Number(await sealOf(olderId))).toBeGreaterThan(Number(await sealOf(newer.id)));
    const sealedAfter = Number((await t.sql<{ n: string }>('select count(*)::text as n from audit_seals')).rows[0]!.n);
    expect(sealedAfter).toBe(sealedBefore + 2);
    expect(result.entries).toBe(sealedAfter);
  });

  it('the background sealer seals new entries without being asked', async () => {
    const user = await createUser(t.db);
    await login(t.app, user.username, user.password); // session.create
    const [entry] = (await t.sql<{ id: string }>(`select id::text from audit_log where action = 'session.create' and entity_id = $1`, [user.id])).rows;
    const deadline = Date.now() + 10_000;
    while (!(await sealOf(entry!.id)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await sealOf(entry!.id)).toBeDefined();
  });

  it('deleting the last seal is detected (the head still counts it)', async () => {
    await restoringSeals(async () => {
      const [seal] = (await t.sql<{ seq: string }>('select seq::text from audit_seals order by seq desc limit 1')).rows;
      await tamper('delete from audit_seals where seq = $1', [seal!.seq], 'audit_seals');
      const result = await verifyAuditChain(t.db);
      expect(result.ok).toBe(false);
      // The head still counts the seal; or, if the sealer sealed the entry again, the new seal does not link.
      expect(result.problem).toMatch(/removed from the end|removed or inserted/);
    });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('deleting the last sealed entry is detected (its seal remains)', async () => {
    const before = await entries();
    // Last in the chain (seal order), which is not always the largest id.
    const last = (await t.sql<{ id: string }>('select entry_id::text as id from audit_seals order by seq desc limit 1')).rows[0]!;
    await tamper('delete from audit_log where id = $1', [last.id]);
    const result = await verifyAuditChain(t.db);
    expect(result.ok).toBe(false);
    expect(result.entries).toBe(before.length - 1);
    expect(result.firstBadEntryId).toBe(Number(last.id));
    expect(result.problem).toMatch(/missing/);
  });
});

describe(`auditedTransaction: begin and commit pipelined with the statements (${dbLabel()})`, () => {
  const probes = async (marker: string) =>
    (await t.sql<{ n: number }>('select (select count(*)::int from notifications where entity_id = $1) + (select count(*)::int from audit_log where entity_id = $1) as n', [marker])).rows[0]!.n;
  const probe = (marker: string) => sql`insert into notifications (role, type, entity_type, entity_id) values ('SUPERVISOR', 'test.probe', 'test', ${marker})`;
  const actor = { userId: null, label: 'test' };

  it('writes the work, the audit entries and the notifications together, and returns the work result', async () => {
    const result = await auditedTransaction(t.db, async (tx) => {
      await tx.execute(probe('pipelined-ok'));
      await appendAudit(tx, actor, { action: 'test.pipelined', entityType: 'test', entityId: 'pipelined-ok' });
      await notify(tx, [{ role: 'SUPERVISOR', type: 'test.pipelined', entityType: 'test', entityId: 'pipelined-ok' }]);
      return 42;
    });
    expect(result).toBe(42);
    expect(await probes('pipelined-ok')).toBe(3);
  });

  it('a failing final statement (audit entries + notifications) fails the call and leaves nothing written', async () => {
    await expect(
      auditedTransaction(t.db, async (tx) => {
        await tx.execute(probe('pipelined-final-fails'));
        await appendAudit(tx, actor, { action: 'test.pipelined', entityType: 'test', entityId: 'pipelined-final-fails' });
        // type is NOT NULL: only the final statement, sent together with the commit, fails.
        await notify(tx, [{ role: 'SUPERVISOR', type: null as unknown as string, entityType: 'test', entityId: 'pipelined-final-fails' }]);
      }),
    ).rejects.toThrow();
    expect(await probes('pipelined-final-fails')).toBe(0);
  });

  it('an error in the work rolls everything back, and the pooled connections stay usable', async () => {
    await expect(
      auditedTransaction(t.db, async (tx) => {
        await tx.execute(probe('pipelined-work-fails'));
        await appendAudit(tx, actor, { action: 'test.pipelined', entityType: 'test', entityId: 'pipelined-work-fails' });
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await probes('pipelined-work-fails')).toBe(0);
    // More transactions than the pool (20) has connections, so each connection is used again after the failures.
    await Promise.all(Array.from({ length: 25 }, () => auditedTransaction(t.db, (tx) => tx.execute(probe('pipelined-after')))));
    expect(await probes('pipelined-after')).toBe(25);
    expect((await t.db.execute<{ n: number }>(sql`select 1 as n`)).rows[0]!.n).toBe(1);
  });
});

describe(`auditedGroupCommit: units that arrive together commit together (${dbLabel()})`, () => {
  const actor = { userId: null, label: 'test' };
  /** Notifications, audit entries and the distinct transactions (xids) that wrote the entries, for a marker prefix. */
  const written = async (prefix: string) =>
    (
      await t.sql<{ notifications: number; entries: number; xids: number }>(
        `select (select count(*)::int from notifications where entity_id like $1) as notifications,
           (select count(*)::int from audit_log where entity_id like $1) as entries,
           (select count(distinct xid::text)::int from audit_log where entity_id like $1) as xids`,
        [`${prefix}%`],
      )
    ).rows[0]!;
  /** A unit that writes a notification and an audit entry for its marker and returns the marker. */
  const unit = (marker: string, then?: () => void) => async (tx: Executor) => {
    await tx.execute(sql`insert into notifications (role, type, entity_type, entity_id) values ('SUPERVISOR', 'test.group', 'test', ${marker})`);
    await appendAudit(tx, actor, { action: 'test.group', entityType: 'test', entityId: marker });
    await notify(tx, [{ role: 'SUPERVISOR', type: 'test.group.notice', entityType: 'test', entityId: marker }]);
    then?.();
    return marker;
  };
  /** One connection, held by a first unit until `release`: the units submitted meanwhile queue behind it. */
  function heldGroupCommit(prefix: string) {
    const group = auditedGroupCommit(t.db, { connections: 1, maxUnits: 32 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = group.run(async (tx) => {
      await gate;
      return unit(`${prefix}:first`)(tx);
    });
    return { group, first, release };
  }

  it('while its connections are busy, new units wait and then share one transaction; each gets its own result', async () => {
    const { group, first, release } = heldGroupCommit('group-ok');
    const waiting = Array.from({ length: 9 }, (_, i) => group.run(unit(`group-ok-${i}`)));
    release();
    expect(await first).toBe('group-ok:first');
    expect(await Promise.all(waiting)).toEqual(Array.from({ length: 9 }, (_, i) => `group-ok-${i}`));
    expect(group.stats()).toEqual({ transactions: 2, units: 10, largest: 9, rolledBack: 0 });
    // Two of each row per unit (one entry, two notifications); the nine waiting units' entries have one xid.
    expect(await written('group-ok-')).toEqual({ notifications: 18, entries: 9, xids: 1 });
    expect(await written('group-ok:first')).toEqual({ notifications: 2, entries: 1, xids: 1 });
    // The sealer chains them like any others (the chain itself is broken on purpose by an earlier test here).
    await sealAuditLog(t.db);
    const { rows } = await t.sql<{ unsealed: number }>(
      "select count(*)::int as unsealed from audit_log l where entity_id like 'group-ok%' and not exists (select 1 from audit_seals s where s.entry_id = l.id)",
    );
    expect(rows[0]!.unsealed).toBe(0);
  });

  it('a unit that fails, in the work or in PostgreSQL, fails alone: nothing of it is written, the others are written once', async () => {
    const { group, first, release } = heldGroupCommit('group-fail');
    const units = [
      group.run(unit('group-fail-a')),
      // Fails in JavaScript after its statements ran: they must not be committed with the others.
      group.run(
        unit('group-fail-thrown', () => {
          throw new Error('refused after writing');
        }),
      ),
      group.run(unit('group-fail-b')),
      // Fails in PostgreSQL (type is NOT NULL), which aborts the shared transaction for every unit in it.
      group.run(async (tx) => {
        await tx.execute(sql`insert into notifications (role, type, entity_type, entity_id) values ('SUPERVISOR', null, 'test', 'group-fail-sql')`);
        return 'never';
      }),
      group.run(unit('group-fail-c')),
    ];
    release();
    await first;
    const outcomes = await Promise.allSettled(units);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe('refused after writing');
    expect(String((outcomes[3] as PromiseRejectedResult).reason.cause ?? (outcomes[3] as PromiseRejectedResult).reason)).toMatch(/null value in column "type"/);
    for (const marker of ['group-fail-a', 'group-fail-b', 'group-fail-c']) expect(await written(marker)).toEqual({ notifications: 2, entries: 1, xids: 1 });
    expect(await written('group-fail-thrown')).toEqual({ notifications: 0, entries: 0, xids: 0 });
    expect(await written('group-fail-sql')).toEqual({ notifications: 0, entries: 0, xids: 0 });
    // The shared transaction rolled back; the failed units ran again alone, the others together again.
    // (Which units failed in it depends on whose statements came after the failed one: the transaction was aborted.)
    expect(group.stats()).toEqual({ transactions: 2, units: 6, largest: 5, rolledBack: 1 });
  });

  it('a failing final statement (one unit\'s bad notification) or a swallowed database error: the others are still written once', async () => {
    const { group, first, release } = heldGroupCommit('group-final');
    const badNotice = group.run(async (tx) => {
      await tx.execute(sql`insert into notifications (role, type, entity_type, entity_id) values ('SUPERVISOR', 'test.group', 'test', 'group-final-bad')`);
      // type is NOT NULL: only the shared final statement (all units' entries and notifications) fails.
      await notify(tx, [{ role: 'SUPERVISOR', type: null as unknown as string, entityType: 'test', entityId: 'group-final-bad' }]);
      return 'never';
    });
    const good = [group.run(unit('group-final-a')), group.run(unit('group-final-b'))];
    release();
    await first;
    await expect(badNotice).rejects.toThrow(/null value in column "type"/);
    expect(await Promise.all(good)).toEqual(['group-final-a', 'group-final-b']);
    expect(await written('group-final-bad')).toEqual({ notifications: 0, entries: 0, xids: 0 });
    for (const marker of ['group-final-a', 'group-final-b']) expect(await written(marker)).toEqual({ notifications: 2, entries: 1, xids: 1 });

    // Units with nothing to audit (no final statement): one swallows a failed statement, so PostgreSQL answers
    // the commit with ROLLBACK. Nobody is told "done" for a write that was rolled back.
    const held = heldGroupCommit('group-swallow');
    const probe = (marker: string) => async (tx: Executor) => {
      await tx.execute(sql`insert into notifications (role, type, entity_type, entity_id) values ('SUPERVISOR', 'test.group', 'test', ${marker})`);
      return marker;
    };
    // Its statement goes last (units send in the order they were queued): the others' succeed before it.
    const others = [held.group.run(probe('group-swallow-a')), held.group.run(probe('group-swallow-b'))];
    const swallowing = held.group.run(async (tx) => {
      await tx.execute(sql`insert into notifications (role, type, entity_type, entity_id) values ('SUPERVISOR', null, 'test', 'group-swallow-x')`).catch(() => {});
      return 'carried on';
    });
    held.release();
    await held.first;
    await expect(swallowing).rejects.toThrow(/rolled the transaction back/);
    expect(await Promise.all(others)).toEqual(['group-swallow-a', 'group-swallow-b']);
    for (const marker of ['group-swallow-a', 'group-swallow-b']) expect(await written(marker)).toMatchObject({ notifications: 1 });
    expect(held.group.stats()).toEqual({ transactions: 2, units: 4, largest: 3, rolledBack: 1 });
  });

  it('a unit that fails before sending anything (e.g. a validation error) fails alone, and the others still share the transaction', async () => {
    const { group, first, release } = heldGroupCommit('group-early');
    const units = [
      group.run(unit('group-early-a')),
      // Its audit entry and notification are only collected, not sent: they must not be written with the others'.
      group.run(async (tx) => {
        await appendAudit(tx, actor, { action: 'test.group', entityType: 'test', entityId: 'group-early-x' });
        await notify(tx, [{ role: 'SUPERVISOR', type: 'test.group.notice', entityType: 'test', entityId: 'group-early-x' }]);
        throw new Error('invalid before any statement');
      }),
      group.run(unit('group-early-b')),
    ];
    release();
    await first;
    const outcomes = await Promise.allSettled(units);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe('invalid before any statement');
    expect(await written('group-early-')).toEqual({ notifications: 4, entries: 2, xids: 1 });
  });

  it('a unit that finds a free connection runs at once, alone', async () => {
    const group = auditedGroupCommit(t.db, { connections: 2, maxUnits: 32 });
    expect(await group.run(unit('group-alone'))).toBe('group-alone');
    expect(await Promise.all([group.run(unit('group-alone-1')), group.run(unit('group-alone-2'))])).toEqual(['group-alone-1', 'group-alone-2']);
    expect(group.stats()).toEqual({ transactions: 3, units: 3, largest: 1, rolledBack: 0 });
  });
});

describe(`the sealer's scan for unsealed entries (${dbLabel()})`, () => {
  interface PlanNode {
    'Node Type': string;
    'Join Type'?: string;
    'Relation Name'?: string;
    'Index Name'?: string;
    Plans?: PlanNode[];
  }
  const flatten = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(flatten)];

  it('walks the xid index and probes the seals entry by entry, on statistics taken when the log was small', async () => {
    const actor = { userId: null, label: 'test' };
    await t.sql('analyze audit_log, audit_seals');
    // Thousands of entries after the analysis: the statistics a busy port's log has between autovacuum's analyses.
    await auditedTransaction(t.db, async (tx) => {
      for (let i = 0; i < 20_000; i++) await appendAudit(tx, actor, { action: 'test.bulk', entityType: 'test', entityId: `bulk-${i}` });
    });
    await sealAuditLog(t.db);

    // Holding the head row keeps the background sealer (it queues on that row) from sealing the fresh entries.
    const { plan, unsealed } = await t.db.transaction(async (tx) => {
      const [head] = (await tx.execute<{ sealed_below: string }>(sql`select sealed_below::text from audit_head for update`)).rows;
      await auditedTransaction(t.db, async (other) => {
        for (let i = 0; i < 3; i++) await appendAudit(other, actor, { action: 'test.fresh', entityType: 'test', entityId: `fresh-${i}` });
      });
      await tx.execute(SEALER_PLAN_SETTINGS);
      const query = unsealedEntriesQuery(head!.sealed_below);
      const explained = await tx.execute<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(sql`explain (format json) ${query}`);
      const rows = (await tx.execute<{ id: string | null }>(query)).rows;
      return { plan: explained.rows[0]!['QUERY PLAN'][0].Plan, unsealed: rows };
    });
    const nodes = flatten(plan);
    const onLog = nodes.filter((n) => n['Relation Name'] === 'audit_log' || n['Index Name']?.startsWith('audit_log'));
    const onSeals = nodes.filter((n) => n['Relation Name'] === 'audit_seals' || n['Index Name']?.startsWith('audit_seals'));
    expect(onLog.length).toBeGreaterThan(0);
    expect(onLog.filter((n) => n['Index Name']).map((n) => n['Index Name'])).toEqual(['audit_log_xid_idx']);
    expect(onLog.map((n) => n['Node Type'])).not.toContain('Seq Scan');
    expect(onSeals.map((n) => `${n['Node Type']} ${n['Index Name']}`)).toEqual(['Index Only Scan audit_seals_entry_id_unique']);
    expect(nodes.filter((n) => /Hash|Merge/.test(n['Node Type'])).map((n) => n['Node Type'])).toEqual([]);
    expect(nodes.some((n) => n['Node Type'] === 'Nested Loop' && n['Join Type'] === 'Anti')).toBe(true);
    // The same query finds exactly the entries written since.
    const fresh = (await t.sql<{ id: string }>(`select id::text from audit_log where action = 'test.fresh' order by id`)).rows.map((r) => r.id);
    expect(unsealed.map((r) => r.id)).toEqual(fresh);
  });
});
