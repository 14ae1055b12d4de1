/**
 * The journey in a real browser, against one `npm start`-like server with the demo data, in Chinese:
 *
 *   importer signs in and files a declaration through the form (autosave, tax preview, submit)
 *   → liaison officer accepts it (lane INSPECT_BEFORE_RELEASE: the rate for the lane is set to 100 % first)
 *   → inspector starts the task and records a passing on-site check
 *   → release officer releases it
 *   → the importer sees it released, with the release in the timeline.
 *
 * Plus: an incomplete draft is refused on the form (client field errors; the server's 422 mapped onto the
 * fields) and stays a draft; the UI switches to English. Each main page is saved under
 * test-results/screenshots/journey-*.png. No uncaught page error or console error is allowed anywhere.
 *
 * Selectors are the data-testid hooks of web/TESTIDS.md and their data attributes, never translated text
 * (except the English check).
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { cleanupBrowserHarness, collectPageErrors, launchBrowser, screenshot, signInViaApi, snapshotWebDist, startServer, type OrelaneServer } from '../support/browser.js';
import { DEMO_PASSWORD } from '../support/app.js';

const STEP_TIMEOUT_MS = 15_000;

/** Calendar date in China (UTC+8): what the server judges "arrived, not in the future" by. */
function todayInChina(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

const runTag = String(Date.now()).slice(-6);

/** Everything the importer types into the form. */
const FILED = {
  transportMode: 'RAIL',
  port: 'HORGOS_RAIL',
  trainNumber: `K${runTag}`,
  wagons: ['62345671', '62345682', '62345693'],
  arrivalDate: todayInChina(),
  contract: `XY-KT-2026-${runTag}`,
  invoice: `INV-${runTag}-01`,
  shipper: 'Kentobe',
  incoterm: 'DAP',
  currency: 'USD',
  origin: 'KZ',
  departure: 'KZ',
  commodity: '2601111000',
  /** Required declaration elements of 2601111000 (reference.data.ts: ironOreDeclarationElements(true)). */
  elements: {
    brandType: '无品牌',
    exportPreference: '出口货物在最终目的国（地区）不享受优惠关税',
    processingMethod: '磁选精选',
    appearance: '粉状',
    composition: 'TFe 65.2%',
    averageParticleSize: '0.074mm',
    source: 'Kentobe mine',
    contractDate: '2026-10-15',
    pricingMethod: '公式定价',
    secondSettlement: '是',
    pricingDate: '2026-11-20',
  } as Record<string, string>,
  optionalElements: ['gtin', 'cas'],
  wetTonnes: '3200.000',
  moisture: '8.50',
  unitPrice: '112.5000',
};
/** 3200 t wet at 8.5 % moisture, at 112.5 USD per dry tonne. */
const EXPECTED = { dryTonnes: '2,928', itemValue: '329,400.00', itemValueNumber: 329_400 };
const WEIGHED_TONNES = '3195.400';

let server: OrelaneServer;
let browser: Browser;
/** The declaration filed in the journey. */
let declarationId = '';
let number = '';
const pageErrors = new Map<string, string[]>();

/** A signed-out page for one user: Chinese browser, desktop viewport, page errors collected under `label`. */
async function newUserPage(label: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  pageErrors.set(label, collectPageErrors(page));
  return { context, page };
}

function expectNoPageErrors() {
  expect(Object.fromEntries([...pageErrors].filter(([, errors]) => errors.length > 0))).toEqual({});
}

/** `[data-testid=…]` plus attribute conditions, e.g. testId(page, 'declaration-row', { 'data-number': n }). */
function testId(scope: Page | Locator, id: string, attributes: Record<string, string> = {}): Locator {
  const conditions = Object.entries(attributes)
    .map(([name, value]) => `[${name}="${value}"]`)
    .join('');
  return scope.locator(`[data-testid="${id}"]${conditions}`);
}

/*
 * Retrying assertions on the page (vitest has no playwright matchers): poll a reading until it matches or
 * STEP_TIMEOUT_MS passes. A reading of a missing element throws after a second and is simply retried.
 */
const READ = { timeout: 1_000 };
function poll<T>(read: () => Promise<T>, message?: string) {
  return expect.poll(read, { timeout: STEP_TIMEOUT_MS, interval: 100, message });
}
const attr = (locator: Locator, name: string) => () => locator.getAttribute(name, READ);
const text = (locator: Locator) => async () => ((await locator.textContent(READ)) ?? '').trim();
const texts = (locator: Locator) => async () => (await locator.allTextContents()).map((entry) => entry.trim());
const value = (locator: Locator) => () => locator.inputValue(READ);
const count = (locator: Locator) => () => locator.count();
const checked = (locator: Locator) => () => locator.isChecked(READ);
const disabled = (locator: Locator) => () => locator.isDisabled(READ);
const visible = (locator: Locator) => () => locator.isVisible();

async function signInViaUi(page: Page, username: string, options: { screenshotAs?: string } = {}) {
  await page.goto(`${server.url}/login`);
  await testId(page, 'login-page').waitFor();
  await poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  await testId(page, 'login-username').fill(username);
  await testId(page, 'login-password').fill(DEMO_PASSWORD);
  if (options.screenshotAs) await screenshot(page, options.screenshotAs);
  await testId(page, 'login-submit').click();
  await testId(page, 'side-menu').waitFor();
  expect(new URL(page.url()).pathname).not.toBe('/login');
}

/** antd searchable Select: click, type the code, wait until the filtered list offers exactly it, Enter. */
async function choose(page: Page, selectTestId: string, code: string, search = code) {
  const select = testId(page, selectTestId);
  const inputId = await select.locator('input[role=combobox]').getAttribute('id');
  await select.click();
  await page.keyboard.type(search);
  // The accessible option list holds the option values of the filtered list around the active one.
  const options = page.locator(`[id="${inputId}_list"] [role=option]`);
  await poll(texts(options)).toEqual([code]);
  await page.keyboard.press('Enter');
  await poll(attr(select.locator('input[role=combobox]'), 'aria-expanded')).toBe('false');
}

/** The error text antd shows under the form item that holds `fieldTestId`. */
function fieldError(page: Page, fieldTestId: string): Locator {
  return page.locator('.ant-form-item', { has: testId(page, fieldTestId) }).locator('.ant-form-item-explain-error').first();
}

/** Fills the whole declaration form; `overrides` replaces single values (for the negative path). */
async function fillDeclarationForm(page: Page, overrides: Partial<Pick<typeof FILED, 'wetTonnes' | 'unitPrice'>> = {}) {
  const values = { ...FILED, ...overrides };
  // The importer files for itself: the importer is fixed.
  await poll(attr(testId(page, 'field-importer'), 'class')).toMatch(/ant-select-disabled/);
  await poll(attr(testId(page, 'field-importer').locator('.ant-select-content'), 'title')).toMatch(/新源/);

  await choose(page, 'field-transport-mode', values.transportMode);
  await choose(page, 'field-port', values.port);
  const arrival = testId(page, 'field-arrival-date');
  await arrival.click();
  await arrival.fill(values.arrivalDate);
  await arrival.press('Enter');
  await poll(value(arrival)).toBe(values.arrivalDate);
  await poll(checked(testId(page, 'field-is-advance'))).toBe(false);
  await testId(page, 'field-train-number').fill(values.trainNumber);
  await testId(page, 'field-wagon-numbers').fill(values.wagons.join('\n'));
  await testId(page, 'field-contract-number').fill(values.contract);
  await testId(page, 'field-invoice-number').fill(values.invoice);
  await choose(page, 'field-overseas-shipper', await shipperId(page), values.shipper);
  await choose(page, 'field-incoterm', values.incoterm);
  await choose(page, 'field-currency', values.currency);
  await choose(page, 'field-origin-country', values.origin);
  await choose(page, 'field-departure-country', values.departure);

  await choose(page, 'item-0-commodity-code', values.commodity);
  // The goods name is prefilled from the commodity's Chinese name.
  await poll(value(testId(page, 'item-0-goods-name'))).toMatch(/铁矿砂/);
  // Exactly the declaration elements of this commodity are offered.
  const offered = await page.locator('[data-testid^="item-0-element-"]').evaluateAll((elements) => elements.map((e) => e.getAttribute('data-testid')));
  expect(offered.sort()).toEqual([...Object.keys(values.elements), ...values.optionalElements].map((key) => `item-0-element-${key}`).sort());
  for (const [key, value] of Object.entries(values.elements)) await testId(page, `item-0-element-${key}`).fill(value);
  await testId(page, 'item-0-wet-tonnes').fill(values.wetTonnes);
  await testId(page, 'item-0-moisture').fill(values.moisture);
  await testId(page, 'item-0-unit-price').fill(values.unitPrice);
}

/** The overseas shipper Select's values are ids: look the demo shipper's id up the way the form does. */
async function shipperId(page: Page): Promise<string> {
  const response = await page.request.get(`${server.url}/api/v1/overseas-shippers`);
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { items: { id: string; name: string }[] };
  const shipper = body.items.find((item) => item.name.includes(FILED.shipper));
  expect(shipper, JSON.stringify(body)).toBeDefined();
  return shipper!.id;
}

async function waitForAutosaved(page: Page) {
  await testId(page, 'autosave-status', { 'data-status': 'saved' }).waitFor({ timeout: 20_000 });
}

function declarationIdFromUrl(page: Page): string {
  const match = /\/declarations\/([0-9a-f-]{36})/.exec(new URL(page.url()).pathname);
  expect(match, page.url()).not.toBeNull();
  return match![1]!;
}

async function getDeclaration(page: Page, id: string) {
  const response = await page.request.get(`${server.url}/api/v1/declarations/${id}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as Record<string, unknown> & { state: string; number: string | null; items: Record<string, unknown>[] };
}

/** "1,234.56" → 1234.56 */
function shownNumber(text: string | null): number {
  return Number((text ?? '').replace(/[^\d.-]/g, ''));
}

/** A customs work queue: open it from the side menu and find the declaration by its number. */
async function openFromQueue(page: Page, navTestId: string, queueTestId: string, number: string, screenshotAs: string) {
  await testId(page, navTestId).click();
  await testId(page, queueTestId).waitFor();
  // Queues are served oldest first: search for the number rather than page through.
  const search = testId(testId(page, queueTestId), 'list-search').locator('input');
  await search.fill(number);
  await search.press('Enter');
  await poll(() => Promise.resolve(new URL(page.url()).searchParams.get('q'))).toBe(number);
  const row = testId(page, 'declaration-row', { 'data-number': number });
  await row.waitFor();
  await screenshot(page, screenshotAs);
  await testId(row, 'declaration-link').click();
  await testId(page, 'declaration-detail').waitFor();
  return row;
}

let webDist: string | undefined;
beforeAll(async () => {
  webDist = await snapshotWebDist();
  server = await startServer({ env: webDist ? { ORELANE_WEB_DIST: webDist } : {} });
  browser = await launchBrowser();
});
afterAll(async () => {
  await cleanupBrowserHarness();
  if (webDist) fs.rmSync(webDist, { recursive: true, force: true });
});

/** The importer's signed-in page, shared by the journey and the negative paths (signed in on first use). */
let importerPage: Page | undefined;
async function signedInImporter(options: { screenshotAs?: string } = {}): Promise<Page> {
  if (!importerPage) {
    const { page } = await newUserPage('importer');
    await signInViaUi(page, 'importer', options);
    importerPage = page;
  }
  return importerPage;
}

describe('the clearance journey in the browser (zh-CN)', () => {
  let officer: Page;

  it('precondition: the officer sets the inspection rate of iron concentrate × GENERAL to 100 % (API)', async () => {
    const { context, page } = await newUserPage('officer-api');
    const session = await signInViaApi(page, server, 'officer', DEMO_PASSWORD);
    expect(session.roles).toContain('RISK_ANALYST');
    const response = await page.request.put(`${server.url}/api/v1/risk/lane-rates/IRON_CONCENTRATE/GENERAL`, {
      data: { inspectionRate: '1' },
      headers: { 'x-csrf-token': session.csrfToken },
    });
    expect(response.status(), await response.text()).toBe(200);
    expect(await response.json()).toMatchObject({ categoryCode: 'IRON_CONCENTRATE', creditClass: 'GENERAL' });
    expect(Number(((await response.json()) as { inspectionRate: string }).inspectionRate)).toBe(1);
    await context.close();
    pageErrors.delete('officer-api');
  });

  it('importer signs in through the login page and files a declaration through the form', async () => {
    const importer = await signedInImporter({ screenshotAs: 'journey-01-login' });
    await testId(importer, 'declarations-mine').waitFor();
    await poll(count(testId(importer, 'nav-to-accept'))).toBe(0); // an enterprise user sees no customs work
    await screenshot(importer, 'journey-02-importer-my-declarations');

    await testId(importer, 'nav-new-declaration').click();
    await testId(importer, 'declaration-form').waitFor();
    await poll(visible(testId(importer, 'field-transport-mode'))).toBe(true);
    await fillDeclarationForm(importer);

    // The server's tax preview: dry mass and value per item, totals, exchange rate, duty and VAT.
    await poll(value(testId(importer, 'item-0-dry-tonnes'))).toMatch(new RegExp(`^${EXPECTED.dryTonnes}(\\.0+)?$`));
    await poll(value(testId(importer, 'item-0-value'))).toBe(EXPECTED.itemValue);
    await poll(text(testId(importer, 'tax-dry-tonnes'))).toMatch(new RegExp(`^${EXPECTED.dryTonnes}(\\.0+)?$`));
    await poll(count(testId(importer, 'tax-preview-errors'))).toBe(0);
    const rate = shownNumber(await testId(importer, 'tax-exchange-rate').textContent());
    expect(rate).toBeGreaterThan(5);
    expect(rate).toBeLessThan(9);
    const customsValue = shownNumber(await testId(importer, 'tax-customs-value').textContent());
    expect(Math.abs(customsValue - EXPECTED.itemValueNumber * rate)).toBeLessThan(0.01); // DAP: price = customs value
    await poll(text(testId(importer, 'tax-duty'))).toBe('0.00'); // 2601111000: 0 % duty
    const vat = shownNumber(await testId(importer, 'tax-vat').textContent());
    expect(Math.abs(vat - customsValue * 0.13)).toBeLessThan(0.01);
    const preview = {
      wet: await testId(importer, 'tax-wet-tonnes').textContent(),
      dry: await testId(importer, 'tax-dry-tonnes').textContent(),
      value: await testId(importer, 'tax-customs-value').textContent(),
      vat: await testId(importer, 'tax-vat').textContent(),
    };

    await waitForAutosaved(importer);
    expect(new URL(importer.url()).pathname).toMatch(/^\/declarations\/[0-9a-f-]{36}\/edit$/);
    declarationId = declarationIdFromUrl(importer);
    // Everything typed reached the server's draft.
    const draft = await getDeclaration(importer, declarationId);
    expect(draft).toMatchObject({
      state: 'DRAFT',
      isAdvance: false,
      transportModeCode: FILED.transportMode,
      portCode: FILED.port,
      trainNumber: FILED.trainNumber,
      wagonNumbers: FILED.wagons,
      arrivalDate: FILED.arrivalDate,
      contractNumber: FILED.contract,
      invoiceNumber: FILED.invoice,
      incoterm: FILED.incoterm,
      currencyCode: FILED.currency,
      originCountryCode: FILED.origin,
      departureCountryCode: FILED.departure,
      overseasShipper: { name: expect.stringContaining(FILED.shipper) },
    });
    expect(draft.items).toHaveLength(1);
    expect(draft.items[0]).toMatchObject({
      commodityCode: FILED.commodity,
      goodsName: expect.stringContaining('铁矿砂'),
      declarationElements: FILED.elements,
      wetTonnes: FILED.wetTonnes,
      moisturePct: FILED.moisture,
      unitPrice: FILED.unitPrice,
    });
    await screenshot(importer, 'journey-03-importer-new-declaration-filled');

    await testId(importer, 'declaration-submit').click();
    await testId(importer, 'declaration-detail', { 'data-state': 'SUBMITTED' }).waitFor();
    expect(new URL(importer.url()).pathname).toBe(`/declarations/${declarationId}`);
    number = ((await testId(importer, 'declaration-number').textContent()) ?? '').trim();
    expect(number).toMatch(/^8013\d{14}$/); // 18 digits, led by the Horgos customs office code
    await poll(attr(testId(importer, 'state-tag').first(), 'data-state')).toEqual('SUBMITTED');
    await poll(text(testId(importer, 'detail-train'))).toBe(FILED.trainNumber);
    await poll(texts(testId(importer, 'detail-wagons').locator('.ant-tag'))).toEqual(FILED.wagons);
    // The submitted figures are the ones the preview showed.
    await poll(text(testId(importer, 'total-wet-tonnes'))).toContain(preview.wet!);
    await poll(text(testId(importer, 'total-dry-tonnes'))).toContain(preview.dry!);
    await poll(text(testId(importer, 'total-customs-value'))).toContain(preview.value!);
    await poll(text(testId(importer, 'total-vat'))).toContain(preview.vat!);
    await poll(count(testId(importer, 'timeline-entry', { 'data-action': 'declaration.submit' }))).toBe(1);
    await poll(count(testId(importer, 'action-edit'))).toBe(0);
    await screenshot(importer, 'journey-04-importer-declaration-submitted');
    expectNoPageErrors();
  });

  it('liaison officer accepts it from the "to accept" queue; the lane is inspect before release', async () => {
    expect(number, 'needs the filed declaration').not.toBe('');
    ({ page: officer } = await newUserPage('officer'));
    await signInViaUi(officer, 'officer');
    await openFromQueue(officer, 'nav-to-accept', 'queue-to-accept', number, 'journey-05-officer-to-accept-queue');
    await poll(attr(testId(officer, 'declaration-detail'), 'data-state')).toEqual('SUBMITTED');
    await poll(text(testId(officer, 'declaration-number'))).toBe(number);

    await testId(officer, 'action-accept').click();
    await testId(officer, 'declaration-detail', { 'data-state': 'LANE_ASSIGNED' }).waitFor();
    const lanes = await testId(officer, 'lane-tag').evaluateAll((tags) => tags.map((tag) => tag.getAttribute('data-lane')));
    expect(lanes.length).toBeGreaterThan(0);
    expect(new Set(lanes)).toEqual(new Set(['INSPECT_BEFORE_RELEASE']));
    // Why, in the risk card (the reason codes belong to the risk engine; here only that there is one).
    await poll(count(testId(testId(officer, 'detail-risk'), 'risk-reason'))).toBeGreaterThan(0);
    await poll(count(testId(officer, 'timeline-entry', { 'data-action': 'declaration.accept' }))).toBe(1);
    // Not releasable while the inspection is open.
    await poll(count(testId(officer, 'action-release'))).toBe(0);
    await screenshot(officer, 'journey-06-officer-declaration-accepted');
    expectNoPageErrors();
  });

  it('inspector starts the task and records a passing on-site check', async () => {
    expect(number, 'needs the accepted declaration').not.toBe('');
    const { page: inspector } = await newUserPage('inspector');
    await signInViaUi(inspector, 'inspector');
    await testId(inspector, 'nav-to-inspect').click();
    await testId(inspector, 'inspection-queue').waitFor();
    const row = testId(inspector, 'inspection-task-row', { 'data-number': number });
    await row.waitFor();
    await poll(attr(row, 'data-state')).toEqual('PENDING');
    await poll(attr(testId(row, 'lane-tag'), 'data-lane')).toEqual('INSPECT_BEFORE_RELEASE');
    await screenshot(inspector, 'journey-07-inspector-inspection-queue');

    await testId(row, 'inspection-open').click();
    await testId(inspector, 'inspection-task-page').waitFor();
    expect(new URL(inspector.url()).pathname).toBe(`/inspection/${declarationId}`);
    await poll(attr(testId(inspector, 'task-state-tag').first(), 'data-state')).toEqual('PENDING');
    await poll(text(testId(inspector, 'inspection-train'))).toBe(FILED.trainNumber);
    await poll(texts(testId(inspector, 'inspection-wagons').locator('.ant-tag'))).toEqual(FILED.wagons);
    await poll(text(testId(inspector, 'inspection-declared-wet'))).toMatch(/^3,200(\.0+)?$/);
    await poll(disabled(testId(inspector, 'check-dose-rate'))).toBe(true); // not started yet

    await testId(inspector, 'inspection-start').click();
    await testId(inspector, 'task-state-tag', { 'data-state': 'IN_PROGRESS' }).first().waitFor();
    await poll(count(testId(inspector, 'inspection-start'))).toBe(0);
    const form = testId(inspector, 'check-form');
    await poll(disabled(testId(form, 'check-dose-rate'))).toBe(false);

    // Seal intact, no suspected solid waste, no foreign matter (set them explicitly, whatever the defaults).
    const setSwitch = async (id: string, on: boolean) => {
      const control = testId(form, id);
      if ((await control.getAttribute('aria-checked')) !== String(on)) await control.click();
      await poll(attr(control, 'aria-checked')).toEqual(String(on));
    };
    await setSwitch('check-seal-intact', true);
    await setSwitch('check-solid-waste', false);
    await setSwitch('check-foreign-matter', false);
    await testId(form, 'check-dose-rate').fill('0.12');
    await testId(form, 'check-weighed-tonnes').fill(WEIGHED_TONNES);
    await poll(count(testId(form, 'check-dose-warning'))).toBe(0);
    await poll(attr(testId(form, 'check-mass-deviation'), 'data-above')).toEqual('false');
    await poll(text(testId(form, 'check-mass-deviation'))).toContain('-0.14');
    await testId(form, 'check-outcome-passed').check();
    await poll(checked(testId(form, 'check-outcome-passed'))).toBe(true);
    await poll(count(testId(form, 'check-suggest-failed'))).toBe(0);
    await testId(form, 'check-remarks').fill('铅封完好，辐射与称重正常 / seal, radiation and weighing conform');
    await screenshot(inspector, 'journey-08-inspector-on-site-check');

    await testId(form, 'check-submit').click();
    await testId(inspector, 'task-state-tag', { 'data-state': 'PASSED' }).first().waitFor();
    await poll(count(testId(inspector, 'check-form'))).toBe(0);
    await poll(attr(testId(inspector, 'inspection-outcome'), 'data-outcome')).toEqual('PASSED');
    expectNoPageErrors();
  });

  it('release officer releases it from the "to release" queue', async () => {
    expect(number, 'needs the inspected declaration').not.toBe('');
    await openFromQueue(officer, 'nav-to-release', 'queue-to-release', number, 'journey-09-officer-to-release-queue');
    await poll(text(testId(officer, 'declaration-number'))).toBe(number);
    await poll(attr(testId(officer, 'inspection-outcome'), 'data-outcome')).toEqual('PASSED');

    await testId(officer, 'action-release').click();
    await testId(officer, 'declaration-detail', { 'data-state': 'RELEASED' }).waitFor();
    await poll(attr(testId(officer, 'state-tag').first(), 'data-state')).toEqual('RELEASED');
    await poll(count(testId(officer, 'timeline-entry', { 'data-action': 'declaration.release' }))).toBe(1);
    await poll(count(testId(officer, 'action-release'))).toBe(0);
    await screenshot(officer, 'journey-10-officer-declaration-released');
    expectNoPageErrors();
  });

  it('the importer sees it released in "my declarations" and on the detail page, with the release in the timeline', async () => {
    expect(number, 'needs the released declaration').not.toBe('');
    const importer = await signedInImporter();
    await testId(importer, 'nav-my-declarations').click();
    await testId(importer, 'declarations-mine').waitFor();
    const row = testId(importer, 'declaration-row', { 'data-number': number });
    await row.waitFor(); // newest first: the declaration just released is on the first page
    await poll(attr(row, 'data-state')).toEqual('RELEASED');
    await poll(attr(testId(row, 'state-tag'), 'data-state')).toEqual('RELEASED');
    await poll(attr(testId(row, 'lane-tag'), 'data-lane')).toEqual('INSPECT_BEFORE_RELEASE');
    await screenshot(importer, 'journey-11-importer-my-declarations-released');

    await testId(row, 'declaration-link').click();
    await testId(importer, 'declaration-detail', { 'data-state': 'RELEASED' }).waitFor();
    await poll(text(testId(importer, 'declaration-number'))).toBe(number);
    const actions = await testId(importer, 'timeline-entry').evaluateAll((entries) => entries.map((entry) => entry.getAttribute('data-action')));
    expect(actions).toContain('declaration.release');
    // Oldest first: the release is the last step of the story so far.
    expect(actions.indexOf('declaration.submit')).toBeLessThan(actions.indexOf('declaration.accept'));
    expect(actions.at(-1)).toBe('declaration.release');
    await poll(attr(testId(importer, 'inspection-outcome'), 'data-outcome')).toEqual('PASSED');
    await poll(count(testId(importer, 'declaration-actions').locator('button'))).toBe(0); // nothing left to do
    await screenshot(importer, 'journey-12-importer-declaration-released');
    expectNoPageErrors();
  });
});

describe('an incomplete declaration is refused on the form', () => {
  it('client checks mark the empty required fields; nothing is created or submitted', async () => {
    const page = await signedInImporter();
    const writes: string[] = [];
    const onRequest = (request: { method(): string; url(): string }) => {
      if (request.method() !== 'GET') writes.push(`${request.method()} ${new URL(request.url()).pathname}`);
    };
    page.on('request', onRequest);
    try {
      await testId(page, 'nav-new-declaration').click();
      await testId(page, 'declaration-form').waitFor();
      await testId(page, 'declaration-submit').click();
      for (const field of ['field-train-number', 'field-wagon-numbers', 'field-arrival-date', 'field-contract-number', 'field-invoice-number', 'field-incoterm', 'field-currency', 'field-origin-country', 'field-departure-country', 'item-0-commodity-code', 'item-0-goods-name', 'item-0-wet-tonnes', 'item-0-moisture', 'item-0-unit-price']) {
        await poll(text(fieldError(page, field)), field).toMatch(/\S/);
      }
      // Filled in for a new form: the importer (fixed), the transport mode and its only port.
      for (const field of ['field-importer', 'field-transport-mode', 'field-port']) await poll(count(fieldError(page, field)), field).toBe(0);
      await screenshot(page, 'journey-14-form-client-field-errors');
      expect(new URL(page.url()).pathname).toBe('/declarations/new');
      await poll(attr(testId(page, 'autosave-status'), 'data-status')).toBe('idle');
      // Only the tax preview was asked for: no draft was created, nothing was submitted.
      expect(writes.filter((write) => write !== 'POST /api/v1/declarations/tax-preview')).toEqual([]);
    } finally {
      page.off('request', onRequest);
    }
    expectNoPageErrors();
  });

  it("the server's 422 on submit is shown on the fields of the form, and the declaration stays a draft", async () => {
    const page = await signedInImporter();
    // A complete, well-formed draft the form accepts, but zero mass and zero price fail the submission checks.
    const session = (await (await page.request.get(`${server.url}/api/v1/session`)).json()) as { csrfToken: string; enterprise: { id: string } };
    const created = await page.request.post(`${server.url}/api/v1/declarations`, {
      headers: { 'x-csrf-token': session.csrfToken, 'idempotency-key': `journey-zero-${runTag}` },
      data: {
        importerId: session.enterprise.id,
        isAdvance: false,
        portCode: FILED.port,
        transportModeCode: FILED.transportMode,
        trainNumber: `Z${runTag}`,
        wagonNumbers: ['62399901'],
        truckPlates: [],
        arrivalDate: FILED.arrivalDate,
        contractNumber: `ZERO-${runTag}`,
        invoiceNumber: `ZERO-INV-${runTag}`,
        incoterm: FILED.incoterm,
        currencyCode: FILED.currency,
        freight: null,
        insurance: null,
        originCountryCode: FILED.origin,
        departureCountryCode: FILED.departure,
        overseasShipperId: await shipperId(page),
        items: [{ commodityCode: FILED.commodity, goodsName: '铁精粉', declarationElements: FILED.elements, wetTonnes: '0', moisturePct: FILED.moisture, unitPrice: '0' }],
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const id = ((await created.json()) as { id: string }).id;

    // The importer opens the draft from the list and submits it from the form.
    await testId(page, 'nav-my-declarations').click();
    const row = testId(page, 'declaration-row', { 'data-id': id });
    await row.waitFor();
    await poll(attr(row, 'data-state')).toBe('DRAFT');
    await testId(row, 'declaration-link').click();
    await testId(page, 'declaration-detail', { 'data-state': 'DRAFT' }).waitFor();
    await testId(page, 'action-edit').click();
    await testId(page, 'declaration-form').waitFor();
    await poll(value(testId(page, 'item-0-wet-tonnes'))).toMatch(/^0(\.0+)?$/);

    const answer = page.waitForResponse((response) => response.url().endsWith(`/api/v1/declarations/${id}/submit`));
    await testId(page, 'declaration-submit').click();
    const response = await answer;
    expect(response.status()).toBe(422);
    const problem = (await response.json()) as { errors: { path: string; code: string }[] };
    expect(problem.errors.map((error) => `${error.path}:${error.code}`).sort()).toEqual(['items.0.unitPrice:NOT_POSITIVE', 'items.0.wetTonnes:NOT_POSITIVE']);
    await poll(text(fieldError(page, 'item-0-wet-tonnes'))).toMatch(/\S/);
    await poll(text(fieldError(page, 'item-0-unit-price'))).toMatch(/\S/);
    await poll(count(fieldError(page, 'item-0-moisture'))).toBe(0);
    await poll(count(testId(page, 'form-errors'))).toBe(0); // every error found its field
    await screenshot(page, 'journey-15-form-server-field-errors');

    expect(new URL(page.url()).pathname).toBe(`/declarations/${id}/edit`);
    await poll(visible(testId(page, 'declaration-form'))).toBe(true);
    expect((await getDeclaration(page, id)).state).toBe('DRAFT');
    await testId(page, 'nav-my-declarations').click();
    await poll(attr(testId(page, 'declaration-row', { 'data-id': id }), 'data-state')).toBe('DRAFT');
    await poll(attr(testId(page, 'declaration-row', { 'data-id': id }), 'data-number')).toBe('');
    expectNoPageErrors();
  });
});

describe('English', () => {
  it('the language switch turns the UI into English: document language, menu, tags; the choice is kept', async () => {
    expect(number, 'needs the released declaration').not.toBe('');
    const page = await signedInImporter();
    await testId(page, 'nav-my-declarations').click();
    await testId(testId(page, 'declaration-row', { 'data-number': number }), 'declaration-link').click();
    await testId(page, 'declaration-detail', { 'data-state': 'RELEASED' }).waitFor();
    await poll(text(testId(page, 'nav-my-declarations'))).not.toBe('My declarations');

    await testId(page, 'language-en').first().click();
    await poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await poll(text(testId(page, 'nav-my-declarations'))).toBe('My declarations');
    await poll(text(testId(page, 'nav-new-declaration'))).toBe('New declaration');
    await poll(text(testId(page, 'state-tag').first())).toBe('Released');
    await poll(text(testId(page, 'timeline-entry', { 'data-action': 'declaration.release' }))).toMatch(/^Released/);
    expect(await page.evaluate(() => localStorage.getItem('orelane.language'))).toBe('en');
    await screenshot(page, 'journey-13-importer-declaration-released-en');

    // The choice survives a reload.
    await page.reload();
    await testId(page, 'declaration-detail', { 'data-state': 'RELEASED' }).waitFor();
    await poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await poll(text(testId(page, 'nav-my-declarations'))).toBe('My declarations');
    expectNoPageErrors();
  });
});
