/**
 * One render pass over the site bucket: its writes (counted, and noted for 自查's journal) and reads,
 * what the pass reads more than once (the site's address, the agencies its pages show), and the pool
 * that runs a pass's independent writes a few at a time. Every other renderer module writes through it.
 */
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { siteContextFor, type Agency } from '#core/agency.ts';
import { config, env } from '#lib/config.ts';
import { s3 } from '#lib/s3.ts';
import { isMissingObject } from '#lib/s3-errors.ts';
import { getAgency, listAgencies, topAgency } from '#store/agencies.ts';
import { getSiteUrl } from '#store/site-config.ts';

const types = {
  html: 'text/html; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
} as const;

/**
 * Where a page is written: its key, and where CloudFront runs no function to add `index.html` to a
 * directory's address (the China regions, `SITE_DIRECTORY_KEYS=1`) the directory's own keys as well,
 * with its slash and without, which S3 serves for `/lushuihe/` and `/lushuihe` as they stand. The
 * site's root is CloudFront's default root object.
 */
const keysOf = (key: string) =>
  process.env[env.siteDirectoryKeys] === '1' && key.endsWith('/index.html')
    ? [key, key.slice(0, -'index.html'.length), key.slice(0, -'/index.html'.length)]
    : [key];

/** What one render pass needs more than once. */
export class Pass {
  written = 0;
  bytes = 0;
  /** What the pass put and removed, for 自查's journal (the page's own key, not its directory copy). */
  changed = { put: new Set<string>(), removed: new Set<string>() };
  note(key: string, how: 'put' | 'removed') {
    this.changed[how === 'put' ? 'removed' : 'put'].delete(key);
    this.changed[how].add(key);
  }
  #siteUrl?: Promise<string>;
  #agency = new Map<string, Promise<Agency | undefined>>();
  #top?: Promise<Agency | undefined>;
  #serial = new Map<string, Promise<unknown>>();
  siteUrl = () => (this.#siteUrl ??= getSiteUrl());
  /**
   * The portal's top government: its name and settings frame every page (one item read, once a pass).
   * Where the directory index holds none (a table whose agencies were stored before it, not yet
   * migrated), it is looked for among them all, so no page loses its government's name.
   */
  top = () =>
    (this.#top ??= topAgency()
      .then(async (top) => top ?? (await listAgencies()).find((a) => a.parentId === null))
      .then((top) => {
        if (top) this.#agency.set(top.id, Promise.resolve(top));
        return top;
      }));
  /**
   * One agency as it is now (its pages show its settings), read once per pass and not from a cache:
   * a pass that follows an agency's creation or change must show it.
   */
  async agency(id: string) {
    if (!this.#agency.has(id)) this.#agency.set(id, getAgency(id));
    const agency = await this.#agency.get(id)!;
    if (!agency) throw new Error(`unknown agency ${id}`);
    return agency;
  }
  /** The governments above an agency, from the top down (a read per level, each once a pass). */
  async above(agency: Agency): Promise<Agency[]> {
    const chain: Agency[] = [];
    const seen = new Set([agency.id]);
    for (let id = agency.parentId; id && !seen.has(id); id = chain[0]!.parentId) {
      seen.add(id);
      chain.unshift(await this.agency(id));
    }
    return chain;
  }
  /**
   * What a page of `agencyId`'s column (none: a portal page) says of the site: footer, title,
   * metadata. From the top government and the page's own agency only, however many the portal has.
   */
  site = async (agencyId?: string) => {
    const own = agencyId ? await this.agency(agencyId) : undefined;
    const top = own ? ((await this.above(own))[0] ?? own) : await this.top();
    return siteContextFor(
      [top, own].filter((a): a is Agency => !!a),
      agencyId,
      await this.siteUrl(),
    );
  };
  /** Runs `work` after the pass's earlier work on `key` (a file read, changed and written again). */
  serially<T>(key: string, work: () => Promise<T>): Promise<T> {
    const run = (this.#serial.get(key) ?? Promise.resolve()).then(work, work);
    this.#serial.set(
      key,
      run.catch(() => undefined),
    );
    return run;
  }
  async put(key: string, body: string, type: keyof typeof types) {
    this.note(key, 'put');
    for (const at of keysOf(key)) {
      await s3.send(
        new PutObjectCommand({
          Bucket: config.siteBucket(),
          Key: at,
          Body: body,
          ContentType: types[type],
          CacheControl: 'max-age=300',
        }),
      );
      this.written += 1;
      this.bytes += Buffer.byteLength(body);
    }
  }
  async remove(key: string) {
    this.note(key, 'removed');
    for (const at of keysOf(key)) {
      await s3.send(new DeleteObjectCommand({ Bucket: config.siteBucket(), Key: at }));
      this.written += 1;
    }
  }
}

/** A file of the site as it stands, or undefined where there is none. */
export const readText = (key: string): Promise<string | undefined> =>
  s3.send(new GetObjectCommand({ Bucket: config.siteBucket(), Key: key })).then(
    (object) => object.Body!.transformToString(),
    (error: unknown) => {
      if (isMissingObject(error)) return undefined;
      throw error;
    },
  );

export const readJson = async <T>(key: string): Promise<T | undefined> => {
  const text = await readText(key);
  return text === undefined ? undefined : (JSON.parse(text) as T);
};

/**
 * Runs `work` on the items, `size` at a time. On the first failure the others stop taking work and
 * all are awaited before it is thrown: nothing writes on after the caller has answered (a Lambda
 * would be frozen mid-write).
 */
export async function inPool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  let failure: { error: unknown } | undefined;
  await Promise.all(
    Array.from({ length: size }, async () => {
      for (let item = queue.shift(); item !== undefined && !failure; item = queue.shift()) {
        try {
          await work(item);
        } catch (error) {
          failure ??= { error };
        }
      }
    }),
  );
  if (failure) throw failure.error;
}

/** Files are independent of each other: a few are rendered at a time. */
export const concurrency = 6;
