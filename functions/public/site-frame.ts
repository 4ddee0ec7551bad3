/**
 * The frame of the pages the public function renders (the application form, the status pages,
 * letters): the portal's masthead, footer and page metadata, as the static site carries them. From
 * the top government (one item, whatever the number of agencies) and the site's address the function keeps.
 */
import { siteContextFor, type SiteContext } from '#core/agency.ts';
import { topAgency } from '#store/agencies.ts';
import { cachedSiteUrl } from '#store/site-config.ts';

export async function siteFrame(): Promise<SiteContext> {
  const [top, url] = await Promise.all([topAgency(), cachedSiteUrl()]);
  return siteContextFor(top ? [top] : [], undefined, url);
}
