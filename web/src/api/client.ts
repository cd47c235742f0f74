import type { ErrorCode, Locale } from '../../../contracts/errors.js';
import type { TProblem } from '../../../contracts/common.js';

/**
 * The one way the web app talks to the server: JSON in and out, the session cookie,
 * the CSRF header on every write, the UI language, and RFC 9457 problems turned into
 * ApiError. Nothing else calls fetch.
 */

let csrfToken: string | null = null;
let uiLocale: Locale = 'zh-CN';
let unauthenticated: () => void = () => {};

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}
export function setApiLocale(locale: Locale) {
  uiLocale = locale;
}
/** Called when any request (other than sign-in and /me) gets 401: the session is gone. */
export function onUnauthenticated(handler: () => void) {
  unauthenticated = handler;
}

/** Status 0 means the server could not be reached. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: TProblem;
  constructor(problem: TProblem) {
    super(problem.detail);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }
  get code(): string {
    return this.problem.code;
  }
}

export const NETWORK_ERROR = 'NETWORK';

export function isApiError(e: unknown, code?: string): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}

type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue | QueryValue[]>;

/** `?a=1&b=x`, leaving out empty values; arrays are joined with commas. */
export function queryString(params: Query | undefined): string {
  if (!params) return '';
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) {
      const parts = v.filter((x) => x !== undefined && x !== null && x !== '');
      if (parts.length) sp.set(k, parts.join(','));
    } else if (v !== undefined && v !== null && v !== '') {
      sp.set(k, String(v));
    }
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/**
 * A problem for an answer that is not one of ours (a proxy's 502, a gateway timeout): the error registry, with every
 * message in both languages, is fetched only then — it is not part of the first load.
 */
async function fallbackProblem(status: number): Promise<TProblem> {
  const general: ErrorCode = status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
  try {
    const { errorCodes, errorMessage } = await import('../../../contracts/errors.js');
    const code = (Object.entries(errorCodes).find(([, e]) => e.status === status)?.[0] as ErrorCode | undefined) ?? general;
    return { type: 'about:blank', title: code, status, code, detail: errorMessage(code, uiLocale) };
  } catch {
    // the registry could not be fetched either (offline, a new release): the code alone
    return { type: 'about:blank', title: general, status, code: general, detail: general };
  }
}

async function toProblem(res: Response): Promise<TProblem> {
  try {
    const body = (await res.json()) as Partial<TProblem>;
    if (body && typeof body.code === 'string' && typeof body.detail === 'string') {
      return {
        type: body.type ?? 'about:blank',
        title: body.title ?? body.code,
        status: res.status,
        code: body.code,
        detail: body.detail,
        errors: body.errors,
      };
    }
  } catch {
    /* not JSON: fall through */
  }
  return fallbackProblem(res.status);
}

export function headers(extra?: Record<string, string>, write = false): Record<string, string> {
  const h: Record<string, string> = { accept: 'application/json', 'accept-language': uiLocale, ...extra };
  if (write && csrfToken) h['x-csrf-token'] = csrfToken;
  return h;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const write = method !== 'GET' && method !== 'HEAD';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: headers(body === undefined ? undefined : { 'content-type': 'application/json' }, write),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ type: 'about:blank', title: NETWORK_ERROR, status: 0, code: NETWORK_ERROR, detail: NETWORK_ERROR });
  }
  if (!res.ok) {
    const problem = await toProblem(res);
    if (res.status === 401 && path !== '/api/auth/login' && path !== '/api/auth/me') unauthenticated();
    throw new ApiError(problem);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, params?: Query) => request<T>('GET', path + queryString(params)),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
};

/** Upload one file (multipart, field `file`) with progress; resolves to the server's JSON. */
export function uploadFile<T>(path: string, file: File, onProgress?: (percent: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    for (const [k, v] of Object.entries(headers(undefined, true))) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError({ type: 'about:blank', title: NETWORK_ERROR, status: 0, code: NETWORK_ERROR, detail: NETWORK_ERROR }));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      if (xhr.status === 401) unauthenticated();
      const p = body as Partial<TProblem> | null;
      if (p && typeof p.code === 'string' && typeof p.detail === 'string') {
        return reject(
          new ApiError({ type: p.type ?? 'about:blank', title: p.title ?? p.code, status: xhr.status, code: p.code, detail: p.detail, errors: p.errors }),
        );
      }
      void fallbackProblem(xhr.status).then((problem) => reject(new ApiError(problem)));
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
