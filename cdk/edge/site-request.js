// The site's CloudFront Function (viewer request, cloudfront-js-2.0), which the local gateway runs too
// (cdk/local/edge.ts): directory indexes, addresses typed by hand, and 长者模式's sheet without script.
// /assets/mode.css, linked by every page after site.css, is the elder sheet or the empty standard one by
// the preference cookie that /mode/elder sets (functions/public/display-mode.ts). The rewrite comes
// before the cache, so each sheet is cached once, as itself; browsers revalidate mode.css on each page
// (no-cache), so a switch shows on the next page at once. Where CloudFront runs no functions (the AWS
// China regions), the renderer writes directory keys and the public function answers for the sheet.

const modeCookie = 'gk_mode';
// The first segments of the pages the functions render (/apply, /mode): the route table's `page`
// routes, which CloudFront sends to the API (test/unit/site-request.test.ts holds the two together).
const pageSections = ['apply', 'mode'];

// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls the function by this name
function handler(event) {
  const request = event.request;
  const uri = request.uri;
  if (uri === '/assets/mode.css') {
    const cookie = request.cookies[modeCookie];
    request.uri = cookie && cookie.value === 'elder' ? '/assets/elder.css' : '/assets/standard.css';
    return request;
  }
  // A function's page typed with a slash after it (/apply/): the page itself.
  if (pageSections.indexOf(uri.split('/')[1]) >= 0) {
    if (uri.length > 1 && uri.charAt(uri.length - 1) === '/') request.uri = uri.slice(0, -1);
    return request;
  }
  // A directory, typed with its slash or without (/search/, /search, /lushuihe): its index.
  if (uri.charAt(uri.length - 1) === '/') request.uri += 'index.html';
  else if (uri.slice(uri.lastIndexOf('/') + 1).indexOf('.') < 0) request.uri += '/index.html';
  return request;
}
