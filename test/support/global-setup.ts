/**
 * globalSetup of the `api` project. Under `npm test`, test/run-all.ts has already started the server and set
 * ORELANE_TEST_ADMIN_URL; when someone runs `npx vitest run --project api` directly, this starts a throwaway
 * embedded PostgreSQL for the run instead, so the API tests work on their own too.
 */
import crypto from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { adminQuery, demoTemplateName } from './database.js';
import { startEmbeddedCluster } from './pg-cluster.js';

export default async function setup(project: TestProject) {
  // One demo template per run (test/support/app.ts builds it on first use); dropped when the run ends.
  const runId = crypto.randomBytes(6).toString('hex');
  project.provide('orelaneRunId', runId);
  const dropTemplate = (adminUrl: string) => adminQuery(adminUrl, `drop database if exists ${demoTemplateName(runId)} with (force)`);
  if (process.env.ORELANE_TEST_ADMIN_URL) {
    const adminUrl = process.env.ORELANE_TEST_ADMIN_URL;
    project.provide('orelaneAdminUrl', adminUrl);
    project.provide('orelaneDbLabel', process.env.ORELANE_TEST_DB_LABEL ?? 'external');
    return async () => {
      await dropTemplate(adminUrl);
    };
  }
  const cluster = await startEmbeddedCluster();
  project.provide('orelaneAdminUrl', cluster.adminUrl);
  project.provide('orelaneDbLabel', cluster.label);
  process.on('exit', cluster.stopSync);
  return async () => {
    await dropTemplate(cluster.adminUrl).catch(() => {});
    await cluster.stop();
  };
}
