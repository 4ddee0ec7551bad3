import { S3Client } from '@aws-sdk/client-s3';
import { refuseAfterAnswer } from './request-scope.ts';

// s3rver predates the SDK's default checksums and virtual-hosted addressing; the local stack sets
// AWS_ENDPOINT_URL_S3, and only then are these two settings relaxed.
const local = Boolean(process.env.AWS_ENDPOINT_URL_S3);

export const s3 = new S3Client({
  maxAttempts: 2,
  ...(local && {
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  }),
});
refuseAfterAnswer(s3);
