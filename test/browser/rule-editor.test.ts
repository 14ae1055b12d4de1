/**
 * The structured rule-set editor in a real browser, against one `npm start`-like server with the demo data, in Chinese:
 *
 *   officer creates a draft from the rule set in force and adds a rule through the form (origin on a list →
 *   documents check for 50 %): the form refuses it unfinished (client check), the test run refuses it without a
 *   lane or checks (the server's 422 lands on the action field), then tests it against the last 365 days
 *   → a floor rate breaking the 20 % anchor is flagged before saving, and the server's refusal lands on that field
 *   → saved; a save over someone else's change says so and reloads → submitted; the author cannot approve it
 *   → admin (supervisor) finds it in the approval queue, reads it in the same structured view, and approves it
 *   → officer pastes several entries at once into the list the rule uses.
 *
 * Screenshots go to test-results/screenshots/rule-editor-*.png. No uncaught page error or console error is allowed.
 * Selectors are the data-testid hooks of web/TESTIDS.md, never translated text.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { screenshot } from '../support/browser.js';
import { READ, attr, count, poll, testId, useDemoUi, type Session } from '../support/demo-ui.js';

const RULE_ID = 'ORIGIN-TRANSIT-DOCS-50';
const LIST = 'transit-origins';

const ui = useDemoUi();

/**
 * antd Select: open it (unless open) and click the option whose value is `value` (options carry `data-value`).
 * On a loaded machine a click can land while the popup is still opening; then it is tried again (picking the
 * same value twice changes nothing).
 */
async function pickOption(page: Page, select: Locator, value: string) {
  const combobox = select.locator('input[role=combobox]');
  const inputId = await combobox.getAttribute('id');
  const option = page.locator('.ant-select-dropdown', { has: page.locator(`[id="${inputId}_list"]`) }).locator(`[data-value="${value}"]`);
  for (let attempt = 1; ; attempt += 1) {
    if ((await combobox.getAttribute('aria-expanded')) !== 'true') await select.click();
    await option.click();
    try {
      await expect.poll(attr(combobox, 'aria-expanded'), { timeout: 3_000, interval: 100 }).toBe('false');
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}


interface RuleSetBody {
  version: number;
  status: string;
  rowVersion: number;
  comment: string;
  basedOnVersion: number | null;
  definition: { rules: { id: string; condition: unknown; action: { lane?: string; share: number; checks: string[] } }[]; rates: { byCreditClass: Record<string, number> } };
}

describe('rule-set editor in the browser (zh-CN)', () => {
  let officer: Session;
  let version: number;

  it('officer creates a draft from the rule set in force and adds a rule through the form, testing it before saving', async () => {
    officer = await ui.signedIn('officer');
    const page = officer.page;
    const inForce = await ui.apiGet<RuleSetBody>(page, '/risk/rule-sets/in-force');

    await page.goto(`${ui.server.url}/risk/rule-sets`);
    await testId(page, 'rule-set-new').click();
    await testId(page, 'rule-set-comment').fill('转口原产国单证审核（浏览器测试）');
    await testId(page, 'rule-set-create-save').click();
    const detail = testId(page, 'rule-set-detail', { 'data-status': 'DRAFT' });
    await detail.waitFor();
    version = Number(await detail.getAttribute('data-version'));
    expect((await ui.apiGet<RuleSetBody>(page, `/risk/rule-sets/${version}`)).basedOnVersion).toBe(inForce.version);
    const editor = testId(page, 'rule-set-editor', { 'data-editable': 'true', 'data-dirty': 'false' });
    await editor.waitFor();
    await poll(count(testId(editor, 'rule-row'))).toBe(inForce.definition.rules.length);

    // A new rule: origin on the transit list.
    await testId(page, 'rule-add').click();
    const drawer = testId(page, 'rule-editor');
    await drawer.waitFor();
    const leaf = testId(drawer, 'condition-node', { 'data-path': '0' });
    await pickOption(page, testId(leaf, 'condition-operator'), 'inList');
    await poll(attr(leaf, 'data-op')).toBe('inList');

    // Unfinished: the form names what is missing, on the fields, before anything is sent.
    await testId(page, 'rule-editor-apply').click();
    await testId(drawer, 'rule-field-error', { 'data-field': 'name.zh' }).waitFor();
    await testId(drawer, 'condition-error', { 'data-path': '0' }).waitFor();
    await testId(drawer, 'rule-field-id').fill(RULE_ID);
    await testId(drawer, 'rule-field-name-zh').fill('转口原产国单证审核');
    await testId(drawer, 'rule-field-name-en').fill('Transit origin: documents check');
    await testId(drawer, 'rule-field-description-zh').fill('原产国在转口名单中的，半数转单证审核');
    await testId(drawer, 'rule-field-description-en').fill('Half of the lots whose origin is on the transit list go to a documents check');
    await pickOption(page, testId(leaf, 'condition-list'), LIST);
    await poll(count(testId(drawer, 'condition-error'))).toBe(0);
    await poll(async () => (await testId(drawer, 'rule-sentence').textContent(READ)) ?? '').toBe(`originCountry ∈ list ${LIST}`);
    await testId(drawer, 'rule-field-share').fill('50');

    // Without a lane and without checks the server refuses the test run; its 422 lands on the action field.
    await testId(drawer, 'rule-field-lane').hover();
    await testId(drawer, 'rule-field-lane').locator('.ant-select-clear').click();
    await poll(count(testId(drawer, 'rule-field-lane').locator('.ant-select-clear'))).toBe(0);
    await testId(drawer, 'rule-test-days').fill('365');
    await testId(drawer, 'rule-test-run').click();
    await testId(drawer, 'rule-field-error', { 'data-field': 'action' }).waitFor();
    await screenshot(page, 'rule-editor-01-server-error-on-action');

    await pickOption(page, testId(drawer, 'rule-field-lane'), 'DOCUMENT_CHECK');
    await poll(count(testId(drawer, 'rule-field-error'))).toBe(0);
    await testId(drawer, 'rule-test-run').click();
    const result = testId(drawer, 'rule-test-result');
    await result.waitFor();
    const declarations = Number(await result.getAttribute('data-declarations'));
    const matched = Number(await result.getAttribute('data-matched'));
    expect(declarations).toBeGreaterThan(0);
    expect(matched).toBeGreaterThan(0);
    expect(matched).toBeLessThanOrEqual(declarations);
    await result.scrollIntoViewIfNeeded();
    await screenshot(page, 'rule-editor-02-rule-form-tested');

    await testId(page, 'rule-editor-apply').click();
    await drawer.waitFor({ state: 'detached' });
    const row = testId(page, 'rule-row', { 'data-rule-id': RULE_ID });
    await row.waitFor();
    expect(await testId(row, 'rule-condition').textContent()).toBe(`originCountry ∈ list ${LIST}`);
    await testId(page, 'rule-set-editor', { 'data-dirty': 'true' }).waitFor();
    // Submitting waits for the changes to be saved.
    expect(await testId(page, 'rule-set-submit').isDisabled()).toBe(true);
  });

  it('a floor rate breaking the 20 % anchor is flagged before saving; the server refuses it on that field', async () => {
    const page = officer.page;
    await testId(page, 'rule-set-tab-rates').click();
    const advanced = testId(page, 'rate-ADVANCED_CERTIFIED');
    const before = await advanced.inputValue();
    await advanced.fill('5');
    await testId(page, 'rule-set-rate-warning').waitFor();
    await poll(attr(testId(page, 'rate-constraint', { 'data-class': 'ADVANCED_CERTIFIED' }), 'data-ok')).toBe('false');
    await testId(page, 'rule-set-save').click();
    await testId(page, 'rule-set-validation-error', { 'data-path': 'definition.rates.byCreditClass.ADVANCED_CERTIFIED' }).waitFor();
    await testId(page, 'rate-error', { 'data-class': 'ADVANCED_CERTIFIED' }).waitFor();
    await screenshot(page, 'rule-editor-03-rate-refused');

    await advanced.fill(before);
    await poll(count(testId(page, 'rule-set-rate-warning'))).toBe(0);
    await testId(page, 'rule-set-save').click();
    await testId(page, 'rule-set-editor', { 'data-dirty': 'false' }).waitFor();
    await poll(count(testId(page, 'rule-set-validation-errors'))).toBe(0);

    const saved = await ui.apiGet<RuleSetBody>(page, `/risk/rule-sets/${version}`);
    const rule = saved.definition.rules.find((r) => r.id === RULE_ID);
    expect(rule).toEqual({
      id: RULE_ID,
      name: { zh: '转口原产国单证审核', en: 'Transit origin: documents check' },
      description: { zh: '原产国在转口名单中的，半数转单证审核', en: 'Half of the lots whose origin is on the transit list go to a documents check' },
      enabled: true,
      condition: { op: 'all', conditions: [{ op: 'inList', field: 'originCountry', list: LIST }] },
      action: { lane: 'DOCUMENT_CHECK', share: 0.5, checks: [] },
    });
  });

  it('a save over someone else’s change says so and reloads; then the draft is submitted and its author cannot approve it', async () => {
    const page = officer.page;
    const current = await ui.apiGet<RuleSetBody>(page, `/risk/rule-sets/${version}`);
    await testId(page, 'rule-set-edit-comment').fill('转口原产国单证审核（本页修改）');
    // Another tab of the same author saves first.
    const other = await page.request.patch(`${ui.server.url}/api/v1/risk/rule-sets/${version}`, {
      data: { comment: '转口原产国单证审核（另一页面）' },
      headers: { 'x-csrf-token': officer.csrfToken, 'if-match': `"${current.rowVersion}"` },
    });
    expect(other.status(), await other.text()).toBe(200);
    await testId(page, 'rule-set-save').click();
    await testId(page, 'rule-set-conflict').waitFor();
    await screenshot(page, 'rule-editor-04-conflict');
    await testId(page, 'rule-set-conflict-reload').click();
    await testId(page, 'rule-set-editor', { 'data-dirty': 'false' }).waitFor();
    await poll(() => testId(page, 'rule-set-edit-comment').inputValue()).toBe('转口原产国单证审核（另一页面）');

    await testId(page, 'rule-set-submit').click();
    await testId(page, 'rule-set-detail', { 'data-status': 'PENDING_APPROVAL' }).waitFor();
    await testId(page, 'rule-set-editor', { 'data-editable': 'false' }).waitFor();
    // Four-eyes: the author's own approval is refused.
    await testId(page, 'rule-set-approve').click();
    await testId(page, 'rule-set-action-error').waitFor();
    expect(await testId(page, 'rule-set-detail').getAttribute('data-status')).toBe('PENDING_APPROVAL');
  });

  it('admin finds the draft in the approval queue, reads it in the same structured view, and approves it', async () => {
    const admin = await ui.signedIn('admin');
    const page = admin.page;
    await page.goto(`${ui.server.url}/risk/rule-sets`);
    await testId(page, 'rule-set-approval-queue').click();
    const queued = testId(page, 'rule-set-row', { 'data-version': String(version), 'data-status': 'PENDING_APPROVAL' });
    await queued.waitFor();
    await testId(queued, 'rule-set-link').click();
    const detail = testId(page, 'rule-set-detail', { 'data-version': String(version) });
    await detail.waitFor();
    await testId(page, 'rule-set-editor', { 'data-editable': 'false' }).waitFor();
    expect(await count(testId(page, 'rule-add'))()).toBe(0);

    const row = testId(page, 'rule-row', { 'data-rule-id': RULE_ID });
    await testId(row, 'rule-edit').click();
    const drawer = testId(page, 'rule-editor');
    await drawer.waitFor();
    expect(await count(testId(page, 'rule-editor-apply'))()).toBe(0);
    expect(await testId(drawer, 'rule-field-id').isDisabled()).toBe(true);
    await poll(attr(testId(drawer, 'condition-node', { 'data-path': '0' }), 'data-op')).toBe('inList');
    await screenshot(page, 'rule-editor-05-admin-reads-rule');
    await testId(page, 'rule-editor-cancel').click();
    await drawer.waitFor({ state: 'detached' });

    await testId(page, 'rule-set-approve').click();
    await poll(attr(detail, 'data-status')).toBe('SCHEDULED');
    await screenshot(page, 'rule-editor-06-approved');
    await admin.context.close();
  });

  it('officer pastes several entries into the list the rule uses, from the rule set’s lists tab', async () => {
    const page = officer.page;
    const listed = await ui.apiGet<{ entries: { value: string; removedAt: string | null }[] }>(page, `/risk/lists/${LIST}`);
    const current = listed.entries.filter((entry) => !entry.removedAt).map((entry) => entry.value);
    const fresh = ['AF', 'IQ', 'LY', 'SD'].filter((code) => !current.includes(code)).slice(0, 2);
    expect(fresh).toHaveLength(2);

    await page.goto(`${ui.server.url}/risk/rule-sets/${version}`);
    await testId(page, 'rule-set-tab-lists').click();
    await testId(page, 'rule-set-list', { 'data-name': LIST, 'data-referenced': 'true' }).locator('a').click();
    await testId(page, 'risk-list', { 'data-name': LIST }).waitFor();
    await testId(page, 'risk-list-paste-open').click();
    await testId(page, 'risk-list-paste-values').fill(`${fresh[0]}\n${fresh[1]}, ${current[0]}\n\n${fresh[0]}`);
    await poll(attr(testId(page, 'risk-list-paste-summary'), 'data-add')).toBe('2');
    expect(await testId(page, 'risk-list-paste-summary').getAttribute('data-listed')).toBe('1');
    await testId(page, 'risk-list-paste-reason').fill('浏览器测试：批量添加');
    await screenshot(page, 'rule-editor-07-list-paste');
    await testId(page, 'risk-list-paste-submit').click();
    for (const code of fresh) await testId(page, 'risk-list-entry-row', { 'data-value': code }).waitFor();
    await poll(count(testId(page, 'risk-list-entry-row'))).toBe(current.length + 2);
  });

  it('no page error or console error on any page', () => {
    ui.expectNoPageErrors();
  });
});
