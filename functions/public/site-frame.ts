/**
 * The frame of the pages the public function renders (the application form, the status pages,
 * letters): the county's masthead, footer and page metadata, as the static site carries them. From
 * the agency directory and the site's address the function keeps, so a page reads nothing more.
 */
import { siteContextFor, type SiteContext } from '#core/agency.ts';
import { agencyDirectory } from '#store/agencies.ts';
import { cachedSiteUrl } from '#store/site-config.ts';

export async function siteFrame(): Promise<SiteContext> {
  const [agencies, url] = await Promise.all([agencyDirectory(), cachedSiteUrl()]);
  return siteContextFor(agencies, undefined, url);
}
