/** The local site on first start: rendered once from the table, as a deployment's first publication would. */
import { HeadObjectCommand } from '@aws-sdk/client-s3';

export async function siteRendered(): Promise<boolean> {
  const [{ s3 }, { env }] = await Promise.all([import('#lib/s3.ts'), import('#lib/config.ts')]);
  return s3.send(new HeadObjectCommand({ Bucket: process.env[env.siteBucket], Key: 'index.html' })).then(() => true, () => false);
}

export async function rebuildSite(): Promise<number> {
  const { rebuildSite: rebuild } = await import('../../functions/publications/render.ts');
  return rebuild();
}
