import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

/** Versions travel as strong ETags ("3"); If-Match must name the version the client read. */
export function setVersionEtag(reply: FastifyReply, version: number): void {
  reply.header('etag', `"${version}"`);
}

export function requireIfMatch(request: FastifyRequest, currentVersion: number): void {
  const header = request.headers['if-match'];
  if (typeof header !== 'string' || header.trim() === '') {
    throw new AppError('PRECONDITION_REQUIRED', 'Send If-Match with the ETag you read, so a concurrent change is not overwritten.', {
      extra: { currentVersion },
    });
  }
  const versions = header.split(',').map((tag) => tag.trim().replace(/^W\//, '').replaceAll('"', ''));
  if (!versions.includes(String(currentVersion)) && !versions.includes('*')) {
    throw new AppError('VERSION_MISMATCH', `The record is at version ${currentVersion}; reload it and apply your change again.`, {
      extra: { currentVersion },
    });
  }
}
