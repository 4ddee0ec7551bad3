/** Uploads by presigned POST to the private bucket, and their inspection before an application links them. */
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { createHash } from 'node:crypto';
import { maxUploadBytes } from '#core/application.ts';
import { errorFields, log } from '#lib/log.ts';
import { s3 } from '#lib/s3.ts';
import { isMissingObject, isRangeNotSatisfiable } from '#lib/s3-errors.ts';

export const pendingPrefix = 'uploads/pending/';
export const applicationsPrefix = 'applications/';
const policySeconds = 15 * 60;

/** The browser posts files straight to the bucket; the presigned policy, not the origin, is the gate. */
export const uploadCorsRule = {
  AllowedOrigins: ['*'],
  AllowedMethods: ['POST' as const],
  AllowedHeaders: ['*'],
  MaxAgeSeconds: 3000,
};

export interface PresignedUpload {
  url: string;
  fields: Record<string, string>;
  expiresAt: string;
}

/**
 * A POST policy for one object: exactly this key, exactly this content type, 1 byte to 10 MB, and
 * the purpose, file name and owner as metadata (URI-encoded: S3 metadata is ASCII). The owner (the
 * staff member, or the citizen's form) is the only one who may link it, once.
 */
export async function presignUpload(
  bucket: string,
  id: string,
  contentType: string,
  purpose: string,
  fileName: string,
  owner: string,
): Promise<PresignedUpload> {
  const meta = {
    'x-amz-meta-purpose': purpose,
    'x-amz-meta-filename': encodeURIComponent(fileName),
    'x-amz-meta-owner': owner,
  };
  const { url, fields } = await createPresignedPost(s3, {
    Bucket: bucket,
    Key: `${pendingPrefix}${id}`,
    Conditions: [
      ['content-length-range', 1, maxUploadBytes],
      ['eq', '$Content-Type', contentType],
      ...Object.entries(meta).map(([name, value]) => ['eq', `$${name}`, value] as ['eq', string, string]),
    ],
    Fields: { 'Content-Type': contentType, ...meta },
    Expires: policySeconds,
  });
  return { url, fields, expiresAt: new Date(Date.now() + policySeconds * 1000).toISOString() };
}

export interface UploadedObject {
  size: number;
  contentType: string;
  purpose: string;
  fileName: string;
  /** Who asked for the upload (see `presignUpload`). */
  owner: string;
  /** The first bytes, to check the content against the declared type. */
  head: Uint8Array;
}

export async function inspectUpload(bucket: string, id: string): Promise<UploadedObject | undefined> {
  try {
    // One ranged read gives the first bytes, the total size (Content-Range: bytes 0-7/<size>), the type and the metadata.
    const object = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: `${pendingPrefix}${id}`, Range: 'bytes=0-7' }),
    );
    let fileName = object.Metadata?.filename ?? id;
    try {
      fileName = decodeURIComponent(fileName);
    } catch {
      // keep the raw name
    }
    return {
      size: Number(object.ContentRange?.split('/')[1] ?? object.ContentLength ?? 0),
      contentType: object.ContentType ?? '',
      purpose: object.Metadata?.purpose ?? '',
      fileName,
      owner: object.Metadata?.owner ?? '',
      head: await object.Body!.transformToByteArray(),
    };
  } catch (error) {
    // Absent, expired, or empty (an empty object has no byte 0 to read): not a usable upload.
    if (isMissingObject(error) || isRangeNotSatisfiable(error)) return undefined;
    throw error;
  }
}

/** Copies a checked upload under the application's (or another owner's) prefix; returns its new key. */
export async function linkUpload(
  bucket: string,
  id: string,
  receiptNumber: string,
  prefix = applicationsPrefix,
): Promise<string> {
  const key = `${prefix}${receiptNumber}/${id}`;
  await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: key, CopySource: `${bucket}/${pendingPrefix}${id}` }));
  return key;
}

/**
 * The pending copies of uploads now linked, removed once the record that links them is written: an
 * upload is used once (a failed write leaves them for a retry; the bucket's lifecycle removes the rest).
 */
export async function discardPending(bucket: string, ids: string[]): Promise<void> {
  // One small request each (a batch delete's XML would cost each bundle more than a few requests cost).
  // Not fatal: the record is written; the lifecycle rule removes what is left. Logged so a pattern shows.
  await Promise.all(
    ids.map((id) => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: `${pendingPrefix}${id}` }))),
  ).catch((error: unknown) => log.warn('pending uploads not removed', errorFields(error)));
}

/** Who may link an upload: the member of staff who asked for it, or the citizen's form (its key, hashed). */
export const uploadOwner = {
  staff: (username: string) => `staff:${username}`,
  form: (formKey: string | undefined) =>
    formKey ? `form:${createHash('sha256').update(formKey).digest('hex').slice(0, 32)}` : 'form:none',
};

/** A five-minute link to one linked file, downloaded under its own name. */
/** Types a browser may show in its own tab (never HTML or SVG, which would run as the platform's page). */
const shownInline = new Set(['application/pdf', 'image/jpeg', 'image/png']);

/**
 * A five-minute link to a private file. `contentType` given and one a browser shows safely (PDF,
 * JPEG, PNG): the file opens in the tab, as that type; otherwise it downloads under its own name.
 */
export async function presignDownload(
  bucket: string,
  key: string,
  fileName: string,
  contentType?: string,
): Promise<{ url: string; expiresAt: string; inline: boolean }> {
  const inline = contentType !== undefined && shownInline.has(contentType);
  const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
  const seconds = 300;
  const url = await getSignedUrl(
    s3,
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      ResponseContentDisposition: `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      ...(inline && { ResponseContentType: contentType }),
    }),
    { expiresIn: seconds },
  );
  return { url, expiresAt: new Date(Date.now() + seconds * 1000).toISOString(), inline };
}

/** An object's bytes (a case file's copy of an applicant's upload). */
export async function readObject(bucket: string, key: string): Promise<Uint8Array> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return object.Body!.transformToByteArray();
}
