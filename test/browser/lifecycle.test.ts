/**
 * The server as an operator runs it (`npm start`): embedded PostgreSQL in its data dir, demo data, the web UI.
 * Serves a real browser; refuses a second instance on the same data dir; stops cleanly on Ctrl-C; restarts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupBrowserHarness, collectPageErrors, launchBrowser, makeDataDir, screenshot, startServer, type OrelaneServer } from '../support/browser.js';

let dataDir: string;
let server: OrelaneServer;

beforeAll(async () => {
  dataDir = makeDataDir();
  server = await startServer({ dataDir });
});
afterAll(async () => {
  await cleanupBrowserHarness();
});

describe('server lifecycle (npm start)', () => {
  it('serves the web UI and the API to a real browser', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors = collectPageErrors(page);
      const response = await page.goto(server.url, { waitUntil: 'networkidle' });
      expect(response?.status()).toBe(200);
      await expect.poll(() => page.title()).toMatch(/Orelane/);
      await page.waitForSelector('#root > *', { timeout: 15_000 });
      await screenshot(page, 'lifecycle-home');

      const health = await page.evaluate(async () => (await fetch('/api/health')).json());
      expect(health).toMatchObject({ status: 'ok', database: { status: 'up', kind: 'embedded' } });

      // Client-side routes are served the SPA shell, API typos are not.
      const deepLink = await page.goto(`${server.url}/some/client/route`);
      expect(deepLink?.status()).toBe(200);
      await expect.poll(() => page.title()).toMatch(/Orelane/);
      expect(errors).toEqual([]);

      const apiTypo = await page.request.get(`${server.url}/api/v1/no-such-endpoint`);
      expect(apiTypo.status()).toBe(404);
      expect(apiTypo.headers()['content-type']).toContain('application/problem+json');
    } finally {
      await browser.close();
    }
  });

  it('a second server on the same data directory refuses to start, with a clear message', async () => {
    const holder = fs.readFileSync(path.join(dataDir, 'orelane.lock'), 'utf8').trim();
    const second = await startServer({ dataDir, waitForHealth: false });
    const result = await second.waitForExit(120_000);
    expect(result.code, second.output()).toBe(1);
    expect(second.output()).toContain(`Another Orelane (pid ${holder}) is already using the data directory ${dataDir}`);
    // The first server is unaffected and still holds the lock.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect(fs.readFileSync(path.join(dataDir, 'orelane.lock'), 'utf8').trim()).toBe(holder);
  });

  it('SIGINT (Ctrl-C) stops the server: exit code 0, lock released, postmaster gone', async () => {
    const result = await server.stop('SIGINT', 60_000);
    const context = server.output().slice(-4000);
    expect(result.timedOut, context).toBeUndefined();
    expect(result.code, context).toBe(0);
    expect(result.postmasterLeftRunning, 'embedded postmaster still running').toBe(false);
    expect(server.output()).toContain('stopped cleanly');
    expect(fs.existsSync(path.join(dataDir, 'orelane.lock'))).toBe(false);
  });

  it('the shutdown is orderly: nothing is logged at error level while stopping', () => {
    expect(server.running()).toBe(false);
    const logs = server.logs();
    const shutdownLogs = logs.slice(Math.max(0, logs.findIndex((line) => line.msg === 'shutting down')));
    const errors = shutdownLogs
      .filter((line) => line.level >= 50)
      .map((line) => `${line.msg}: ${String((line.err as { message?: string } | undefined)?.message ?? '')}`);
    expect(errors, 'errors logged during shutdown (HTTP → jobs → database order broken?)').toEqual([]);
  });

  it('starts again on the same data directory after a clean shutdown', async () => {
    const again = await startServer({ dataDir });
    const health = await (await fetch(`${again.url}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', database: { status: 'up', kind: 'embedded' } });
    expect(again.output()).not.toContain('initialising embedded PostgreSQL cluster');
    const result = await again.stop('SIGINT', 60_000);
    expect(result.code, again.output().slice(-4000)).toBe(0);
  });
});
