import { afterEach, describe, expect, it } from 'vitest';
import { MissingConfigError, positiveIntegerEnv, requireEnv } from '#lib/config.ts';

const saved = { ...process.env };
afterEach(() => {
  for (const name of ['GONGKAI_TEST_SETTING', 'GONGKAI_TEST_NUMBER']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('configuration', () => {
  it('fails with the variable name when a required setting is missing', () => {
    delete process.env.GONGKAI_TEST_SETTING;
    expect(() => requireEnv('GONGKAI_TEST_SETTING')).toThrow(MissingConfigError);
    expect(() => requireEnv('GONGKAI_TEST_SETTING')).toThrow(/GONGKAI_TEST_SETTING/);
  });

  it('reads a required setting on first use and keeps it', () => {
    process.env.GONGKAI_TEST_SETTING = 'first';
    expect(requireEnv('GONGKAI_TEST_SETTING')).toBe('first');
    process.env.GONGKAI_TEST_SETTING = 'second';
    expect(requireEnv('GONGKAI_TEST_SETTING')).toBe('first');
  });

  it('gives a number setting its product default when unset', () => {
    delete process.env.GONGKAI_TEST_NUMBER;
    expect(positiveIntegerEnv('GONGKAI_TEST_NUMBER', 10)).toBe(10);
  });

  it('reads a number setting as set', () => {
    process.env.GONGKAI_TEST_NUMBER = '3';
    expect(positiveIntegerEnv('GONGKAI_TEST_NUMBER', 10)).toBe(3);
  });

  it('refuses a number setting that is not a positive whole number, naming the variable', () => {
    for (const bad of ['ten', '0', '-2', '1.5']) {
      process.env.GONGKAI_TEST_NUMBER = bad;
      expect(() => positiveIntegerEnv('GONGKAI_TEST_NUMBER', 10)).toThrow(/GONGKAI_TEST_NUMBER/);
    }
  });
});
