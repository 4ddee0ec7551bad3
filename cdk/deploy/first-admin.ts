/**
 * `npm run first-admin -- --county-id fusong --county-name 抚松县人民政府 --code FS
 *   --username wangfang --name 王芳 --email wangfang@fusong.gov.cn`
 *
 * Run once after `npm run deploy` (which writes the stack's outputs to cdk-outputs.json), with the
 * same AWS credentials: creates the county's root agency and its first administrator in the
 * deployed table and identity provider. Running it again changes nothing.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    'county-id': { type: 'string' },
    'county-name': { type: 'string' },
    code: { type: 'string' },
    username: { type: 'string' },
    name: { type: 'string' },
    email: { type: 'string' },
    outputs: { type: 'string', default: 'cdk-outputs.json' },
    stack: { type: 'string', default: 'Gongkai' },
  },
});
const required = ['county-id', 'county-name', 'code', 'username', 'name', 'email'] as const;
const missing = required.filter((key) => !values[key]);
if (missing.length) {
  console.error(`Missing ${missing.map((m) => `--${m}`).join(', ')}.\n`);
  console.error(
    'Usage: npm run first-admin -- --county-id fusong --county-name 抚松县人民政府 --code FS --username wangfang --name 王芳 --email wangfang@fusong.gov.cn [--outputs cdk-outputs.json]',
  );
  process.exit(2);
}

let outputs: Record<string, string>;
try {
  outputs = (JSON.parse(readFileSync(values.outputs!, 'utf8')) as Record<string, Record<string, string>>)[
    values.stack!
  ]!;
  if (!outputs?.TableName) throw new Error('no TableName output');
} catch (error) {
  console.error(`Cannot read the stack's outputs from ${values.outputs} (${(error as Error).message}).`);
  console.error('Run `npm run deploy` first: it writes them there.');
  process.exit(2);
}
process.env.TABLE_NAME = outputs.TableName;
process.env.STAFF_PROVIDER = outputs.StaffProvider ?? 'cognito';
if (outputs.UserPoolId) process.env.USER_POOL_ID = outputs.UserPoolId;
process.env.AWS_REGION ??= outputs.Region;

const { setUpFirstAdministrator } = await import('./first-admin-setup.ts');
const result = await setUpFirstAdministrator({
  county: { id: values['county-id']!, name: values['county-name']!, code: values.code! },
  admin: { username: values.username!, name: values.name!, email: values.email! },
}).catch((error: Error) => {
  console.error(`未完成：${error.message}`);
  process.exit(1);
});
console.log(
  result.agency === 'created' ? `已新建机关：${values['county-name']}` : `机关已存在：${values['county-name']}`,
);
if (result.admin === 'exists') console.log(`管理员账号已存在：${values.username}（未作修改）`);
else {
  console.log(`已新建管理员账号：${values.name}（${values.username}）`);
  console.log(result.invitation?.message);
  if (result.invitation?.temporaryPassword) console.log(`临时密码：${result.invitation.temporaryPassword}`);
}
console.log(`工作平台：${outputs.SiteUrl ?? ''}/staff/`);
