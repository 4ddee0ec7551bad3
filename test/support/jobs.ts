/** Following background jobs over HTTP, for the tests and the bench. */

/** Follows a background job by its id until it is done or failed (the local poller runs it). */
export async function jobOutcome(
  baseUrl: string,
  token: string,
  id: string,
  limitMs = 120_000,
): Promise<Record<string, any>> {
  const until = Date.now() + limitMs;
  while (true) {
    const job = (await (
      await fetch(`${baseUrl}/api/staff/jobs/${id}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as Record<string, any>;
    if (job.state === 'done' || job.state === 'failed') return job;
    if (Date.now() > until) throw new Error(`job ${id} still ${job.state} after ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
