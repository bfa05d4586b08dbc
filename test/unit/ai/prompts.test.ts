import { copyFileSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_PROMPTS_DIR,
  fill,
  loadPrompts,
  PROMPT_TASK_NAMES,
  PromptTemplateError,
  placeholdersIn,
  renderPrompt,
} from '../../../src/ai/prompts.js';

let dir: string;

function copyRealPrompts(): void {
  for (const task of PROMPT_TASK_NAMES) copyFileSync(join(DEFAULT_PROMPTS_DIR, `${task}.md`), join(dir, `${task}.md`));
}

function loadError(): PromptTemplateError {
  try {
    loadPrompts(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(PromptTemplateError);
    return error as PromptTemplateError;
  }
  throw new Error('expected loadPrompts to throw');
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'adr-prompts-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('loadPrompts', () => {
  it('loads every task from the project prompts/ folder with a system and a user part', () => {
    const prompts = loadPrompts();
    for (const task of PROMPT_TASK_NAMES) {
      expect(prompts[task].system.length).toBeGreaterThan(100);
      expect(prompts[task].user.length).toBeGreaterThan(10);
      expect(prompts[task].system).not.toContain('## User');
    }
    expect(placeholdersIn(prompts['draft-from-problem'].user)).toEqual(
      expect.arrayContaining(['title', 'problem', 'topic']),
    );
    expect(prompts['review-draft'].system).toContain('Encrypt sensitive data');
  });

  it('names the missing file', () => {
    copyRealPrompts();
    unlinkSync(join(dir, 'pros-cons.md'));
    const error = loadError();
    expect(error.file).toBe(join(dir, 'pros-cons.md'));
    expect(error.message).toContain('pros-cons.md');
    expect(error.message).toContain('missing');
  });

  it('names the file and the unknown placeholder', () => {
    copyRealPrompts();
    writeFileSync(
      join(dir, 'pros-cons.md'),
      '## System\nBe helpful.\n## User\n{{title}} {{context}} {{option}} {{secret}}\n',
    );
    const error = loadError();
    expect(error.placeholder).toBe('secret');
    expect(error.message).toContain('pros-cons.md');
    expect(error.message).toContain('{{secret}}');
  });

  it('names a required placeholder that the template forgot', () => {
    copyRealPrompts();
    writeFileSync(join(dir, 'draft-from-thread.md'), '## System\nBe helpful.\n## User\nChannel {{channelName}}\n');
    const error = loadError();
    expect(error.placeholder).toBe('thread');
    expect(error.message).toContain('draft-from-thread.md');
    expect(error.message).toContain('{{thread}}');
  });

  it('rejects a template without a User section', () => {
    copyRealPrompts();
    writeFileSync(join(dir, 'review-draft.md'), '## System\n{{draft}} {{sections}}\n');
    expect(loadError().message).toContain('## User');
  });

  it('rejects a malformed placeholder', () => {
    copyRealPrompts();
    writeFileSync(join(dir, 'pros-cons.md'), '## System\nx\n## User\n{{title}} {{context}} {{option}} {{ broken\n');
    expect(loadError().message).toContain('malformed placeholder');
  });
});

describe('fill', () => {
  it('replaces every named placeholder, with or without inner spaces', () => {
    expect(fill('A {{title}} and {{ title }} about {{topic}}.', { title: 'X', topic: 'Y' })).toBe('A X and X about Y.');
  });

  it('does not substitute placeholders that appear inside values', () => {
    expect(fill('{{title}} / {{problem}}', { title: '{{problem}}', problem: 'P' })).toBe('{{problem}} / P');
  });

  it('throws when a value is missing', () => {
    expect(() => fill('{{title}}', {})).toThrow(/title/);
  });

  it('renders both parts of a template', () => {
    const prompts = loadPrompts();
    const rendered = renderPrompt(prompts['pros-cons'], { title: 'T1', context: 'C1', option: 'O1' });
    expect(rendered.user).toContain('T1');
    expect(rendered.user).toContain('O1');
    expect(rendered.user).not.toContain('{{');
  });
});
