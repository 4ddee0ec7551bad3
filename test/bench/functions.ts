/**
 * `npm run bench`: every Lambda function built with the CDK's exact esbuild settings, against a floor
 * built and timed in the same run: a no-op handler that constructs the same SDK clients. Prints bundle
 * size (raw, gzip) and cold-import time (median of fresh processes), each as a ratio to its floor, and
 * fails if a bundle contains an SDK client for a service the function is not bound to.
 *
 * Cold import is judged by the CPU time the import takes (user + system, in the importing process):
 * what a Lambda's share of a core spends on it. The wall time is printed beside it; on a machine
 * other work keeps busy it also counts the time the process waited for a core, which differs run to
 * run and is not the bundle's (measured at load 16 on two cores: wall 1.3–1.6x CPU, different each run).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { esbuildSettings } from '../../cdk/bundling.ts';
import { entryOf, functionSpecs, type DeployedFunction, type FunctionSpec } from '../../cdk/functions.ts';
import { deployedRoutes, proxyRoutes } from '#routes';

const root = fileURLToPath(new URL('../../', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 15);
/** Some functions only (`BENCH_FUNCTIONS=applications,publications`); all by default. */
const only = process.env.BENCH_FUNCTIONS?.split(',');
/**
 * Cold import is what a caller waits for: at most 1.25x the floor. The bundle's own code (pages, the
 * state machine, schemas) grows with what a function does, so its size has a looser budget: 1.40x
 * since the checks every API request passes (hidden characters in text, the origin header, uploads
 * bound to their owner) joined each API function (publications, the largest, went 1.35x → 1.36x).
 */
const target = 1.25;
const sizeBudget = 1.4;
const out = mkdtempSync(join(tmpdir(), 'gongkai-bench-'));

/** The functions behind the API, which read the origin secret from Secrets Manager at cold start. */
const behindApi = new Set<string>([...deployedRoutes.map((r) => r.fn), ...proxyRoutes.map((r) => r.fn)]);

/** The SDK packages a function may bundle, from what the stack binds it to. */
const allowedClients = (name: string, spec: FunctionSpec) => [
  ...(behindApi.has(name) && !spec.mail ? ['@aws-sdk/client-secrets-manager'] : []),
  ...(spec.table ? ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'] : []),
  ...(spec.siteBucket || spec.privateBucket
    ? ['@aws-sdk/client-s3', '@aws-sdk/s3-presigned-post', '@aws-sdk/s3-request-presigner']
    : []),
  ...(spec.mail ? ['@aws-sdk/client-sesv2', '@aws-sdk/client-secrets-manager'] : []),
  ...(spec.identity ? ['@aws-sdk/client-cognito-identity-provider'] : []),
];

const floorConstructors: Record<string, { imports: string; make: string }> = {
  '@aws-sdk/client-dynamodb': {
    imports: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    make: 'new DynamoDBClient({})',
  },
  '@aws-sdk/lib-dynamodb': {
    imports: "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    make: 'DynamoDBDocumentClient.from(new DynamoDBClient({}))',
  },
  '@aws-sdk/client-s3': { imports: "import { S3Client } from '@aws-sdk/client-s3';", make: 'new S3Client({})' },
  '@aws-sdk/s3-presigned-post': {
    imports: "import { createPresignedPost } from '@aws-sdk/s3-presigned-post';",
    make: 'createPresignedPost',
  },
  '@aws-sdk/s3-request-presigner': {
    imports: "import { getSignedUrl } from '@aws-sdk/s3-request-presigner';",
    make: 'getSignedUrl',
  },
  // Functions load the SES client on first send; the floor does the same.
  '@aws-sdk/client-sesv2': {
    imports: '',
    make: "() => import('@aws-sdk/client-sesv2').then((m) => new m.SESv2Client({}))",
  },
  // The SMTP transport reads its credentials on first send; the floor does the same.
  '@aws-sdk/client-secrets-manager': {
    imports: '',
    make: "() => import('@aws-sdk/client-secrets-manager').then((m) => new m.SecretsManagerClient({}))",
  },
  // The admin function loads the Cognito client only where the stack chooses Cognito; the floor does the same.
  '@aws-sdk/client-cognito-identity-provider': {
    imports: '',
    make: "() => import('@aws-sdk/client-cognito-identity-provider').then((m) => new m.CognitoIdentityProviderClient({}))",
  },
};

/**
 * A function built on a library made for its job (the sign-in on `oidc-provider`) has that library
 * in its floor: the budget then measures our code, and the library's own cost is printed beside it.
 */
const floorLibraries: Partial<Record<DeployedFunction, Record<string, { imports: string; make: string }>>> = {
  signin: {
    'oidc-provider': { imports: "import Provider from 'oidc-provider';", make: 'Provider' },
    'serverless-http': { imports: "import serverless from 'serverless-http';", make: 'serverless' },
  },
  // The functions that send mail carry nodemailer for the SMTP transport, loaded on first send.
  mailer: { nodemailer: { imports: '', make: "() => import('nodemailer')" } },
  sweep: { nodemailer: { imports: '', make: "() => import('nodemailer')" } },
  // Letters' PDF and the case file: pdf-lib lays them out, fontkit subsets the font, fflate zips the case file.
  documents: {
    'pdf-lib': { imports: "import { PDFDocument } from 'pdf-lib';", make: 'PDFDocument' },
    fontkit: { imports: "import * as fontkit from 'fontkit';", make: 'fontkit' },
    fflate: { imports: "import { zipSync } from 'fflate';", make: 'zipSync' },
  },
  // 个人信息检查 reads files with PDF.js (unpdf, loaded when a PDF is met) and unzips Word and Excel
  // with fflate (OCR's engine and model are files beside the bundle).
  privacy: {
    unpdf: { imports: '', make: "() => import('unpdf')" },
    fflate: { imports: "import { unzipSync } from 'fflate';", make: 'unzipSync' },
  },
  // 部分公开's redaction: PDFium (its JavaScript; the .wasm is beside the bundle), pdf.js (unpdf) and
  // pdf-lib for PDF, fflate for Word and Excel, jpeg-js and pngjs for images. The function loads its
  // engine on the first request that reads a file (functions/redaction/format.ts); the floor the same.
  redaction: {
    '@embedpdf/pdfium': { imports: '', make: "() => import('@embedpdf/pdfium')" },
    unpdf: { imports: '', make: "() => import('unpdf')" },
    'pdf-lib': { imports: '', make: "() => import('pdf-lib')" },
    fflate: { imports: '', make: "() => import('fflate')" },
    'jpeg-js': { imports: '', make: "() => import('jpeg-js')" },
    pngjs: { imports: '', make: "() => import('pngjs')" },
  },
};

function floorSource(clients: string[], libraries: Record<string, { imports: string; make: string }> = {}) {
  const parts = [...clients.map((c) => floorConstructors[c]!), ...Object.values(libraries)];
  return `${parts.map((p) => p.imports).join('\n')}
export const clients = [${parts.map((p) => p.make).join(', ')}];
export const handler = async () => ({ statusCode: 200 });`;
}

const sdkPackagesIn = (metafile: Metafile) =>
  [
    ...new Set(
      Object.keys(metafile.inputs)
        .map(
          (input) =>
            /node_modules\/(@aws-sdk\/(?:client-[a-z0-9-]+|lib-[a-z0-9-]+|s3-presigned-post|s3-request-presigner))\//.exec(
              input,
            )?.[1],
        )
        .filter((p): p is string => Boolean(p)),
    ),
  ].sort();

async function bundle(name: string, entry: { file: string } | { source: string }) {
  const outfile = join(out, name, 'index.mjs');
  const result = await build({
    ...esbuildSettings,
    banner: { ...esbuildSettings.banner },
    mainFields: [...esbuildSettings.mainFields],
    external: [...esbuildSettings.external],
    absWorkingDir: root,
    outfile,
    metafile: true,
    logLevel: 'error',
    ...('file' in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.source, resolveDir: root, loader: 'js' as const } }),
  });
  const code = readFileSync(outfile);
  return { outfile, raw: code.length, gzip: gzipSync(code).length, sdk: sdkPackagesIn(result.metafile!) };
}

const functionEnv = {
  TABLE_NAME: 'bench',
  SITE_BUCKET: 'bench-site',
  PRIVATE_BUCKET: 'bench-private',
  AWS_REGION: 'cn-north-1',
  LOG_LEVEL: 'silent',
};

/** Time to import the bundle in a fresh Node process (module evaluation, client construction): CPU and wall. */
function importTime(file: string): { cpu: number; wall: number } {
  const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); const wall = performance.now() - t; const u = process.cpuUsage(c); process.stdout.write(JSON.stringify({ cpu: (u.user + u.system) / 1000, wall }));`;
  // As deployed: the functions run with source maps enabled (cdk/constructs/gongkai-function.ts).
  const run = spawnSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], {
    env: { ...process.env, ...functionEnv },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`import of ${file} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as { cpu: number; wall: number };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ratio = (a: number, b: number) => (b === 0 ? '–' : `${(a / b).toFixed(2)}x`);

const rows: string[][] = [];
const problems: string[] = [];
const notes: string[] = [];
for (const [name, spec] of Object.entries(functionSpecs) as [DeployedFunction, FunctionSpec][]) {
  if (only && !only.includes(name)) continue;
  const allowed = allowedClients(name, spec);
  const fn = await bundle(name, { file: entryOf(name) });
  const extra = fn.sdk.filter((p) => !allowed.includes(p));
  // The floor constructs exactly the SDK packages the function bundles (all of them allowed).
  const libraries = floorLibraries[name];
  const floor = await bundle(`${name}-floor`, {
    source: floorSource(
      fn.sdk.filter((p) => allowed.includes(p)),
      libraries,
    ),
  });
  const sdkFloor = libraries
    ? await bundle(`${name}-sdk-floor`, { source: floorSource(fn.sdk.filter((p) => allowed.includes(p))) })
    : undefined;
  if (extra.length) problems.push(`${name} bundles SDK clients it is not bound to: ${extra.join(', ')}`);
  const fnTimes: { cpu: number; wall: number }[] = [];
  const floorTimes: { cpu: number; wall: number }[] = [];
  for (let i = 0; i < runs; i++) {
    fnTimes.push(importTime(fn.outfile)); // interleaved, so drift affects both alike
    floorTimes.push(importTime(floor.outfile));
  }
  const [fnMs, floorMs] = [median(fnTimes.map((t) => t.cpu)), median(floorTimes.map((t) => t.cpu))];
  const [fnWall, floorWall] = [median(fnTimes.map((t) => t.wall)), median(floorTimes.map((t) => t.wall))];
  if (sdkFloor && libraries) {
    const sdkMs = median(Array.from({ length: runs }, () => importTime(sdkFloor.outfile).cpu));
    notes.push(
      `${name}'s floor includes ${Object.keys(libraries).join(' and ')}: ${kb(floor.raw - sdkFloor.raw)} (${kb(floor.gzip - sdkFloor.gzip)} gzip) and ${(floorMs - sdkMs).toFixed(1)} ms of cold import (CPU) over the SDK-only floor (${kb(sdkFloor.raw)}, ${sdkMs.toFixed(1)} ms); the function is ${ratio(fn.raw, sdkFloor.raw)} / ${ratio(fnMs, sdkMs)} of that floor.`,
    );
  }
  if (spec.files) {
    const beside = Object.entries(spec.files).flatMap(([folder, files]) =>
      files.map((file) => `${folder}/${file.split('/').pop()} ${kb(statSync(join(root, file)).size)}`),
    );
    notes.push(
      `${name} carries files beside its bundle (not in it, not imported at cold start): ${beside.join(', ')}.`,
    );
  }
  const sizeRatio = fn.raw / floor.raw;
  const timeRatio = fnMs / floorMs;
  if (sizeRatio > sizeBudget)
    problems.push(`${name} bundle is ${sizeRatio.toFixed(2)}x its floor (budget ≤ ${sizeBudget}x)`);
  if (timeRatio > target)
    problems.push(`${name} cold import is ${timeRatio.toFixed(2)}x its floor (target ≤ ${target}x)`);
  rows.push([
    name,
    kb(fn.raw),
    kb(fn.gzip),
    kb(floor.raw),
    kb(floor.gzip),
    ratio(fn.raw, floor.raw),
    ratio(fn.gzip, floor.gzip),
    `${fnMs.toFixed(1)} ms`,
    `${floorMs.toFixed(1)} ms`,
    ratio(fnMs, floorMs),
    ratio(fnWall, floorWall),
    [...fn.sdk.map((p) => p.replace('@aws-sdk/', '')), ...Object.keys(libraries ?? {}).map((l) => `+${l}`)].join(' '),
  ]);
}
rmSync(out, { recursive: true, force: true });

const header = [
  'function',
  'bundle',
  'gzip',
  'floor',
  'floor gzip',
  'size',
  'gzip',
  'import CPU',
  'floor CPU',
  'import',
  'wall',
  'SDK clients',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(
  `\nLambda bundles (esbuild settings of the CDK stack; cold import = CPU time, median of ${runs} fresh Node ${process.versions.node} processes; load ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)\n`,
);
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows) console.log(line(row));
console.log(
  `\nRatios are function / floor (a no-op handler constructing the same SDK packages). Targets: cold import (CPU) ≤ ${target}x, bundle ≤ ${sizeBudget}x (gzip and the wall-time ratio shown for reference).`,
);
for (const note of notes) console.log(note);
if (problems.length) {
  console.log(`\n✗ ${problems.join('\n✗ ')}`);
  process.exitCode = 1;
} else {
  console.log('✓ every function within target; no function bundles an SDK client it is not bound to.');
}
