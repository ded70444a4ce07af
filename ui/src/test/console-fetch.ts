// A mocked `fetch` for the console's screens: answers by "METHOD /path" (without the
// `/console/api` prefix and the query), records every request with its headers and body.
import { vi } from 'vitest';

export interface Sent {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

export type Answer = { status?: number; body?: unknown; headers?: Record<string, string> };
export type Route = (req: Sent) => Answer | unknown;

export function problem(status: number, code: string, headers: Record<string, string> = {}): Answer {
  return { status, body: { status, code, detail: code }, headers };
}

const isAnswer = (a: unknown): a is Answer =>
  typeof a === 'object' && a !== null && ('status' in a || 'headers' in a) && Object.keys(a).every((k) => ['status', 'body', 'headers'].includes(k));

export function mockFetch(routes: Record<string, Route>): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const u = new URL(url, 'https://central.test');
      const path = u.pathname.replace(/^\/console\/api/, '');
      const method = init.method ?? 'GET';
      const req: Sent = {
        method,
        path,
        query: u.searchParams,
        headers: (init.headers ?? {}) as Record<string, string>,
        body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      };
      sent.push(req);
      const route = routes[`${method} ${path}`];
      const out = route ? route(req) : problem(404, 'not_found');
      const a: Answer = isAnswer(out) ? out : { status: 200, body: out };
      const status = a.status ?? 200;
      return new Response(status === 204 || a.body === undefined ? null : JSON.stringify(a.body), {
        status: a.body === undefined && status === 200 ? 204 : status,
        headers: { 'Content-Type': 'application/json', ...(a.headers ?? {}) },
      });
    }),
  );
  return sent;
}
