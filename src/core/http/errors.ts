/**
 * One error type with stable codes. The table below is the only place that maps a code to an HTTP
 * status and a title; every handler throws AppError and the error handler renders RFC 9457 problem+json.
 */
export const ERROR_CATALOG = {
  VALIDATION_FAILED: { status: 422, title: 'The request has invalid fields' },
  BAD_REQUEST: { status: 400, title: 'The request is malformed' },
  AUTHENTICATION_REQUIRED: { status: 401, title: 'Sign in first' },
  INVALID_CREDENTIALS: { status: 401, title: 'Wrong username or password' },
  CSRF_TOKEN_INVALID: { status: 403, title: 'The CSRF token is missing or wrong' },
  FORBIDDEN: { status: 403, title: 'Your role does not allow this' },
  FOUR_EYES_REQUIRED: { status: 403, title: 'A second officer must approve this' },
  NOT_FOUND: { status: 404, title: 'No such resource' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such endpoint' },
  INVALID_STATE_TRANSITION: { status: 409, title: 'Not allowed in the current state' },
  CONFLICT: { status: 409, title: 'Conflicts with existing data' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'The Idempotency-Key was used for a different request' },
  IDEMPOTENCY_REQUEST_IN_PROGRESS: { status: 409, title: 'A request with this Idempotency-Key is still running' },
  VERSION_MISMATCH: { status: 412, title: 'The record changed since you read it' },
  PRECONDITION_REQUIRED: { status: 428, title: 'Send If-Match with the version you read' },
  ENTRUSTMENT_REQUIRED: { status: 403, title: 'No active entrustment from this importer' },
  INSPECTION_REQUIRED: { status: 409, title: 'The lane requires a passed inspection before release' },
  INSPECTION_FAILED: { status: 409, title: 'The on-site check failed; the goods cannot be released' },
  REFERENCE_DATA_MISSING: { status: 422, title: 'Reference data needed for this request is missing' },
  MODEL_NOT_ACTIVATABLE: { status: 422, title: 'This risk model cannot be activated' },
  TOO_MANY_REQUESTS: { status: 429, title: 'Too many attempts; wait and try again' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Send the body as application/json' },
  INTERNAL: { status: 500, title: 'Something went wrong on our side' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'The service is not available' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export interface FieldError {
  /** JSON-pointer-like dotted path into the request, e.g. "items.0.wetTonnes". */
  path: string;
  code: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors?: FieldError[];
  readonly extra?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(
    code: ErrorCode,
    detail?: string,
    options: { errors?: FieldError[]; extra?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(detail ?? ERROR_CATALOG[code].title);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CATALOG[code].status;
    this.errors = options.errors;
    this.extra = options.extra;
    this.headers = options.headers;
  }
}

export const notFound = (what = 'resource') => new AppError('NOT_FOUND', `No such ${what}.`);
export const forbidden = (detail?: string) => new AppError('FORBIDDEN', detail);
export const validationFailed = (errors: FieldError[], detail?: string) =>
  new AppError('VALIDATION_FAILED', detail ?? `${errors.length} field(s) need correcting.`, { errors });
