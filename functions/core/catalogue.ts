/** What the site's listings show of a published item (the step's listings and the renderer's county listing alike). */
import type { CatalogueEntry } from './pages/site.ts';
import type { PublishedVersion } from './publication.ts';
import { plainText } from './rich-text.ts';

/** The entry each listing shows for an item as now published. */
export function catalogueEntry(
  item: { id: string; agencyId: string; indexNumber?: string; published?: PublishedVersion; imported?: unknown },
  agencyName: string,
): CatalogueEntry {
  const { content, publishedOn, revisedOn } = item.published!;
  return {
    itemId: item.id,
    agencyId: item.agencyId,
    agencyName,
    title: content.title,
    indexNumber: item.indexNumber!,
    category: content.category,
    topic: content.topic,
    ...(content.documentNumber && { documentNumber: content.documentNumber }),
    writtenOn: content.writtenOn,
    publishedOn,
    ...(revisedOn && { revisedOn }),
    ...(content.validity && {
      validity: content.validity.state === 'valid' ? '有效' : `已废止（${content.validity.repealedOn}）`,
    }),
    summary: content.summary || plainText(content.bodyHtml).slice(0, 200),
    text: plainText(content.bodyHtml).slice(0, 1000),
    ...(item.imported ? { imported: true as const } : {}),
  };
}
