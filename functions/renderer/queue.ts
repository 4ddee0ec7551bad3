/**
 * The render queue's worker: `renderPending` takes the lease (one renderer at a time writes, so the
 * last render of a file follows the last change to it), renders the waiting tasks a round at a time,
 * deletes each task once all its files are written, tries a failed round task by task, and hands the
 * queue to a fresh invocation before the function's time runs out.
 */
import { randomUUID } from 'node:crypto';
import { errorFields, log } from '#lib/log.ts';
import {
  deleteRenderTask,
  listRenderTasks,
  nudgeRenderer,
  releaseRenderLock,
  takeRenderLock,
  type RenderTask,
} from '#store/render-queue.ts';
import { renderFiles } from './render.ts';

export interface RenderResult {
  /** done: the queue is empty; pending: a task failed and waits for a retry; handedOn: time ran short, a fresh invocation goes on. */
  state: 'done' | 'pending' | 'handedOn';
  written: number;
  /** Bytes of the pages and data files put (attachments copied are not counted). */
  bytes: number;
  /** Tasks rendered and deleted. */
  tasks: number;
}

/** Tasks read and rendered together (their shared files, the homes and feeds, once). */
const round = 25;

/**
 * Works the render queue until it is empty, a round of tasks at a time, renewing its lease after
 * each round. If another renderer holds the lease, waits for it (it will likely take this
 * invocation's tasks too) and then looks again. A round that fails is tried task by task, so one
 * task that cannot render does not hold up the others. When the function's time runs short, the
 * queue is handed to a fresh invocation.
 */
export async function renderPending(options: { waitMs?: number; timeLeft?: () => number } = {}): Promise<RenderResult> {
  const owner = randomUUID();
  const deadline = Date.now() + (options.waitMs ?? 5000);
  const timeLeft = options.timeLeft ?? (() => Number.POSITIVE_INFINITY);
  const result: RenderResult = { state: 'done', written: 0, bytes: 0, tasks: 0 };
  while (!(await takeRenderLock(owner))) {
    if (Date.now() > deadline) return { ...result, state: 'pending' };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const failed = new Set<string>();
  try {
    while (true) {
      const tasks = (await listRenderTasks(round + failed.size)).filter((t) => !failed.has(t.sk)).slice(0, round);
      if (!tasks.length) break;
      if (timeLeft() < handOnMarginMs) {
        await nudgeRenderer('hand-on');
        return { ...result, state: 'handedOn' };
      }
      const add = (files: { written: number; bytes: number }) => {
        result.written += files.written;
        result.bytes += files.bytes;
      };
      try {
        add(await renderFiles(tasks.flatMap((t) => t.targets)));
        for (const task of tasks) await rendered(task);
        result.tasks += tasks.length;
      } catch (error) {
        if (tasks.length === 1) {
          failed.add(tasks[0]!.sk);
          // Left in the queue for a retry. Logged once, here.
          log.error('site render failed; task left pending', {
            ...ofTask(tasks[0]!),
            written: result.written,
            ...errorFields(error),
          });
        } else {
          for (const task of tasks) {
            try {
              add(await renderFiles(task.targets));
              await rendered(task);
              result.tasks += 1;
            } catch (taskError) {
              failed.add(task.sk);
              log.error('site render failed; task left pending', {
                ...ofTask(task),
                written: result.written,
                ...errorFields(taskError),
              });
            }
          }
        }
      }
      if (!(await takeRenderLock(owner))) {
        // Another renderer took over (this one stalled past its lease): it works what is left.
        log.warn('render lease lost; another renderer goes on', { written: result.written });
        return { ...result, state: 'pending' };
      }
    }
    return { ...result, state: failed.size ? 'pending' : 'done' };
  } finally {
    await releaseRenderLock(owner);
  }
}

/** A task's fields on a line: its key and the request that caused it, by which its render and retries are found. */
const ofTask = (task: RenderTask) => ({ task: task.sk, requestId: task.requestId });

/** A task rendered leaves the queue, and a line says so under the id of its request. */
async function rendered(task: RenderTask): Promise<void> {
  await deleteRenderTask(task.sk);
  log.info('render task done', ofTask(task));
}

/** Time kept back for the last round and the hand-over. */
const handOnMarginMs = 90_000;
