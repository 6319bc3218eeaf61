// The one way the UI talks to the server: JSON in and out, the session cookie (HttpOnly, sent by
// the browser), the CSRF token from the login or /me answer in X-CSRF-Token on every write, the
// UI language in Accept-Language, and the error shape {"error": {"code", "message", "fields"}}
// turned into an ApiError whose `fields` map a form field to the message shown beside it.

export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> } & Record<
    string,
    unknown
  >;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;
  readonly body: ErrorBody | null;
  readonly retryAfter: number | null;

  constructor(
    status: number,
    code: string,
    message: string,
    fields: Record<string, string> = {},
    body: ErrorBody | null = null,
    retryAfter: number | null = null,
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.body = body;
    this.retryAfter = retryAfter;
  }
}

export interface ApiResponse<T> {
  status: number;
  data: T;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  headers?: Record<string, string>;
  /** Do not raise the session-expired prompt on 401 (sign-in and the first /me). */
  quiet401?: boolean;
}

const state = {
  csrf: null as string | null,
  language: 'zh-CN',
  networkMessage: '无法连接服务器，请稍后重试。',
  onUnauthenticated: null as ((error: ApiError) => void) | null,
};

export function setCsrfToken(token: string | null): void {
  state.csrf = token;
}

export function csrfToken(): string | null {
  return state.csrf;
}

export function setApiLanguage(language: string, networkMessage: string): void {
  state.language = language;
  state.networkMessage = networkMessage;
}

/** Called on a 401 from any request not marked quiet401: the session ended under the user. */
export function onUnauthenticated(handler: ((error: ApiError) => void) | null): void {
  state.onUnauthenticated = handler;
}

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function request<T = unknown>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': state.language,
    ...options.headers,
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'network', state.networkMessage);
  }
  let data: unknown = null;
  if (response.status !== 204) {
    const text = await response.text();
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = text;
      }
    }
  }
  if (!response.ok) {
    const body = isErrorBody(data) ? data : null;
    const retry = Number(response.headers.get('Retry-After'));
    const error = new ApiError(
      response.status,
      body?.error.code ?? `http_${response.status}`,
      body?.error.message ?? `HTTP ${response.status}`,
      body?.error.fields ?? {},
      body,
      Number.isFinite(retry) && retry > 0 ? retry : null,
    );
    if (response.status === 401 && !options.quiet401) state.onUnauthenticated?.(error);
    throw error;
  }
  return { status: response.status, data: data as T, headers: response.headers };
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (!value || typeof value !== 'object') return false;
  const error = (value as { error?: unknown }).error;
  return (
    !!error && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string'
  );
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, { ...options, body: body ?? {} }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, { ...options, body }),
};

/** True for the server's answer to a route it does not have (not for a missing record). */
export function isMissingRoute(e: unknown): boolean {
  return (
    e instanceof ApiError && (e.status === 405 || (e.status === 404 && e.code === 'not_found'))
  );
}

/**
 * GET that answers null when the route does not exist on this server (404/405 for the route),
 * so a screen can hide a panel whose API has not shipped yet.
 */
export async function optionalGet<T>(path: string, options?: RequestOptions): Promise<T | null> {
  try {
    return (await request<T>('GET', path, options)).data;
  } catch (e) {
    if (isMissingRoute(e)) return null;
    throw e;
  }
}

/** A fresh Idempotency-Key: one per form instance, so a double submit makes one record. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * Server field names are dotted paths ("child.id_number", "case.incident.occurred_on"); a form
 * names its fields the same way. Returns the messages for the fields the form knows and the rest
 * joined for a message at the top of the form.
 */
export function splitFieldErrors(
  error: ApiError,
  known: readonly string[],
  prefix = '',
): { fields: Record<string, string>; other: string[] } {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const [name, message] of Object.entries(error.fields)) {
    const local = prefix && name.startsWith(prefix) ? name.slice(prefix.length) : name;
    if (known.includes(local)) fields[local] = message;
    else other.push(`${name}: ${message}`);
  }
  return { fields, other };
}
