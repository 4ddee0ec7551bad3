import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { siteHeaders } from './site-headers.ts';

/** A response an operation shapes itself (an HTML page, a redirect), passed through as it is. */
export class Reply {
  readonly result: APIGatewayProxyStructuredResultV2;
  constructor(result: APIGatewayProxyStructuredResultV2) {
    this.result = result;
  }
}

export const htmlPage = (statusCode: number, body: string, options: { cookies?: string[]; csp?: string } = {}) =>
  new Reply({
    statusCode,
    headers: {
      ...siteHeaders,
      ...(options.csp && { 'Content-Security-Policy': options.csp }),
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
    },
    body,
    ...(options.cookies && { cookies: options.cookies }),
  });

export const redirect = (location: string, cookies?: string[]) =>
  new Reply({
    statusCode: 303,
    headers: { Location: location, 'Cache-Control': 'no-store' },
    ...(cookies && { cookies }),
  });

/** A PDF for download or print (a letter): inline, named for saving, never cached. */
export const pdfFile = (bytes: Uint8Array, fileName: string) =>
  new Reply({
    statusCode: 200,
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="letter.pdf"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
    body: Buffer.from(bytes).toString('base64'),
    isBase64Encoded: true,
  });

/** A PNG image for a staff page (a page of a file being redacted): never cached, never sniffed as anything else. */
export const pngImage = (bytes: Uint8Array) =>
  new Reply({
    statusCode: 200,
    headers: {
      'Content-Type': 'image/png',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
    body: Buffer.from(bytes).toString('base64'),
    isBase64Encoded: true,
  });
