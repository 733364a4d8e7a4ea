import type { FastifyRequest } from 'fastify';

/**
 * The path of a request without its query. A request line may carry an absolute URL
 * (`POST http://host/api/users HTTP/1.1`, RFC 9112 3.2.2), and then `request.url` is that URL:
 * anything that decides by path reads it here, never from `request.url` itself.
 */
export function pathOf(request: FastifyRequest): string {
  const url = request.url;
  if (url.startsWith('/')) return url.split('?')[0]!;
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0]!;
  }
}

/** Is this a request for the API (a route of ours or an unknown path under /api)? */
export function isApiRequest(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  if (route !== undefined) return route === '/api' || route.startsWith('/api/');
  const path = pathOf(request);
  return path === '/api' || path.startsWith('/api/');
}
