// The one caller of the console's JSON API (`/console/api/…`). Every change carries the
// session's CSRF token in `X-CSRF-Token`; every refusal becomes an `ApiError` with the
// `Problem`'s code (`protocol::console::codes`), and a `session_expired` refusal tells the session
// (which goes back to sign-in with the message) before the caller sees it.

export const API = '/console/api';

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    /** Seconds from `Retry-After` (a lock-out), if the server sent it. */
    public retryAfter: number | null = null,
  ) {
    super(code);
  }
}

let csrfToken: string | null = null;
let onExpired: (() => void) | null = null;
let onActivity: (() => void) | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** What the session does when the server says it has ended, and on every answered request. */
export function onSessionEvents(expired: () => void, activity: () => void) {
  onExpired = expired;
  onActivity = activity;
}

/** A query string of the defined values (`?a=1&b=x`), or nothing. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export async function api<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`${API}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network');
  }
  if (!res.ok) {
    let code = 'unknown';
    try {
      const p = (await res.json()) as { code?: unknown };
      if (typeof p.code === 'string' && /^[a-z_]{1,64}$/.test(p.code)) code = p.code;
    } catch {
      // Not a Problem (a proxy's page): the status alone.
    }
    const ra = Number(res.headers.get('Retry-After'));
    const err = new ApiError(res.status, code, Number.isFinite(ra) && ra > 0 ? ra : null);
    if (code === 'session_expired') onExpired?.();
    throw err;
  }
  onActivity?.();
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}
