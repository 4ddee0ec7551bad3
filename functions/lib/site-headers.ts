/**
 * Security headers of the public site and web assets: CloudFront's response headers policy in AWS,
 * the local gateway locally, and the pages the functions render. One definition for all.
 */
/**
 * `privateOrigin`: the private bucket's endpoint, for the pages that exchange files with it: their
 * scripts upload there (connect-src), and their download forms are redirected to a presigned link
 * there (form-action also governs where a form's response redirects). `signInOrigin`: where the
 * console exchanges its sign-in code for tokens, when that is not the site itself (Cognito's domain).
 */
export const contentSecurityPolicyFor = (privateOrigin?: string, signInOrigin?: string) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${privateOrigin ? ` ${privateOrigin}` : ''}${signInOrigin ? ` ${signInOrigin}` : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self'${privateOrigin ? ` ${privateOrigin}` : ''}`,
    "frame-ancestors 'none'",
  ].join('; ');

// Marked pure (as is the list below): a bundle that sends no page leaves them out.
export const contentSecurityPolicy = /* @__PURE__ */ contentSecurityPolicyFor();

/** Features no page of ours uses, denied to every page (only names browsers recognise). */
export const permissionsPolicy = /* @__PURE__ */ [
  'accelerometer',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'magnetometer',
  'microphone',
  'payment',
  'serial',
  'usb',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

export const siteHeaders: Record<string, string> = {
  'Permissions-Policy': permissionsPolicy,
  'Content-Security-Policy': contentSecurityPolicy,
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};
