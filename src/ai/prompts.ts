import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath } from '../project-root.js';

/**
 * One Markdown file per task under prompts/, with a `## System` and a `## User` section and `{{name}}`
 * placeholders. Every file is read and checked at start so a broken template fails the boot, not a user's click.
 */
export const PROMPT_TASKS = {
  'draft-from-problem': { required: ['title', 'problem'], optional: ['topic', 'related'] },
  'draft-from-thread': { required: ['thread'], optional: ['channelName', 'omissionNote', 'related'] },
  'pros-cons': { required: ['title', 'context', 'option'], optional: [] },
  'review-draft': { required: ['draft', 'sections'], optional: [] },
  'confirm-decision': { required: ['thread', 'decidingMessage'], optional: [] },
} as const satisfies Record<string, { required: readonly string[]; optional: readonly string[] }>;

export type PromptTask = keyof typeof PROMPT_TASKS;
export const PROMPT_TASK_NAMES = Object.keys(PROMPT_TASKS) as PromptTask[];

export interface PromptTemplate {
  task: PromptTask;
  file: string;
  system: string;
  user: string;
}

export type Prompts = Record<PromptTask, PromptTemplate>;

/** The prompts/ folder at the project root. */
export const DEFAULT_PROMPTS_DIR = projectPath('prompts');

export class PromptTemplateError extends Error {
  constructor(
    readonly file: string,
    detail: string,
    readonly placeholder?: string,
  ) {
    super(`Prompt template ${file}: ${detail}`);
    this.name = 'PromptTemplateError';
  }
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;
const SECTION_HEADING = /^##[ \t]+(System|User)[ \t]*$/gim;

export function placeholdersIn(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1] as string))];
}

export function parsePromptTemplate(task: PromptTask, file: string, source: string): PromptTemplate {
  const headings = [...source.matchAll(SECTION_HEADING)];
  const sections = new Map<string, string>();
  headings.forEach((heading, index) => {
    const name = (heading[1] as string).toLowerCase();
    if (sections.has(name)) throw new PromptTemplateError(file, `has more than one "## ${heading[1]}" section`);
    const start = (heading.index ?? 0) + heading[0].length;
    const end = headings[index + 1]?.index ?? source.length;
    sections.set(name, source.slice(start, end).trim());
  });
  const system = sections.get('system');
  const user = sections.get('user');
  if (!system) throw new PromptTemplateError(file, 'needs a non-empty "## System" section');
  if (!user) throw new PromptTemplateError(file, 'needs a non-empty "## User" section');

  const spec = PROMPT_TASKS[task];
  const allowed: readonly string[] = [...spec.required, ...spec.optional];
  const used = placeholdersIn(`${system}\n${user}`);
  for (const name of used) {
    if (!allowed.includes(name)) {
      throw new PromptTemplateError(
        file,
        `unknown placeholder {{${name}}}; allowed here: ${allowed.map((allowedName) => `{{${allowedName}}}`).join(', ')}`,
        name,
      );
    }
  }
  for (const name of spec.required) {
    if (!used.includes(name))
      throw new PromptTemplateError(file, `is missing the required placeholder {{${name}}}`, name);
  }
  const leftover = `${system}\n${user}`.replace(PLACEHOLDER, '');
  const malformed = /\{\{[^\n]{0,40}|[^\n]{0,40}\}\}/.exec(leftover);
  if (malformed) throw new PromptTemplateError(file, `has a malformed placeholder near "${malformed[0].trim()}"`);

  return { task, file, system, user };
}

export function loadPrompts(dir: string = DEFAULT_PROMPTS_DIR): Prompts {
  const entries = PROMPT_TASK_NAMES.map((task) => {
    const file = join(dir, `${task}.md`);
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file is missing' : 'cannot be read';
      throw new PromptTemplateError(file, reason);
    }
    return [task, parsePromptTemplate(task, file, source)] as const;
  });
  return Object.fromEntries(entries) as Prompts;
}

/**
 * Replaces `{{name}}` with `values[name]` in one pass, so text inside a value that looks like a placeholder is
 * never substituted again.
 */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No value for prompt placeholder {{${name}}}`);
    return value;
  });
}

export function renderPrompt(
  template: PromptTemplate,
  values: Readonly<Record<string, string>>,
): { system: string; user: string } {
  return { system: fill(template.system, values), user: fill(template.user, values) };
}
