/**
 * Renders Block Kit as plain text, the way a person skimming Slack would read it, so the demo can print
 * every screen in a terminal.
 */

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function textOf(value: unknown): string {
  if (!isRecord(value)) return '';
  const text = typeof value.text === 'string' ? value.text : '';
  return unescapeMrkdwn(text)
    .replace(/<@([A-Z0-9_]+)>/g, '@$1')
    .replace(/<#([A-Z0-9_]+)(\|[^>]*)?>/g, '#$1')
    .replace(/:white_check_mark:/g, '✅')
    .replace(/:x:/g, '❌')
    .replace(/:warning:/g, '⚠️')
    .replace(/:large_yellow_circle:/g, '🟡')
    .replace(/:arrows_counterclockwise:/g, '🔄')
    .replace(/:[a-z_]+:/g, '•');
}

function unescapeMrkdwn(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function elementText(element: unknown): string {
  if (!isRecord(element)) return '';
  switch (element.type) {
    case 'button':
      return `[ ${textOf(element.text)} ]`;
    case 'static_select':
    case 'multi_users_select':
    case 'users_select':
    case 'conversations_select':
    case 'channels_select': {
      const initial = isRecord(element.initial_option) ? textOf(element.initial_option.text) : '';
      return `[ ${initial || textOf(element.placeholder) || 'Select…'} ▾ ]`;
    }
    case 'plain_text_input': {
      const value = typeof element.initial_value === 'string' ? element.initial_value : '';
      return value
        ? value
            .split('\n')
            .map((line) => `│ ${line}`)
            .join('\n')
        : '│ ';
    }
    case 'radio_buttons':
    case 'checkboxes':
      return (Array.isArray(element.options) ? element.options : [])
        .map((option) => `( ) ${textOf(isRecord(option) ? option.text : undefined)}`)
        .join('  ');
    default:
      return textOf(element);
  }
}

export function renderBlocks(blocks: unknown[]): string {
  const lines: string[] = [];
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    switch (block.type) {
      case 'header':
        lines.push(`== ${textOf(block.text)} ==`);
        break;
      case 'section': {
        if (block.text) lines.push(textOf(block.text));
        if (Array.isArray(block.fields))
          lines.push(block.fields.map((field) => textOf(field).replace(/\n/g, ': ')).join('   '));
        if (block.accessory) lines.push(`  ${elementText(block.accessory)}`);
        break;
      }
      case 'context':
        lines.push((Array.isArray(block.elements) ? block.elements : []).map(textOf).join('  ').replace(/^/gm, '  '));
        break;
      case 'divider':
        lines.push('────────────────────────────────────────');
        break;
      case 'actions':
        lines.push((Array.isArray(block.elements) ? block.elements : []).map(elementText).join(' '));
        break;
      case 'input':
        lines.push(`${textOf(block.label)}${block.optional ? ' (optional)' : ''}`, elementText(block.element));
        break;
      case 'image':
        lines.push(`[image: ${String(block.alt_text ?? '')}]`);
        break;
      default:
        lines.push(`[${String(block.type)}]`);
    }
  }
  return lines.join('\n');
}

export function renderView(view: Json): string {
  const title = textOf(view.title);
  const submit = view.submit ? `[ ${textOf(view.submit)} ]` : '';
  const close = view.close ? `[ ${textOf(view.close)} ]` : '';
  const body = renderBlocks(Array.isArray(view.blocks) ? view.blocks : []);
  const width = 72;
  const bar = '─'.repeat(width);
  return [
    `┌${bar}┐`,
    `  ${title}`,
    `├${bar}┤`,
    body.replace(/^/gm, '  '),
    `├${bar}┤`,
    `  ${close} ${submit}`,
    `└${bar}┘`,
  ].join('\n');
}

/** A link that opens the payload in Slack's Block Kit Builder. */
export function blockKitBuilderLink(payload: Json): string {
  return `https://app.slack.com/block-kit-builder/#${encodeURIComponent(JSON.stringify(payload))}`;
}
