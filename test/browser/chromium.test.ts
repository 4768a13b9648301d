// The browser tests skip without Chromium only outside CI: in CI a missing browser fails the suite.
import { describe, expect, it, vi } from 'vitest';
import { browserAvailable, inCi } from './chromium.ts';

describe('a missing browser', () => {
  it.each([['true'], ['1'], ['yes']])('CI=%s: fails, naming the install command', (ci) => {
    expect(() => browserAvailable('/nonexistent/chromium', { CI: ci })).toThrow(/\/nonexistent\/chromium is missing: CI must install Debian's chromium \(sudo apt-get install -y chromium/);
  });

  it.each([[undefined], [''], ['false'], ['0']])('CI=%s: skips with a warning', (ci) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(browserAvailable('/nonexistent/chromium', ci === undefined ? {} : { CI: ci })).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('apt-get install -y chromium'));
    warn.mockRestore();
  });

  it('a browser that is there runs, in CI or not', () => {
    expect(browserAvailable(process.execPath, { CI: 'true' })).toBe(true);
    expect(inCi({ CI: 'true' })).toBe(true);
  });
});
