/** The site rebuild, a background job this function works (it alone writes the site bucket). */
import type { Work } from '#store/job-turns.ts';
import { rebuildTargets, renderTargets } from './render.ts';

const renderSlice = 60;

const rebuildTurn: Work = async (job, more, save) => {
  const targets = await rebuildTargets();
  let { cursor } = job;
  let written = Number(job.result?.written) || 0;
  while (cursor < targets.length) {
    if (!more()) return false;
    const slice = targets.slice(cursor, cursor + renderSlice);
    written += await renderTargets(slice);
    cursor += slice.length;
    await save({ progress: { done: cursor, total: targets.length }, cursor, result: { written } });
  }
  await save({ progress: { done: targets.length, total: targets.length }, cursor, result: { written } });
  return true;
};

export const rebuildKinds = { rebuildSite: rebuildTurn };
