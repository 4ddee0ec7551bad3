// The site's CloudFront Function (viewer request, cloudfront-js-2.0), which the local gateway runs too
// (cdk/local/edge.ts): directory indexes, and 长者模式 (the elder-friendly display) without script:
// - GET /mode/elder or /mode/standard sets the preference cookie and returns to the page it came from
//   (the Referer, on this host only; the home otherwise);
// - /assets/mode.css, linked by every page after site.css, is the elder sheet or the empty standard one
//   by that cookie. The rewrite comes before the cache, so each sheet is cached once, as itself; the
//   browser revalidates mode.css on each page (no-cache), so a switch shows on the next page at once.
// The cookie holds a display preference only (nothing personal), readable by nothing but this function.

const modeCookie = 'gk_mode';
const year = 31536000;

// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls the function by this name
function handler(event) {
  const request = event.request;
  const uri = request.uri;
  const mode = /^\/mode\/(elder|standard)$/.exec(uri);
  if (mode) return switchMode(request, mode[1]);
  if (uri === '/assets/mode.css') {
    const cookie = request.cookies[modeCookie];
    request.uri = cookie && cookie.value === 'elder' ? '/assets/elder.css' : '/assets/standard.css';
    return request;
  }
  if (uri.endsWith('/')) request.uri += 'index.html';
  return request;
}

function switchMode(request, mode) {
  // biome-ignore lint/complexity/useOptionalChain: kept to the features the CloudFront runtime documents
  const host = request.headers.host && request.headers.host.value;
  // biome-ignore lint/complexity/useOptionalChain: as above
  const referer = request.headers.referer && request.headers.referer.value;
  const from = referer && /^https?:\/\/([^/?#]+)(\/[^#]*)?/.exec(referer);
  // Back to a path of this site only: never an address another site put in the Referer.
  const back = from && from[1] === host && from[2] && from[2].charAt(1) !== '/' ? from[2] : '/';
  // Set by assignment, keeping to the features the runtime documents.
  const cookies = {};
  cookies[modeCookie] = {
    value: mode,
    attributes: `Path=/; Max-Age=${mode === 'elder' ? year : 0}; SameSite=Lax`,
  };
  return {
    statusCode: 303,
    statusDescription: 'See Other',
    headers: { location: { value: back }, 'cache-control': { value: 'no-store' } },
    cookies,
  };
}
