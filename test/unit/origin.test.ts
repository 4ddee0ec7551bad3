/** The functions behind the API take only what CloudFront forwarded (its secret header), once configured. */
import { afterEach, describe, expect, it } from 'vitest';
import { cameThroughCloudFront } from '#lib/origin.ts';

afterEach(() => {
  delete process.env.ORIGIN_VERIFY;
});

describe('cameThroughCloudFront', () => {
  it('takes everything where no secret is configured (the local platform)', () => {
    expect(cameThroughCloudFront({})).toBe(true);
  });

  it('takes only the secret once configured: a direct call to execute-api is refused', () => {
    process.env.ORIGIN_VERIFY = 's3cr3t-value-from-the-stack';
    expect(cameThroughCloudFront({ 'x-origin-verify': 's3cr3t-value-from-the-stack' })).toBe(true);
    expect(cameThroughCloudFront({ 'x-origin-verify': 's3cr3t-value-from-the-stacK' })).toBe(false);
    expect(cameThroughCloudFront({ 'cloudfront-viewer-address': '1.2.3.4:443' })).toBe(false);
    expect(cameThroughCloudFront(undefined)).toBe(false);
  });
});
