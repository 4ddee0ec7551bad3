import type { HttpEvent } from './http.ts';

/**
 * The address of the client behind a request: CloudFront's `CloudFront-Viewer-Address` (`ip:port`),
 * which only CloudFront can set on a request the API accepts (see `origin.ts`), or the connection's
 * own address where nothing stands in front (locally).
 */
export function clientAddress(event: Pick<HttpEvent, 'headers' | 'requestContext'>): string {
  const viewer = event.headers?.['cloudfront-viewer-address'];
  return viewer ? viewer.slice(0, viewer.lastIndexOf(':')) : event.requestContext.http.sourceIp;
}
