import { createHmac } from 'node:crypto';
import { parse } from 'node:querystring';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSignedBySlack, readForm, readFormBody } from '../../../src/slack/receiver.js';

describe('readForm', () => {
  it('decodes a lone payload field exactly as querystring does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (value) => {
        const body = new URLSearchParams({ payload: value }).toString();
        expect(readForm(body)).toEqual({ ...parse(body) });
        expect(readForm(body).payload).toBe(value);
      }),
      { seed: 8, numRuns: 500 },
    );
  });

  it('decodes as decodeURIComponent does: a leading byte order mark kept, UTF-8 of every length, wrong bytes refused', () => {
    const value = `\uFEFF{"text":"é ✅ 𝒜 \uFEFF"}`;
    expect(readForm(`payload=${encodeURIComponent(value)}`).payload).toBe(value);
    for (const raw of ['%ED%A0%80', '%C0%AF', '%E2%82', '%FF']) {
      expect(readForm(`payload=${raw}`)).toEqual({ ...parse(`payload=${raw}`) });
    }
    expect(readForm('payload=caf\u00e9%20ok').payload).toBe('café ok');
  });

  it('keeps plus signs sent as %2B and turns form-encoded + into spaces', () => {
    expect(readForm('payload=%7B%22a%22%3A%221%2B1+%3D+2%22%7D').payload).toBe('{"a":"1+1 = 2"}');
  });

  it('falls back to querystring for malformed percent-encoding and for bodies with several fields', () => {
    expect(readForm('payload=%E0%A4%A')).toEqual({ ...parse('payload=%E0%A4%A') });
    expect(readForm('command=%2Fadr&text=show+1')).toEqual({ command: '/adr', text: 'show 1' });
    expect(readForm('payload=1&payload=2')).toEqual({ payload: ['1', '2'] });
  });
});

describe('readFormBody', () => {
  it('reads a body as received exactly as readForm reads its text', () => {
    const encodedPayload = fc
      .string({ unit: 'grapheme', maxLength: 200 })
      .map((value) => `payload=${encodeURIComponent(value)}`);
    const anyBody = fc.oneof(
      encodedPayload,
      encodedPayload.map((body) => body.replaceAll('%20', '+')),
      fc.string({ unit: 'grapheme', maxLength: 60 }).map((text) => `payload=${text}`),
      fc.string({ maxLength: 60 }),
      fc.constantFrom(
        'payload=%E0%A4%A',
        'payload=%',
        'payload=%zz',
        'payload=a&b=c',
        'payload',
        '',
        'payload=caf\u00e9',
      ),
    );
    fc.assert(
      fc.property(anyBody, (body) => {
        expect(readFormBody(Buffer.from(body, 'utf8'))).toEqual(readForm(body));
      }),
      { seed: 11, numRuns: 1000 },
    );
  });
});

describe('isSignedBySlack', () => {
  const secret = 'shh';
  const now = Date.UTC(2026, 10, 24, 12);
  const timestamp = String(now / 1000);
  const body = Buffer.from('command=%2Fadr&text=help');
  const sign = (ts: string, raw: Buffer) =>
    `v0=${createHmac('sha256', secret)
      .update(`v0:${ts}:${raw.toString('utf8')}`)
      .digest('hex')}`;
  const headers = (signature: string, ts = timestamp) => ({
    'x-slack-signature': signature,
    'x-slack-request-timestamp': ts,
  });

  it('accepts a body signed with the secret within five minutes', () => {
    expect(isSignedBySlack(secret, headers(sign(timestamp, body)), body, now)).toBe(true);
    expect(isSignedBySlack(secret, headers(sign(timestamp, body)), body, now + 299_000)).toBe(true);
  });

  it('refuses another secret, a changed body, a truncated signature and missing headers', () => {
    const other = `v0=${createHmac('sha256', 'other').update(`v0:${timestamp}:${body}`).digest('hex')}`;
    expect(isSignedBySlack(secret, headers(other), body, now)).toBe(false);
    expect(isSignedBySlack(secret, headers(sign(timestamp, body)), Buffer.from(`${body}x`), now)).toBe(false);
    expect(isSignedBySlack(secret, headers(sign(timestamp, body).slice(0, -1)), body, now)).toBe(false);
    expect(isSignedBySlack(secret, {}, body, now)).toBe(false);
  });

  it('refuses timestamps more than five minutes off either way, or not a number of seconds', () => {
    expect(isSignedBySlack(secret, headers(sign(timestamp, body)), body, now + 301_000)).toBe(false);
    expect(isSignedBySlack(secret, headers(sign(timestamp, body)), body, now - 301_000)).toBe(false);
    const odd = `${timestamp}.0`;
    expect(isSignedBySlack(secret, headers(sign(odd, body), odd), body, now)).toBe(false);
  });
});
