import { describe, expect, it } from 'vitest';
import { parseAdrCommand, SUBCOMMANDS } from '../../../src/slack/commands/parse-command.js';
import { PROMISED_SUBCOMMANDS } from '../../support/subcommands.js';

describe('parseAdrCommand', () => {
  it.each([
    ['', { name: 'help' }],
    ['  help ', { name: 'help' }],
    ['new', { name: 'new', title: '' }],
    ['new   Use  PostgreSQL ', { name: 'new', title: 'Use  PostgreSQL' }],
    ['list', { name: 'list', status: null, page: 1 }],
    ['list Accepted 3', { name: 'list', status: 'accepted', page: 3 }],
    ['show ADR-007', { name: 'show', ref: 'ADR-007' }],
    ['search event sourcing', { name: 'search', query: 'event sourcing' }],
    ['accept 7', { name: 'status', to: 'accepted', ref: '7' }],
    ['REJECT 7', { name: 'status', to: 'rejected', ref: '7' }],
    ['deprecate 7', { name: 'status', to: 'deprecated', ref: '7' }],
    ['supersede 3 by 9', { name: 'supersede', ref: '3', byRef: '9' }],
    ['supersede 3 BY adr-9', { name: 'supersede', ref: '3', byRef: 'adr-9' }],
    ['edit 4', { name: 'edit', ref: '4' }],
    ['drafts', { name: 'drafts' }],
    ['export all', { name: 'export', ref: 'all', format: 'seed' }],
    ['export 2 MADR', { name: 'export', ref: '2', format: 'madr' }],
    ['export all madr4', { name: 'export', ref: 'all', format: 'madr4' }],
    ['export 3 Nygard', { name: 'export', ref: '3', format: 'nygard' }],
    ['score 5', { name: 'score', ref: '5', mode: 'score' }],
    ['score 5 results', { name: 'score', ref: '5', mode: 'results' }],
    ['config', { name: 'config' }],
    ['frobnicate', { name: 'unknown', input: 'frobnicate' }],
  ])('%j', (text, expected) => {
    expect(parseAdrCommand(text)).toEqual(expected);
  });

  it.each([
    'show',
    'show 1 2',
    'search',
    'accept',
    'supersede 3 with 9',
    'supersede 3 by',
    'export',
    'export 1 pdf',
    'list bogus',
  ])('answers %j with the usage of that subcommand', (text) => {
    const parsed = parseAdrCommand(text);
    expect(parsed.name).toBe('usage');
    if (parsed.name === 'usage') expect(parsed.usage.startsWith(`/adr ${text.split(' ')[0]}`)).toBe(true);
  });

  it('lists every subcommand it parses in the help', () => {
    const keywords = SUBCOMMANDS.map((entry) => entry.usage.split(' ')[0]);
    for (const keyword of PROMISED_SUBCOMMANDS) {
      expect(keywords).toContain(keyword);
    }
  });
});
