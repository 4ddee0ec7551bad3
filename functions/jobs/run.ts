/** The jobs this function works: the recount of every agency's report counters. */
import type { Work } from '#lib/job-turns.ts';
import { listAgencies } from '#store/agencies.ts';
import { recountAgency, type AgencyRecount } from './recount.ts';

/** Agencies with differences kept in the result (the total counts them all). */
const maxListed = 100;

const recount: Work = async (job, more, save) => {
  const agencies = await listAgencies();
  const result = { agencies: [] as AgencyRecount[], differences: 0, counted: 0, ...job.result, repaired: Boolean(job.params.repair) };
  const year = typeof job.params.year === 'number' ? job.params.year : undefined;
  for (let cursor = job.cursor; cursor < agencies.length; cursor++) {
    if (!more()) return false;
    const counted = await recountAgency(agencies[cursor]!, { repair: result.repaired, ...(year && { year }) });
    result.counted += 1;
    result.differences += counted.differences.length;
    if (counted.differences.length && result.agencies.length < maxListed) result.agencies = [...result.agencies, counted];
    await save({ progress: { done: cursor + 1, total: agencies.length }, cursor: cursor + 1, result });
  }
  await save({ progress: { done: agencies.length, total: agencies.length }, cursor: agencies.length, result });
  return true;
};

export const jobKinds = { recount };
