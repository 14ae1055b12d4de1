/** Test helpers for API tests. Browser tests import ./browser.js directly. */
export { startTestApp, DEMO_USERS, DEMO_PASSWORD, type TestApp, type StartTestAppOptions, type DemoUser } from './app.js';
export { createTestDatabase, adminQuery, adminUrl, dbLabel, urlForDatabase, type TestDatabase } from './database.js';
export { login, apiKeyAgent, anonymous, createAgent, expectProblem, parseSetCookie, type Agent, type SessionAgent, type TestResponse } from './client.js';
export { createUser, createEnterprise, TEST_PASSWORD, type CreatedUser } from './users.js';
export { completeDraft, CONCENTRATE_ELEMENTS } from './declarations.js';
