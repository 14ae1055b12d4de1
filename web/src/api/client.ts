import type { FieldError, Problem } from './types';

/** A failed request, parsed from the server's RFC 9457 problem+json (or synthesised for network failures). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly fieldErrors: FieldError[];
  readonly correlationId: string | null;
  readonly currentVersion: number | null;

  constructor(init: { status: number; code: string; detail: string; fieldErrors?: FieldError[]; correlationId?: string | null; currentVersion?: number | null }) {
    super(`${init.code}: ${init.detail}`);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.fieldErrors = init.fieldErrors ?? [];
    this.correlationId = init.correlationId ?? null;
    this.currentVersion = init.currentVersion ?? null;
  }

  /** The record changed since it was read (412), or the state no longer allows the action (409). */
  get isConflict(): boolean {
    return this.status === 409 || this.status === 412;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined | null>;
  body?: unknown;
  /** The version read; sent as If-Match: "<version>". */
  ifMatch?: number | string;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called on 401 from any request except the session ones, so the app can go back to the login page. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

const API_BASE = '/api/v1';
const SAFE_METHODS = new Set(['GET', 'HEAD']);

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (!SAFE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (options.ifMatch !== undefined) headers['If-Match'] = `"${options.ifMatch}"`;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', detail: (error as Error).message || 'The server cannot be reached.' });
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const payload = parseJson(text);

  if (!response.ok) {
    const error = toApiError(response, payload, text);
    if (response.status === 401 && !path.startsWith('/session')) onUnauthorized?.();
    throw error;
  }
  return payload as T;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function toApiError(response: { status: number; statusText?: string; headers?: Headers }, payload: unknown, rawText = ''): ApiError {
  const problem = (payload && typeof payload === 'object' ? payload : {}) as Partial<Problem>;
  return new ApiError({
    status: response.status,
    code: typeof problem.code === 'string' ? problem.code : `HTTP_${response.status}`,
    detail: typeof problem.detail === 'string' ? problem.detail : rawText.slice(0, 300) || response.statusText || `HTTP ${response.status}`,
    fieldErrors: Array.isArray(problem.errors) ? problem.errors : [],
    correlationId: typeof problem.correlationId === 'string' ? problem.correlationId : (response.headers?.get('x-correlation-id') ?? null),
    currentVersion: typeof problem.currentVersion === 'number' ? problem.currentVersion : null,
  });
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...options, body: body ?? {} }),
  patch: <T>(path: string, body: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('PATCH', path, { ...options, body }),
  put: <T>(path: string, body: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('PUT', path, { ...options, body }),
  delete: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('DELETE', path, options),
};

/** A uuid for Idempotency-Key; crypto.randomUUID needs a secure context, so fall back to getRandomValues. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
