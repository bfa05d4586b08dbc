import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { type Adr, emptyContent } from '../../../src/domain/adr.js';
import { branchName, gitBlobSha, pullRequestBody, pullRequestTitle } from '../../../src/domain/publishing.js';

function adr(overrides: Partial<Adr> = {}): Adr {
  return {
    ...emptyContent('Use PostgreSQL (v16) for orders!'),
    teamId: 'T1',
    number: 7,
    status: 'accepted',
    supersededBy: null,
    supersedes: [],
    authorId: 'U1',
    date: '2026-12-01',
    createdAt: '2026-12-01T00:00:00Z',
    updatedAt: '2026-12-01T00:00:00Z',
    deciders: ['U_BOB'],
    ...overrides,
  };
}

describe('publishing names and texts', () => {
  it('computes the blob id git computes', () => {
    for (const content of ['', 'hello\n', '# ADR-001: Café ✅\n\n* Status: accepted\n']) {
      const git = execFileSync('git', ['hash-object', '--stdin'], { input: content }).toString().trim();
      expect(gitBlobSha(content)).toBe(git);
    }
  });

  it('names one branch per change of an ADR', () => {
    expect(branchName(adr(), 'accepted')).toBe('adr/007-use-postgresql-v16-for-orders');
    expect(branchName(adr(), 'superseded')).toBe('adr/007-use-postgresql-v16-for-orders-superseded');
    expect(branchName(adr({ title: '!!!' }), 'deprecated')).toBe('adr/007-untitled-deprecated');
    expect(pullRequestTitle(adr(), 'accepted')).toBe('ADR-007: Use PostgreSQL (v16) for orders!');
  });

  it('keeps people’s text out of Markdown links and HTML, and says which files had changed', () => {
    const body = pullRequestBody({
      adr: adr({ title: '[click](https://evil.example) <img src=x>' }),
      reason: 'accepted',
      changed: [adr()],
      threadUrl: 'https://acme.slack.com/archives/C1/p1',
      approvals: [
        {
          deciderId: 'U_BOB',
          answer: 'approved',
          comment: null,
          requestedAt: '2026-12-01',
          answeredAt: '2026-12-02T10:00:00Z',
        },
      ],
      scoreLine: 'Weighted score 4.2 / 5',
      nameOf: (id) => (id === 'U_BOB' ? 'Bob *Builder*' : id),
      files: [
        { path: 'docs/adr/0007-x.md', isNew: true },
        { path: 'docs/adr/README.md', isNew: false },
      ],
      changedOutside: ['docs/adr/README.md'],
    });
    expect(body).not.toMatch(/[^\\]\]\(https:\/\/evil/);
    expect(body).not.toContain('<img');
    expect(body).toContain('\\[click\\]');
    expect(body).toContain('**Deciders:** Bob \\*Builder\\*');
    expect(body).toContain('**Approvals:** Bob \\*Builder\\*: approved (2026-12-02)');
    expect(body).toContain('Slack thread: https://acme.slack.com/archives/C1/p1');
    expect(body).toContain('* `docs/adr/0007-x.md` (new)');
    expect(body).toContain('`docs/adr/README.md` had changed in the repository since ADR Assistant last wrote it');
  });
});
