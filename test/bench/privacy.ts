/**
 * `npm run bench` (privacy): 个人信息检查 over the seeded corpus (texts a county publishes, PDF, Word
 * and Excel files made by real writers) with planted personal data and look-alike numbers: recall
 * (target ≥ 99%), false positives among the look-alikes (target ≤ 2%), and the scan's time per MB,
 * beside a floor measured in the same run: one pass of a bare digit-run regex over the same text
 * (the least any scanner must do). Files: reading their text (PDF.js, fflate + htmlparser2) per MB of
 * file, then the scan. Then the outside corpus (notices and files written the way real 公示, 公告
 * and 处罚决定书 are, by someone who did not read the guard): recall and false positives by kind and
 * by carrier, and the scan's time over its texts.
 */
import { personalNumbersIn, scanSegments } from '#core/privacy.ts';
import { fileText } from '../../functions/privacy/read-files.ts';
import { outsideFiles, outsideTexts } from '../support/outside-privacy-corpus.ts';
import { figureLines, outsideFigures, textSegments } from '../support/outside-privacy-figures.ts';
import { outsideImages } from '../support/outside-privacy-images.ts';
import { corpusFigures, privacyFiles, privacyTexts } from '../support/privacy-corpus.ts';

const MB = 1024 * 1024;
const problems: string[] = [];
const pct = (n: number) => `${(n * 100).toFixed(2)}%`;

const time = (work: () => void, rounds: number) => {
  const start = performance.now();
  for (let i = 0; i < rounds; i++) work();
  return (performance.now() - start) / rounds;
};

// Texts.
const texts = privacyTexts(Number(process.env.BENCH_PRIVACY_TEXTS ?? 2000));
const { planted, found, decoys, falsePositives } = corpusFigures(texts);
const corpus = texts.map((t) => t.text).join('\n');
const bytes = Buffer.byteLength(corpus);
const segments = texts.map((t) => ({ where: { field: 'body' as const }, text: t.text }));
const scanMs = Math.min(...[0, 1, 2].map(() => time(() => scanSegments(segments), 3)));
const floorMs = Math.min(...[0, 1, 2].map(() => time(() => [...corpus.matchAll(/\d+/g)].length, 3)));
const textRecall = found / planted;
const textFalse = falsePositives / decoys;
console.log('\n## 个人信息检查 (privacy)\n');
console.log(`texts: ${texts.length}, ${(bytes / 1024).toFixed(0)} KB; planted ${planted}, look-alikes ${decoys}`);
console.log(
  `  recall ${pct(textRecall)} (target ≥ 99%), false positives ${falsePositives} = ${pct(textFalse)} of look-alikes (target ≤ 2%)`,
);
console.log(
  `  scan ${((scanMs / bytes) * MB).toFixed(1)} ms/MB (${(bytes / MB / (scanMs / 1000)).toFixed(1)} MB/s); floor (digit runs) ${((floorMs / bytes) * MB).toFixed(1)} ms/MB; ratio ${(scanMs / floorMs).toFixed(2)}x`,
);
if (textRecall < 0.99) problems.push(`text recall ${pct(textRecall)} below 99%`);
if (textFalse > 0.02) problems.push(`text false positives ${pct(textFalse)} above 2%`);

// Files.
const files = await privacyFiles();
const byKind = new Map<string, { files: number; bytes: number; readMs: number; scanMs: number }>();
let filePlanted = 0;
let fileFound = 0;
let fileDecoys = 0;
let fileFalse = 0;
let unreadable = 0;
for (const file of files) {
  const kind = file.fileName.split('.').at(-1)!;
  const row = byKind.get(kind) ?? { files: 0, bytes: 0, readMs: 0, scanMs: 0 };
  const start = performance.now();
  const text = await fileText(file.bytes, file.contentType, { field: 'attachment', fileName: file.fileName });
  const read = performance.now();
  row.files += 1;
  row.bytes += file.bytes.length;
  row.readMs += read - start;
  byKind.set(kind, row);
  if ('unchecked' in text) {
    unreadable += 1;
    if (!file.unreadable) problems.push(`${file.fileName} could not be read: ${text.unchecked}`);
    continue;
  }
  scanSegments(text.segments);
  row.scanMs += performance.now() - read;
  const numbers = personalNumbersIn(text.segments.map((s) => s.text).join('\n'));
  filePlanted += file.planted.length;
  fileDecoys += file.decoys;
  fileFound += file.planted.filter((p) => numbers.some((h) => h.digits === p.digits)).length;
  fileFalse += numbers.filter((h) => !file.planted.some((p) => p.digits === h.digits)).length;
}
const fileRecall = fileFound / filePlanted;
const fileFalseRate = fileFalse / fileDecoys;
console.log(
  `files: ${files.length} (${[...byKind].map(([k, r]) => `${r.files} ${k}`).join(', ')}); planted ${filePlanted}, look-alikes ${fileDecoys}; ${unreadable} reported as to be checked by eye (a scan, an image)`,
);
console.log(
  `  recall ${pct(fileRecall)} (target ≥ 99%), false positives ${fileFalse} = ${pct(fileFalseRate)} (target ≤ 2%)`,
);
for (const [kind, row] of byKind)
  console.log(
    `  ${kind}: ${(row.bytes / 1024).toFixed(0)} KB read in ${row.readMs.toFixed(0)} ms (${((row.readMs / row.bytes) * MB).toFixed(0)} ms/MB of file), scanned in ${row.scanMs.toFixed(1)} ms`,
  );
if (fileRecall < 0.99) problems.push(`file recall ${pct(fileRecall)} below 99%`);
if (fileFalseRate > 0.02) problems.push(`file false positives ${pct(fileFalseRate)} above 2%`);

// The outside corpus, its images read by OCR: the first read loads the engine and the model.
const outside = outsideTexts();
const images = await outsideImages();
for (const image of images) {
  const start = performance.now();
  const read = await fileText(image.bytes, image.mediaType, { field: 'attachment', fileName: image.name });
  console.log(
    `OCR ${image.name} (${(image.bytes.length / 1024).toFixed(0)} KB): ${(performance.now() - start).toFixed(0)} ms${'segments' in read ? '' : `, not read: ${read.unchecked}`}`,
  );
}
const outsideFigureSet = await outsideFigures(outside, [...(await outsideFiles()), ...images]);
const outsideSegments = outside.flatMap(textSegments);
const outsideBytes = Buffer.byteLength(outsideSegments.map((s) => s.text).join('\n'));
const outsideMs = Math.min(...[0, 1, 2].map(() => time(() => scanSegments(outsideSegments), 5)));
console.log(
  `outside corpus: ${outside.length} notices, 4 files and ${images.length} images written from real 公示, 公告 and 处罚决定书`,
);
for (const line of figureLines(outsideFigureSet)) console.log(`  ${line}`);
console.log(`  scan of its texts ${((outsideMs / outsideBytes) * MB).toFixed(1)} ms/MB`);
const outsideRecall = outsideFigureSet.all.found / outsideFigureSet.all.planted;
const outsideFalse = outsideFigureSet.all.falsePositives / outsideFigureSet.all.decoys;
if (outsideRecall < 0.99) problems.push(`outside recall ${pct(outsideRecall)} below 99%`);
if (outsideFalse > 0.02) problems.push(`outside false positives ${pct(outsideFalse)} above 2%`);

if (problems.length) {
  console.log(`\n✗ ${problems.join('\n✗ ')}`);
  process.exitCode = 1;
} else console.log('\n✓ privacy within target');
