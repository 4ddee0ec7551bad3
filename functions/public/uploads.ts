import { randomUUID } from 'node:crypto';
import { maxUploadBytes } from '#core/application.ts';
import { config } from '#lib/config.ts';
import { HttpError } from '#lib/errors.ts';
import { allowAttempt } from '#store/rate-limit.ts';
import { presignUpload, uploadOwner } from '#store/uploads.ts';
import type { z } from 'zod/mini';
import type { uploadInput } from './schemas.ts';

/** A presigned POST for one file; the application links it by `uploadId` once it exists. */
export async function createUpload(body: z.output<ReturnType<typeof uploadInput>>, clientIp: string) {
  if (!(await allowAttempt('upload-client', clientIp, 30, 15 * 60)))
    throw new HttpError(429, '上传过于频繁，请 15 分钟后再试。');
  const uploadId = randomUUID();
  const owner = uploadOwner.form(body.formKey);
  const presigned = await presignUpload(
    config.privateBucket(),
    uploadId,
    body.contentType,
    body.purpose,
    body.fileName,
    owner,
  );
  return { uploadId, ...presigned, maxBytes: maxUploadBytes };
}
