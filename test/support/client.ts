/**
 * A tiny HTTP client over `app.inject` for API tests. An agent keeps its cookies (like a browser) and, once
 * signed in, sends the CSRF token on unsafe requests, so tests read like the real client's calls.
 */
import type { FastifyInstance } from 'fastify';

type InjectMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
/** Header overrides; `undefined` removes a header the agent would send (e.g. { 'x-csrf-token': undefined }). */
export type RequestHeaders = Record<string, string | undefined>;

export interface TestResponse<T = any> {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  /** The raw body text. */
  body: string;
  /** The body parsed as JSON (throws, quoting the body, when it is not JSON). */
  json<U = T>(): U;
}

export interface Agent {
  get<T = any>(url: string, body?: unknown, headers?: RequestHeaders): Promise<TestResponse<T>>;
  post<T = any>(url: string, body?: unknown, headers?: RequestHeaders): Promise<TestResponse<T>>;
  put<T = any>(url: string, body?: unknown, headers?: RequestHeaders): Promise<TestResponse<T>>;
  patch<T = any>(url: string, body?: unknown, headers?: RequestHeaders): Promise<TestResponse<T>>;
  delete<T = any>(url: string, body?: unknown, headers?: RequestHeaders): Promise<TestResponse<T>>;
  request<T = any>(method: InjectMethod, url: string, body?: unknown, headers?: RequestHeaders): Promise<TestResponse<T>>;
  /** Cookies currently held (name → value). */
  readonly cookies: Record<string, string>;
  /** Sent as X-CSRF-Token on unsafe requests when set. */
  csrfToken: string | null;
}

export interface SessionAgent extends Agent {
  /** The login response body (CurrentUser: id, username, roles, enterprise, csrfToken, …). */
  user: { id: string; username: string; displayName: string; roles: string[]; enterprise: unknown; csrfToken: string | null; [key: string]: unknown };
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface SetCookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

/** Parses Set-Cookie headers; attribute names are lower-cased (httponly, samesite, path, expires, max-age…). */
export function parseSetCookie(header: string | string[] | number | undefined): SetCookie[] {
  if (header === undefined) return [];
  const lines = Array.isArray(header) ? header : [String(header)];
  return lines.map((line) => {
    const [pair = '', ...rest] = line.split(';');
    const eq = pair.indexOf('=');
    const attributes: Record<string, string | true> = {};
    for (const part of rest) {
      const [key = '', ...value] = part.trim().split('=');
      if (key) attributes[key.toLowerCase()] = value.length ? value.join('=') : true;
    }
    return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes };
  });
}

export function createAgent(app: FastifyInstance, defaults: RequestHeaders = {}): Agent {
  const jar = new Map<string, string>();
  const agent: Agent = {
    csrfToken: null,
    get cookies() {
      return Object.fromEntries(jar);
    },
    async request(method, url, body, headers = {}) {
      const merged: RequestHeaders = { ...defaults };
      if (jar.size) merged.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
      if (agent.csrfToken && UNSAFE.has(method)) merged['x-csrf-token'] = agent.csrfToken;
      if (body !== undefined) merged['content-type'] = 'application/json';
      for (const [name, value] of Object.entries(headers)) merged[name.toLowerCase()] = value;
      const sent = Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined));
      const response = await app.inject({
        method,
        url,
        headers: sent,
        ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      for (const cookie of parseSetCookie(response.headers['set-cookie'])) {
        const expires = typeof cookie.attributes.expires === 'string' ? Date.parse(cookie.attributes.expires) : NaN;
        const gone = cookie.value === '' || cookie.attributes['max-age'] === '0' || (!Number.isNaN(expires) && expires <= Date.now());
        if (gone) jar.delete(cookie.name);
        else jar.set(cookie.name, cookie.value);
      }
      return {
        statusCode: response.statusCode,
        headers: response.headers,
        body: response.body,
        json() {
          try {
            return JSON.parse(response.body);
          } catch {
            throw new Error(`${method} ${url} → ${response.statusCode}: the body is not JSON: ${response.body.slice(0, 500)}`);
          }
        },
      };
    },
    get: (url, body, headers) => agent.request('GET', url, body, headers),
    post: (url, body, headers) => agent.request('POST', url, body, headers),
    put: (url, body, headers) => agent.request('PUT', url, body, headers),
    patch: (url, body, headers) => agent.request('PATCH', url, body, headers),
    delete: (url, body, headers) => agent.request('DELETE', url, body, headers),
  };
  return agent;
}

/** No credentials: for public endpoints and for testing what anonymous callers get. */
export function anonymous(app: FastifyInstance): Agent {
  return createAgent(app);
}

/**
 * Signs in with POST /api/v1/session and returns an agent holding the session cookie and the CSRF token from
 * the response body. Throws (with the problem details) if the sign-in fails.
 */
export async function login(app: FastifyInstance, username: string, password: string): Promise<SessionAgent> {
  const agent = createAgent(app) as SessionAgent;
  const response = await agent.post('/api/v1/session', { username, password });
  if (response.statusCode !== 200) {
    throw new Error(`login as "${username}" failed: ${response.statusCode} ${response.body.slice(0, 500)}`);
  }
  agent.user = response.json();
  agent.csrfToken = agent.user.csrfToken;
  return agent;
}

/** An agent that authenticates every request with `Authorization: Bearer <key>` (no cookies, no CSRF). */
export function apiKeyAgent(app: FastifyInstance, key: string): Agent {
  return createAgent(app, { authorization: `Bearer ${key}` });
}

/** Expects an RFC 9457 problem response with the given status and code; returns the parsed problem. */
export function expectProblem(response: TestResponse, status: number, code: string) {
  const problem = response.json<{ status: number; code: string; title: string; detail: string; [key: string]: unknown }>();
  const contentType = String(response.headers['content-type'] ?? '');
  if (response.statusCode !== status || problem.code !== code || !contentType.startsWith('application/problem+json')) {
    throw new Error(
      `expected ${status} ${code} as application/problem+json, got ${response.statusCode} ${problem.code ?? '(no code)'} as ${contentType}: ${response.body.slice(0, 500)}`,
    );
  }
  return problem;
}
