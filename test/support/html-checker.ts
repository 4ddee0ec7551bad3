/**
 * The W3C HTML checker (the Nu Html Checker, `vnu-jar`), run with the Java the platform already
 * requires for DynamoDB Local: one JVM for a whole batch of documents, errors only.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const vnuJar = String(createRequire(import.meta.url)('vnu-jar'));

export interface HtmlError {
  file: string;
  line?: number;
  message: string;
  extract?: string;
}

/**
 * What the checker reports that is meant, each with its reason. Nothing else is let through.
 * - `webkitdirectory`: the console's 历史信息导入 picks a whole folder of attachments; every browser
 *   supports the attribute and the HTML standard has no other way to do it.
 */
const accepted = [/^Attribute “webkitdirectory” not allowed on element “input”/];

/** Every error the checker finds in the files (HTML documents), with where it is. */
export async function htmlErrors(files: string[]): Promise<HtmlError[]> {
  if (!files.length) return [];
  // --exit-zero-always: the report says what is wrong; a non-zero exit would only hide it.
  const { stderr } = await promisify(execFile)(
    'java',
    ['-jar', vnuJar, '--format', 'json', '--errors-only', '--exit-zero-always', ...files],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const report = JSON.parse(stderr) as {
    messages: { type: string; url?: string; lastLine?: number; message: string; extract?: string }[];
  };
  return report.messages
    .filter((m) => m.type === 'error' || m.type === 'non-document-error')
    .filter((m) => !accepted.some((pattern) => pattern.test(m.message)))
    .map((m) => ({
      file: decodeURIComponent(m.url?.replace(/^file:/, '') ?? ''),
      ...(m.lastLine !== undefined && { line: m.lastLine }),
      message: m.message,
      ...(m.extract && { extract: m.extract.trim() }),
    }));
}
