import type { Executor } from '../../core/db/executor.js';
import { findDeclarationsWithCodes } from './declarations.repository.js';
import { presentSummaries } from './declarations.presenter.js';

type Summary = Awaited<ReturnType<typeof presentSummaries>>[number];

/** For other modules (inspection queues, statistics): declaration summaries by id. */
export async function findDeclarationSummaries(db: Executor, ids: string[]): Promise<Map<string, Summary>> {
  const summaries = await presentSummaries(db, await findDeclarationsWithCodes(db, ids));
  return new Map(summaries.map((s) => [s.id, s]));
}
