/**
 * One demo server and one chromium for a browser test file, with signed-in pages and the small locator/poll
 * helpers the officer-tool tests share:
 *
 *   const ui = useDemoUi();                       // registers beforeAll/afterAll
 *   const { page } = await ui.signedIn('officer'); // Chinese UI, signed in through the API
 *   await page.goto(`${ui.server.url}/risk/rule-sets`);
 *   ui.expectNoPageErrors();
 */
import fs from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from './app.js';
import { cleanupBrowserHarness, collectPageErrors, launchBrowser, signInViaApi, snapshotWebDist, startServer, type OrelaneServer } from './browser.js';

export const STEP_TIMEOUT_MS = 15_000;

export interface Session {
  context: BrowserContext;
  page: Page;
  csrfToken: string;
}

export interface DemoUi {
  readonly server: OrelaneServer;
  /** A page signed in as `username` (through the API, sharing the cookie), Chinese UI, page errors collected. */
  signedIn(username: string): Promise<Session>;
  /** GET /api/v1{path} with the page's session; fails the test unless 200. */
  apiGet<T>(page: Page, path: string): Promise<T>;
  /** No uncaught page error or console error on any page opened by signedIn. */
  expectNoPageErrors(): void;
}

export function useDemoUi(): DemoUi {
  let server: OrelaneServer | undefined;
  let browser: Browser | undefined;
  let webDist: string | undefined;
  const pageErrors = new Map<string, string[]>();

  beforeAll(async () => {
    webDist = await snapshotWebDist();
    server = await startServer({ env: webDist ? { ORELANE_WEB_DIST: webDist } : {} });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await cleanupBrowserHarness();
    if (webDist) fs.rmSync(webDist, { recursive: true, force: true });
  });

  const started = () => {
    if (!server || !browser) throw new Error('useDemoUi: the server is not started yet (use it inside tests)');
    return { server, browser };
  };

  return {
    get server() {
      return started().server;
    },
    async signedIn(username) {
      const context = await started().browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
      context.setDefaultTimeout(STEP_TIMEOUT_MS);
      await context.addInitScript(() => localStorage.setItem('orelane.language', 'zh-CN'));
      const page = await context.newPage();
      pageErrors.set(username, collectPageErrors(page));
      const session = await signInViaApi(page, started().server, username, DEMO_PASSWORD);
      return { context, page, csrfToken: session.csrfToken };
    },
    async apiGet<T>(page: Page, path: string): Promise<T> {
      const response = await page.request.get(`${started().server.url}/api/v1${path}`);
      expect(response.status(), await response.text()).toBe(200);
      return (await response.json()) as T;
    },
    expectNoPageErrors() {
      expect(Object.fromEntries([...pageErrors].filter(([, errors]) => errors.length > 0))).toEqual({});
    },
  };
}

/** Elements by data-testid (web/TESTIDS.md), optionally narrowed by attribute values. */
export function testId(scope: Page | Locator, id: string, attributes: Record<string, string> = {}): Locator {
  const conditions = Object.entries(attributes)
    .map(([name, value]) => `[${name}="${value}"]`)
    .join('');
  return scope.locator(`[data-testid="${id}"]${conditions}`);
}

export const READ = { timeout: 1_000 };
export function poll<T>(read: () => Promise<T>, options: { timeout?: number; message?: string } = {}) {
  return expect.poll(read, { timeout: options.timeout ?? STEP_TIMEOUT_MS, interval: 150, message: options.message });
}
export const attr = (locator: Locator, name: string) => () => locator.getAttribute(name, READ);
export const text = (locator: Locator) => async () => ((await locator.textContent(READ)) ?? '').trim();
export const count = (locator: Locator) => () => locator.count();
