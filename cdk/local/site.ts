/** The local site: rendered once from the table on first start; the renderer's stream stand-in. */
import { randomUUID } from 'node:crypto';
import { HeadObjectCommand } from '@aws-sdk/client-s3';

/**
 * The site has been rendered, in its current shape (robots.txt, the people's 网站地图 and 机构目录
 * came later: a site without them is rendered again once).
 */
export async function siteRendered(): Promise<boolean> {
  const [{ s3 }, { env }] = await Promise.all([import('#lib/s3.ts'), import('#lib/config.ts')]);
  const has = (Key: string) =>
    s3.send(new HeadObjectCommand({ Bucket: process.env[env.siteBucket], Key })).then(
      () => true,
      () => false,
    );
  return (
    (await has('index.html')) && (await has('robots.txt')) && (await has('sitemap.html')) && has('agencies/index.html')
  );
}

export async function renderWholeSite(): Promise<number> {
  const { renderWholeSite: render } = await import('../../functions/renderer/rebuild.ts');
  return render();
}

/** Render tasks the stand-in has handed to the renderer (as the stream delivers each record once). */
let seen = new Set<string>();

/**
 * What the table's stream does for the renderer, as a poll: when a task it has not seen before is
 * waiting, work the queue (as an invocation for that task's record would). Tasks already seen, which
 * a render failed on, wait like the deployed ones for the next new task or the sweep's nudge. Tests
 * call it themselves, with the pollers paused, to play the invocation and read its result.
 */
export async function renderNewTasks() {
  const [{ listRenderTasks }, { renderPending }, { invocation }] = await Promise.all([
    import('#store/render-queue.ts'),
    import('../../functions/renderer/queue.ts'),
    import('#lib/log.ts'),
  ]);
  const waiting = (await listRenderTasks(100)).map((t) => t.sk);
  const fresh = waiting.some((sk) => !seen.has(sk));
  seen = new Set(waiting);
  // An invocation of the renderer, as the stream's would be: its lines say so.
  return fresh
    ? invocation('renderer', { lambdaRequestId: randomUUID() }, () => renderPending({ waitMs: 60_000 }))
    : undefined;
}
