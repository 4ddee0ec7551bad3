/** Types of search-core.js for the functions that build the index. */
export declare const postingShards: number;
export declare const docShards: number;
export declare const frequentShare: number;
export declare function tokens(text: string): string[];
export declare function hash(text: string): number;
export declare const postingShardOf: (token: string) => number;
export declare const docShardOf: (docId: number) => number;
export declare function shardMap(shards: Iterable<number>): string;
export declare const holdsShard: (map: unknown, shard: number) => boolean;
export interface TierFiles {
  meta: string;
  written: string;
  postings(shard: number): string;
  frequent(token: string): string;
  docs(shard: number): string;
}
export declare const files: TierFiles & { delta: string; recent: TierFiles };
export declare const agencyToken: (agencyId: string) => string;
export declare const categoryToken: (category: string) => string;

/** What a result shows: title, agency, category, date, 索引号, 文号, URL, and text for the snippet. */
export interface SearchRecord {
  t: string;
  a: string;
  c: string;
  d: string;
  y: number;
  i: string;
  n?: string;
  u: string;
  s: string;
}
export interface SearchOptions {
  agency?: string;
  category?: string;
  year?: string | number;
  sort?: 'relevance' | 'date';
  page?: number;
  pageSize?: number;
}
export declare function search(
  query: string,
  options: SearchOptions,
  fetchJson: (path: string) => Promise<unknown>,
): Promise<{ total: number; tokens: string[]; results: (SearchRecord & { id: number; score: number })[] }>;
export declare function snippet(
  text: string,
  queryTokens: string[],
  width?: number,
): { before: boolean; after: boolean; parts: { text: string; mark: boolean }[] };
export declare function fetchSiteJson(path: string): Promise<unknown>;
