/**
 * The local services' readiness waits adapt to the machine: a DynamoDB Local that takes longer than
 * the old fixed 30 s (a first start while apt runs) is waited for; one that dies is reported at once.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startDynamoDbLocal } from '../../cdk/local/services.ts';

const path = process.env.PATH;
const real = execFileSync('sh', ['-c', 'command -v java'], { encoding: 'utf8' }).trim();
const dirs: string[] = [];
afterEach(() => {
  process.env.PATH = path;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A `java` first on PATH that runs `before` ahead of the real one when it is asked to run the emulator. */
function javaThat(before: string) {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-java-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'java'), `#!/bin/sh\ncase "$*" in *-port*) ${before} ;; esac\nexec ${real} "$@"\n`);
  chmodSync(join(dir, 'java'), 0o755);
  process.env.PATH = `${dir}:${path}`;
}

const slowStartMs = 35_000;

describe('DynamoDB Local readiness', () => {
  it('waits for a start slower than 30 s, and returns as soon as it answers', {
    timeout: slowStartMs + 120_000,
  }, async () => {
    javaThat(`sleep ${slowStartMs / 1000}`);
    const started = Date.now();

    const service = await startDynamoDbLocal({ port: await freePort() });

    try {
      expect(Date.now() - started).toBeGreaterThan(slowStartMs);
      const tables = await fetch(`${service.endpoint}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          authorization:
            'AWS4-HMAC-SHA256 Credential=local/20260101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
        },
        body: '{}',
      });
      expect(tables.status).toBe(200);
    } finally {
      await service.stop();
    }
  });

  it('reports a Java that exits at once with its message, without waiting out the bound', async () => {
    javaThat('echo "Error: Unable to access jarfile" >&2; exit 1');
    const started = Date.now();

    await expect(startDynamoDbLocal({ port: await freePort() })).rejects.toThrow(
      /DynamoDB Local did not start: process exited with code 1[\s\S]*Unable to access jarfile/,
    );
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("listens on loopback only: the machine's other addresses refuse the connection", async () => {
    const port = await freePort();
    const service = await startDynamoDbLocal({ port });
    try {
      const reach = (host: string) =>
        new Promise<'open' | 'refused'>((resolve) => {
          const socket = connect({ host, port, timeout: 3000 });
          const end = (result: 'open' | 'refused') => {
            socket.destroy();
            resolve(result);
          };
          socket.once('connect', () => end('open'));
          socket.once('error', () => end('refused'));
          socket.once('timeout', () => end('refused'));
        });
      expect(await reach('127.0.0.1')).toBe('open');
      const others = Object.values(networkInterfaces())
        .flat()
        .filter((a) => a && a.family === 'IPv4' && !a.internal)
        .map((a) => a!.address);
      for (const address of others) expect(await reach(address), address).toBe('refused');
    } finally {
      await service.stop();
    }
  });
});
