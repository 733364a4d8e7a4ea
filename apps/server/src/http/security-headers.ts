import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isApiRequest } from './request-path.js';

/**
 * The web app's Content-Security-Policy: its own scripts, styles and API only (the build has
 * no inline script or style element), images from us, from canvases (data:, blob:) and from
 * the image hosts imported URLs may point at (MEDLABEL_IMAGE_HOSTS), nothing framed, no plugins.
 */
export function webContentSecurityPolicy(imageHosts: readonly string[]): string {
  const hosts = imageHosts.flatMap((host) => [`https://${host}`, `http://${host}`]);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    ["img-src 'self' data: blob:", ...hosts].join(' '),
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** API answers are data, never documents: nothing loads from them and nothing frames them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * Headers every response carries: no MIME sniffing (uploaded files are served as what they
 * are), no framing (clickjacking), no referrer leaking image URLs to other sites, a
 * Content-Security-Policy. API answers are `Cache-Control: no-store` (they carry patients'
 * data and per-user access) unless the route chose its own caching, as /api/files does
 * (`private, max-age=86400` with an ETag).
 */
export const securityHeaders = fp(function securityHeaders(app: FastifyInstance) {
  const webPolicy = webContentSecurityPolicy(app.config.imageHosts);
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    if (isApiRequest(request)) {
      reply.header('content-security-policy', API_CONTENT_SECURITY_POLICY);
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    } else {
      reply.header('content-security-policy', webPolicy);
    }
    done(null, payload);
  });
});
