/**
 * globalSetup of the `api` project. Under `npm test`, test/run-all.ts has already started the server and set
 * ORELANE_TEST_ADMIN_URL; when someone runs `npx vitest run --project api` directly, this starts a throwaway
 * embedded PostgreSQL for the run instead, so the API tests work on their own too.
 */
import type { TestProject } from 'vitest/node';
import { startEmbeddedCluster } from './pg-cluster.js';

export default async function setup(project: TestProject) {
  if (process.env.ORELANE_TEST_ADMIN_URL) {
    project.provide('orelaneAdminUrl', process.env.ORELANE_TEST_ADMIN_URL);
    project.provide('orelaneDbLabel', process.env.ORELANE_TEST_DB_LABEL ?? 'external');
    return;
  }
  const cluster = await startEmbeddedCluster();
  project.provide('orelaneAdminUrl', cluster.adminUrl);
  project.provide('orelaneDbLabel', cluster.label);
  process.on('exit', cluster.stopSync);
  return async () => {
    await cluster.stop();
  };
}
