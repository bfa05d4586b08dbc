import type { AdrContent } from '../domain/adr.js';
import type { SearchDocument } from './store.js';

/** The sections of an ADR as the search index holds them, the same on both engines. */
export function searchDocument(adrId: number, teamId: string, number: number, content: AdrContent): SearchDocument {
  return {
    adrId,
    teamId,
    number,
    title: content.title,
    context: [content.context, ...(content.extraSections ?? []).map((extra) => `${extra.heading}\n${extra.text}`)].join(
      '\n',
    ),
    drivers: content.drivers.join('\n'),
    options: content.options.map((option) => [option.name, ...option.pros, ...option.cons].join('\n')).join('\n'),
    outcome: [content.chosenOption ?? '', content.justification].join('\n'),
  };
}
