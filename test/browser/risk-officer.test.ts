/**
 * The risk officer's tools in a real browser, against one `npm start`-like server with the demo data, in Chinese:
 *
 *   officer opens a declaration's risk card (lane, fired rules, draws, rule-set version) and replays it: identical
 *   → an enterprise user sees the lane only, no rules or draws
 *   → inspector records a radiation portal reading for a wagon of an open RELEASE lot (a form error first):
 *     an alarm, which moves the lot to inspect before release; the officer sees the safety floor on its card
 *   → officer runs a backtest of a new draft against the rule set in force to completion and sees the comparison.
 *
 * Screenshots go to test-results/screenshots/risk-*.png. No uncaught page error or console error is allowed.
 * Selectors are the data-testid hooks of web/TESTIDS.md, never translated text (except the English check).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../support/browser.js';
import { READ, attr, count, poll, testId, text, useDemoUi, type Session } from '../support/demo-ui.js';

/** A backtest over the demo year replays a few hundred decisions in the background. */
const BACKTEST_TIMEOUT_MS = 90_000;

const ui = useDemoUi();


interface Summary {
  id: string;
  number: string | null;
  state: string;
  lane: string | null;
}

interface StoredDecision {
  lane: string;
  ruleSetVersion: number | null;
  dataRevision: number | null;
  firedRules: { ruleId: string; selected: boolean }[];
}

/** Open customs declarations (lane assigned), newest first. */
async function laneAssigned(page: Page): Promise<Summary[]> {
  const body = await ui.apiGet<{ items: Summary[] }>(page, '/declarations?state=LANE_ASSIGNED&pageSize=50');
  return body.items.filter((item) => item.lane !== null);
}

describe('risk officer tools in the browser (zh-CN)', () => {
  let officer: Session;
  /** An open declaration on the RELEASE lane: the screening alarm escalates it. */
  let releaseLot: Summary & { wagonNumbers: string[] };

  it('officer opens a declaration’s risk card, sees why its lane was chosen, and replays it identically', async () => {
    officer = await ui.signedIn('officer');
    const [declaration] = await laneAssigned(officer.page);
    expect(declaration).toBeDefined();
    const stored = await ui.apiGet<StoredDecision>(officer.page, `/risk/decisions/${declaration!.id}`);
    expect(stored.ruleSetVersion).not.toBeNull();

    const page = officer.page;
    await page.goto(`${ui.server.url}/declarations/${declaration!.id}`);
    const card = testId(page, 'detail-risk', { 'data-loaded': 'true' });
    await card.waitFor();
    await poll(attr(testId(card, 'risk-summary').getByTestId('lane-tag'), 'data-lane')).toBe(stored.lane);
    await poll(attr(testId(card, 'risk-rule-set-link'), 'data-version')).toBe(String(stored.ruleSetVersion));
    await poll(text(testId(card, 'risk-data-revision'))).toBe(String(stored.dataRevision));
    // Every fired rule is listed, selected by its draw or not, named in Chinese.
    const rows = testId(card, 'risk-fired-rule');
    await poll(count(rows)).toBe(stored.firedRules.length);
    for (const rule of stored.firedRules) {
      await poll(attr(testId(card, 'risk-fired-rule', { 'data-rule-id': rule.ruleId }), 'data-selected')).toBe(String(rule.selected));
    }
    await poll(count(testId(card, 'risk-reason'))).toBeGreaterThan(0);
    await testId(card, 'risk-random').waitFor();
    await testId(card, 'risk-safety-floor', { 'data-applied': 'false' }).waitFor();

    await testId(card, 'risk-replay').click();
    await testId(card, 'risk-replay-result', { 'data-identical': 'true' }).waitFor();
    await screenshot(page, 'risk-01-officer-risk-card-replayed');

    // The rule-set link opens that version with its per-rule hit rates.
    await testId(card, 'risk-rule-set-link').click();
    await testId(page, 'rule-set-detail', { 'data-version': String(stored.ruleSetVersion) }).waitFor();
    await poll(async () => Number(await testId(page, 'rule-stats-decisions').getAttribute('data-count', READ))).toBeGreaterThan(0);
    await poll(count(testId(page, 'rule-hit-rate'))).toBeGreaterThan(0);
    await screenshot(page, 'risk-02-officer-rule-set-stats');

    // The same card in English.
    await page.goto(`${ui.server.url}/declarations/${declaration!.id}`);
    await testId(page, 'detail-risk', { 'data-loaded': 'true' }).waitFor();
    await testId(page, 'language-en').first().click();
    await poll(text(testId(page, 'risk-replay'))).toBe('Replay');
    await testId(page, 'language-zh-CN').first().click();
    await poll(text(testId(page, 'risk-replay'))).toBe('重放研判');
  });

  it('an enterprise user sees the lane of its declaration, but no rules, draws or replay', async () => {
    const importer = await ui.signedIn('importer');
    const mine = await ui.apiGet<{ items: Summary[] }>(importer.page, '/declarations?pageSize=200');
    const decided = mine.items.find((item) => item.lane !== null);
    expect(decided).toBeDefined();
    await importer.page.goto(`${ui.server.url}/declarations/${decided!.id}`);
    const card = testId(importer.page, 'detail-risk');
    await poll(attr(card.getByTestId('lane-tag'), 'data-lane')).toBe(decided!.lane);
    expect(await testId(card, 'risk-fired-rules').count()).toBe(0);
    expect(await testId(card, 'risk-reason').count()).toBe(0);
    expect(await testId(card, 'risk-replay').count()).toBe(0);
    expect(await testId(importer.page, 'detail-screening').count()).toBe(0);
    await importer.context.close();
  });

  it('inspector records a radiation alarm for a wagon of an open RELEASE lot, which moves it to inspect before release', async () => {
    const inspector = await ui.signedIn('inspector');
    const page = inspector.page;
    const open = (await laneAssigned(page)).find((item) => item.lane === 'RELEASE');
    expect(open, 'the demo has an open declaration on the RELEASE lane').toBeDefined();
    releaseLot = { ...open!, wagonNumbers: (await ui.apiGet<{ wagonNumbers: string[] }>(page, `/declarations/${open!.id}`)).wagonNumbers };
    expect(releaseLot.wagonNumbers.length).toBeGreaterThan(0);
    const wagon = releaseLot.wagonNumbers[0]!;

    await page.goto(`${ui.server.url}/screening?declarationId=${releaseLot.id}`);
    await testId(page, 'screening-form-declaration').waitFor();
    // A reading without a vehicle number and with a malformed dose rate is refused on the form.
    await testId(page, 'screening-dose-rate').fill('0,9');
    await testId(page, 'screening-background').fill('0.08');
    await testId(page, 'screening-submit').click();
    const errorOf = (fieldTestId: string) => page.locator('.ant-form-item', { has: testId(page, fieldTestId) }).locator('.ant-form-item-explain-error').first();
    await errorOf('screening-vehicle-number').waitFor();
    await errorOf('screening-dose-rate').waitFor();

    await testId(page, 'screening-vehicle-number').locator('input').fill(wagon);
    await testId(page, 'screening-dose-rate').fill('0.9');
    await testId(page, 'screening-remarks').fill('门户复测仍报警');
    await testId(page, 'screening-will-alarm').waitFor(); // above the 0.5 µSv/h threshold of the inspection settings
    await testId(page, 'screening-submit').click();
    const outcome = testId(page, 'screening-outcome', { 'data-result': 'ALARM' });
    await outcome.waitFor();
    await poll(attr(outcome, 'data-escalations')).toBe('1');
    await testId(page, 'radiation-row', { 'data-vehicle': wagon, 'data-result': 'ALARM' }).waitFor();
    await poll(async () => Number(await testId(page, 'screening-alarm-count').getAttribute('data-count', READ))).toBeGreaterThan(0);
    await screenshot(page, 'risk-03-inspector-screening-alarm');
    await inspector.context.close();

    // The officer sees the lot re-decided: inspect before release by the safety floor, the old decision kept.
    await officer.page.goto(`${ui.server.url}/declarations/${releaseLot.id}`);
    const card = testId(officer.page, 'detail-risk', { 'data-loaded': 'true' });
    await testId(card, 'risk-safety-floor', { 'data-applied': 'true' }).waitFor();
    await poll(attr(testId(card, 'risk-summary').getByTestId('lane-tag'), 'data-lane')).toBe('INSPECT_BEFORE_RELEASE');
    await testId(card, 'risk-history').waitFor();
    await testId(officer.page, 'detail-screening').getByTestId('radiation-row').first().waitFor();
    await screenshot(officer.page, 'risk-04-officer-risk-card-after-alarm');
  });

  it('officer backtests a new draft against the rule set in force, watches it run, and compares the two', async () => {
    const page = officer.page;
    const inForce = await ui.apiGet<{ version: number }>(page, '/risk/rule-sets/in-force');
    const created = await page.request.post(`${ui.server.url}/api/v1/risk/rule-sets`, {
      data: { comment: '回测用草稿（浏览器测试）', effectiveFrom: '2027-01-01T00:00:00.000Z', copyFrom: 'IN_FORCE' },
      headers: { 'x-csrf-token': officer.csrfToken },
    });
    expect(created.status(), await created.text()).toBe(201);
    const draft = (await created.json()) as { version: number };

    await page.goto(`${ui.server.url}/risk/backtests`);
    await testId(page, 'backtest-form').waitFor();
    // The form proposes the newest version not in force against the one in force.
    await poll(text(testId(page, 'backtest-rule-set').locator('.ant-select-content'))).toMatch(new RegExp(`^v${draft.version} `));
    await poll(text(testId(page, 'backtest-compare').locator('.ant-select-content'))).toMatch(new RegExp(`^v${inForce.version} `));
    await testId(page, 'backtest-submit').click();

    const result = testId(page, 'backtest-result');
    await result.waitFor();
    const id = await result.getAttribute('data-id');
    expect(new URL(page.url()).pathname).toBe(`/risk/backtests/${id}`);
    await testId(page, 'backtest-row', { 'data-id': id! }).waitFor();
    await testId(page, 'backtest-result', { 'data-status': 'SUCCEEDED' }).waitFor({ timeout: BACKTEST_TIMEOUT_MS });
    const progress = testId(result, 'backtest-progress');
    expect(await progress.getAttribute('data-processed')).toBe(await progress.getAttribute('data-total'));
    expect(Number(await progress.getAttribute('data-total'))).toBeGreaterThan(0);
    // Finished: no cancel offered any more.
    await poll(count(testId(page, 'backtest-row', { 'data-id': id! }).getByTestId('backtest-cancel'))).toBe(0);

    const summaries = testId(result, 'backtest-summary');
    await poll(async () => summaries.evaluateAll((elements) => elements.map((e) => e.getAttribute('data-version')))).toEqual([String(draft.version), String(inForce.version)]);
    // Both rule sets replay the same declarations of the period; every measure has a value per rule set.
    const metric = (key: string) => testId(result, 'backtest-metric', { 'data-metric': key }).getByTestId('backtest-value');
    const replayed = await metric('declarations').allTextContents();
    expect(replayed).toHaveLength(2);
    expect(replayed[0]).toBe(replayed[1]);
    expect(Number(replayed[0]!.replace(/,/g, ''))).toBe(Number(await progress.getAttribute('data-total')));
    for (const key of ['lane-RELEASE', 'lane-INSPECT_BEFORE_RELEASE', 'inspectionRate', 'findingsCaught', 'findingsReleasedUnchecked', 'precision']) {
      expect(await metric(key).allTextContents(), key).toHaveLength(2);
    }
    await poll(count(testId(result, 'backtest-chart').locator('canvas'))).toBeGreaterThan(0);
    await screenshot(page, 'risk-05-officer-backtest-comparison');
  }, BACKTEST_TIMEOUT_MS + 30_000);

  it('no page error or console error on any page', () => {
    ui.expectNoPageErrors();
  });
});
