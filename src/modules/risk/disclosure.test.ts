import { describe, expect, it } from 'vitest';
import type { Actor } from '../../core/auth/actor.js';
import { riskDisclosureFor, type StoredDecision } from './disclosure.js';

const actor = (enterpriseId: string | null): Actor => ({
  userId: 'u',
  username: 'u',
  displayName: 'u',
  roles: enterpriseId ? ['ENTERPRISE_USER'] : ['LIAISON_OFFICER'],
  enterpriseId,
  enterpriseKind: enterpriseId ? 'IMPORTER' : null,
  entrustingImporterIds: [],
  via: 'session',
  csrfToken: null,
});
const customs = riskDisclosureFor(actor(null));
const enterprise = riskDisclosureFor(actor('e1'));

const reasons = [{ code: 'RULE', params: { ruleId: 'WATCH-WAGON', share: 1, draw: 0.4217, checks: ['RADIOACTIVITY'] } }];
const decided = (lane: string, checks: string[]): StoredDecision => ({
  lane,
  engine: 'risk-engine/1;rules=rs-3;data=17',
  randomDraw: '0.421700000',
  reasons,
  checks,
  decidedAt: '2026-11-20T08:00:00.000Z',
});

describe('risk disclosure', () => {
  it('customs see the decision with its engine, draw and reasons', () => {
    expect(customs.decision(decided('INSPECT_BEFORE_RELEASE', ['RADIOACTIVITY']))).toEqual({
      lane: 'INSPECT_BEFORE_RELEASE',
      decidedAt: '2026-11-20T08:00:00.000Z',
      checks: ['RADIOACTIVITY'],
      engine: 'risk-engine/1;rules=rs-3;data=17',
      randomDraw: '0.421700000',
      reasons,
    });
  });

  it('an enterprise sees the lane, the time and only the checks its lane acts on', () => {
    const all = ['RADIOACTIVITY', 'SOLID_WASTE', 'SAMPLING_HARMFUL_ELEMENTS', 'DOCUMENT_REVIEW'];
    expect(enterprise.decision(decided('INSPECT_BEFORE_RELEASE', all))).toEqual({ lane: 'INSPECT_BEFORE_RELEASE', decidedAt: '2026-11-20T08:00:00.000Z', checks: all });
    expect(enterprise.decision(decided('RELEASE_THEN_INSPECT', ['SOLID_WASTE'])).checks).toEqual(['SOLID_WASTE']);
    expect(enterprise.decision(decided('DOCUMENT_CHECK', ['DOCUMENT_REVIEW', 'SAMPLING_HARMFUL_ELEMENTS'])).checks).toEqual(['DOCUMENT_REVIEW']);
    // A sampling rule that fired on a released lot would only tell which rule fired.
    expect(enterprise.decision(decided('RELEASE', ['SAMPLING_HARMFUL_ELEMENTS']))).toEqual({ lane: 'RELEASE', decidedAt: '2026-11-20T08:00:00.000Z', checks: [] });
  });

  it("an enterprise's timeline keeps only the state and lane of risk steps and leaves customs-only entries out", () => {
    const entry = (action: string, before: unknown, after: unknown) => ({ id: 1, at: 'x', actor: 'system', action, before, after });
    const assign = entry('declaration.assignLane', { state: 'ACCEPTED' }, { state: 'LANE_ASSIGNED', lane: 'DOCUMENT_CHECK', engine: 'e', randomDraw: 0.42, reasons });
    expect(enterprise.auditEntry(assign)).toEqual({ ...assign, before: { state: 'ACCEPTED' }, after: { state: 'LANE_ASSIGNED', lane: 'DOCUMENT_CHECK' } });
    const reassign = entry('declaration.reassignLane', { lane: 'RELEASE', engine: 'e' }, { lane: 'INSPECT_BEFORE_RELEASE', engine: 'e', reasons, cause: 'screening.radiation.alarm:s1' });
    expect(enterprise.auditEntry(reassign)).toMatchObject({ before: { lane: 'RELEASE' }, after: { lane: 'INSPECT_BEFORE_RELEASE' } });
    expect(enterprise.auditEntry(entry('screening.radiation', null, { result: 'ALARM' }))).toBeNull();
    expect(enterprise.auditEntry(entry('some.future.action', null, {}))).toBeNull();
    const release = entry('declaration.release', { state: 'LANE_ASSIGNED' }, { state: 'RELEASED' });
    expect(enterprise.auditEntry(release)).toBe(release);
    expect(customs.auditEntry(assign)).toBe(assign);
    expect(customs.auditEntry(entry('screening.radiation', null, { result: 'ALARM' }))).not.toBeNull();
  });

  it("an enterprise's notifications carry the number, lane and rejection reason only", () => {
    const changed = { type: 'declaration.laneChanged', payload: { number: '8001', lane: 'INSPECT_BEFORE_RELEASE', cause: 'screening.radiation.alarm:s1' } };
    expect(enterprise.notification(changed)).toEqual({ type: 'declaration.laneChanged', payload: { number: '8001', lane: 'INSPECT_BEFORE_RELEASE' } });
    expect(enterprise.notification({ type: 'declaration.rejected', payload: { number: '8001', reason: '单证不符' } }).payload).toEqual({ number: '8001', reason: '单证不符' });
    expect(customs.notification(changed)).toBe(changed);
  });
});
