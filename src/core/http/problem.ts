import { z } from 'zod';
import { ERROR_CATALOG, type AppError } from './errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const ZProblem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string(),
    correlationId: z.string(),
    errors: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export type TProblem = z.infer<typeof ZProblem>;

export function toProblem(error: AppError, instance: string, correlationId: string): TProblem {
  return {
    type: `https://orelane.dev/problems/${error.code.toLowerCase().replaceAll('_', '-')}`,
    title: ERROR_CATALOG[error.code].title,
    status: error.status,
    detail: error.message,
    code: error.code,
    instance,
    correlationId,
    ...(error.errors ? { errors: error.errors } : {}),
    ...(error.extra ?? {}),
  };
}
