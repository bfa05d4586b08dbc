/**
 * Renders Block Kit as plain text, the way a person skimming Slack would read it, so the demo can print
 * every screen in a terminal: mentions as people's names, channel links as #names, emoji as characters,
 * mrkdwn markers dropped (or shown as ANSI bold when the output is a terminal).
 */

type Json = Record<string, unknown>;

export interface RenderOptions {
  /** User id → the name Slack would show (real name). */
  users?: Readonly<Record<string, string>>;
  /** Channel id → channel name without the #. */
  channels?: Readonly<Record<string, string>>;
  /** Bold and dim with ANSI escapes (for a terminal); plain text otherwise. */
  ansi?: boolean;
  /** Wrap lines at this many columns (messages; a modal wraps at its own width). */
  width?: number;
}

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The emoji codes the app sends, as the characters Slack shows. Unknown codes stay as `:code:`. */
export const EMOJI: Readonly<Record<string, string>> = {
  white_check_mark: '✅',
  x: '❌',
  warning: '⚠️',
  large_yellow_circle: '🟡',
  arrows_counterclockwise: '🔄',
  hourglass_flowing_sand: '⏳',
  pencil2: '✏️',
  information_source: 'ℹ️',
  sparkles: '✨',
  lock: '🔒',
  bar_chart: '📊',
  trophy: '🏆',
  outbox_tray: '📤',
  heavy_plus_sign: '➕',
  heavy_minus_sign: '➖',
  calendar: '📅',
  bulb: '💡',
  bell: '🔔',
  balance_scale: '⚖️',
  memo: '📝',
  tada: '🎉',
};

/** Code block lines start with this, which also keeps them from being wrapped. */
const CODE_INDENT = '  ┃ ';
/** What a `>` block quote line starts with. */
const QUOTE = '▎ ';

const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const visibleLength = (text: string) => [...text.replace(ANSI_ESCAPE, '')].length;

const BOLD = (text: string) => `\x1b[1m${text}\x1b[22m`;
const DIM = (text: string) => `\x1b[2m${text}\x1b[22m`;

function unescapeMrkdwn(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function replaceEmoji(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):/g, (code, name: string) => EMOJI[name] ?? code);
}

/** Formats mrkdwn outside code; code blocks lose their fences (Slack shows a grey box), code spans stay as is. */
function formatMrkdwn(text: string, options: RenderOptions): string {
  return text
    .split(/```\n?([\s\S]*?)\n?```/)
    .map((part, i) => (i % 2 === 1 ? part.replace(/^/gm, CODE_INDENT) : formatInline(part, options)))
    .join('\n')
    .replace(/\n{2,}/g, '\n')
    .replace(/^\n|\n$/g, '');
}

function formatInline(text: string, options: RenderOptions): string {
  return text
    .replace(/^>/gm, QUOTE)
    .split(/(`[^`\n]+`)/)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      return replaceEmoji(part)
        .replace(/(^|[\s(“"'])\*([^*\n]+)\*(?=$|[\s).,:;!?”"'])/gm, (_, before: string, inner: string) =>
          options.ansi ? `${before}${BOLD(inner)}` : `${before}${inner}`,
        )
        .replace(/(^|[\s(“"'])_([^_\n]+)_(?=$|[\s).,:;!?”"'])/gm, (_, before: string, inner: string) =>
          options.ansi ? `${before}${DIM(inner)}` : `${before}${inner}`,
        );
    })
    .join('');
}

/**
 * Slack's angle-bracket markup (mentions, channel links, links, broadcasts) to what a reader sees. Escaped user text
 * (`&lt;…&gt;`) is only unescaped afterwards, so it can never turn into a mention here either.
 */
function resolveMarkup(text: string, options: RenderOptions): string {
  return text.replace(/<([^<>]+)>/g, (whole, inner: string) => {
    const [target = '', label] = inner.split('|', 2);
    if (target.startsWith('@')) return `@${options.users?.[target.slice(1)] ?? label ?? target.slice(1)}`;
    if (target.startsWith('#')) return `#${options.channels?.[target.slice(1)] ?? label ?? target.slice(1)}`;
    if (target.startsWith('!')) return `@${label ?? target.slice(1)}`;
    if (/^(https?|mailto):/.test(target)) return label ? `${label} (${target})` : target;
    return whole;
  });
}

function textOf(value: unknown, options: RenderOptions): string {
  if (!isRecord(value)) return '';
  const text = typeof value.text === 'string' ? value.text : '';
  if (value.type === 'plain_text') return value.emoji === false ? text : replaceEmoji(text);
  return unescapeMrkdwn(formatMrkdwn(resolveMarkup(text, options), options));
}

function userName(id: unknown, options: RenderOptions): string {
  return typeof id === 'string' ? `@${options.users?.[id] ?? id}` : '';
}

function optionText(option: unknown, options: RenderOptions): string {
  return isRecord(option) ? textOf(option.text, options) : '';
}

function elementText(element: unknown, options: RenderOptions): string {
  if (!isRecord(element)) return '';
  const placeholder = () => textOf(element.placeholder, options) || 'Select…';
  switch (element.type) {
    case 'button':
      return `[ ${textOf(element.text, options)} ]`;
    case 'static_select': {
      const initial = optionText(element.initial_option, options);
      return `[ ${initial || placeholder()} ▾ ]`;
    }
    case 'users_select':
      return `[ ${userName(element.initial_user, options) || placeholder()} ▾ ]`;
    case 'multi_users_select': {
      const users = Array.isArray(element.initial_users) ? element.initial_users : [];
      return `[ ${users.map((id) => userName(id, options)).join(', ') || placeholder()} ▾ ]`;
    }
    case 'conversations_select':
    case 'channels_select': {
      const id = element.initial_conversation ?? element.initial_channel;
      return `[ ${typeof id === 'string' ? `#${options.channels?.[id] ?? id}` : placeholder()} ▾ ]`;
    }
    case 'datepicker':
      return `[ 📅 ${typeof element.initial_date === 'string' ? element.initial_date : placeholder()} ]`;
    case 'number_input':
    case 'plain_text_input': {
      const value = typeof element.initial_value === 'string' ? element.initial_value : '';
      return value
        ? value
            .split('\n')
            .map((line) => `│ ${line}`)
            .join('\n')
        : `│ ${isRecord(element.placeholder) ? `(${textOf(element.placeholder, options)})` : ''}`;
    }
    case 'radio_buttons':
    case 'checkboxes': {
      const chosen = new Set(
        [element.initial_option, ...(Array.isArray(element.initial_options) ? element.initial_options : [])]
          .filter(isRecord)
          .map((option) => option.value),
      );
      const [on, off] = element.type === 'radio_buttons' ? ['(•)', '( )'] : ['[x]', '[ ]'];
      return (Array.isArray(element.options) ? element.options : [])
        .map((option) => `${isRecord(option) && chosen.has(option.value) ? on : off} ${optionText(option, options)}`)
        .join('\n');
    }
    case 'image':
      return `[image: ${String(element.alt_text ?? '')}]`;
    default:
      return textOf(element, options);
  }
}

/** Section fields two to a row, as Slack lays them out. */
function fieldRows(fields: unknown[], options: RenderOptions): string[] {
  const cells = fields.map((field) => textOf(field, options).replace(/\n/g, ': '));
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += 2) {
    const left = cells[i] ?? '';
    const right = cells[i + 1];
    rows.push(right === undefined ? left : `${left}${' '.repeat(Math.max(3, 36 - visibleLength(left)))}${right}`);
  }
  return rows;
}

export function renderBlocks(blocks: unknown[], options: RenderOptions = {}): string {
  const lines: string[] = [];
  const header = (text: string) => (options.ansi ? BOLD(text) : text);
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    switch (block.type) {
      case 'header':
        lines.push(header(`== ${textOf(block.text, options)} ==`));
        break;
      case 'section': {
        if (block.text) lines.push(textOf(block.text, options));
        if (Array.isArray(block.fields)) lines.push(...fieldRows(block.fields, options));
        if (block.accessory) lines.push(`  ${elementText(block.accessory, options)}`);
        break;
      }
      case 'context': {
        const text = (Array.isArray(block.elements) ? block.elements : [])
          .map((element) => elementText(element, options))
          .join('  ');
        lines.push((options.ansi ? DIM(text) : text).replace(/^/gm, '  '));
        break;
      }
      case 'divider':
        lines.push('────────────────────────────────────────');
        break;
      case 'actions':
        lines.push(
          (Array.isArray(block.elements) ? block.elements : [])
            .map((element) => elementText(element, options))
            .join(' '),
        );
        break;
      case 'input':
        lines.push(
          `${textOf(block.label, options)}${block.optional ? ' (optional)' : ''}`,
          elementText(block.element, options),
        );
        if (block.hint) lines.push(`  ${textOf(block.hint, options)}`);
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

/**
 * Word-wraps each line to `width` columns as Slack would on a narrow screen. A continued line keeps the line's
 * indentation, a text input's `│ ` and a bullet's hanging indent; code block lines are never wrapped.
 */
export function wrap(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      if (visibleLength(line) <= width || line.includes(CODE_INDENT)) return [line];
      const lead = /^(\s*)(│ |▎ |• |[^\s\w[]{1,2} (?=\S))?/.exec(line);
      const indent = lead?.[1] ?? '';
      const marker = lead?.[2] ?? '';
      // An emoji is two columns wide in a terminal, so text after "✅ " starts in the fourth column.
      const hangWidth = marker === '' ? 0 : marker === '• ' ? 2 : 3;
      const hang = `${indent}${marker === '│ ' || marker === QUOTE ? marker : ' '.repeat(hangWidth)}`;
      // A button's "[ label ]" is one word: a row of buttons wraps between buttons.
      const words = line.slice(indent.length + marker.length).match(/\[ [^\]]* \]|\S+/g) ?? [];
      const lines: string[] = [];
      let current = `${indent}${marker}`;
      let empty = true;
      for (const word of words) {
        if (!empty && visibleLength(current) + 1 + visibleLength(word) > width) {
          lines.push(current);
          current = hang;
          empty = true;
        }
        current += `${empty ? '' : ' '}${word}`;
        empty = false;
      }
      lines.push(current);
      return lines;
    })
    .join('\n');
}

/** A message: its blocks, or its fallback text when it has none. */
export function renderMessage(message: { text?: string; blocks?: unknown[] }, options: RenderOptions = {}): string {
  const text =
    Array.isArray(message.blocks) && message.blocks.length > 0
      ? renderBlocks(message.blocks, options)
      : textOf({ type: 'mrkdwn', text: message.text ?? '' }, options);
  return options.width ? wrap(text, options.width) : text;
}

export function renderView(view: Json, options: RenderOptions = {}): string {
  const width = 72;
  const bar = '─'.repeat(width);
  const body = wrap(renderBlocks(Array.isArray(view.blocks) ? view.blocks : [], options), width - 2).replace(
    /^/gm,
    '  ',
  );
  if (view.type === 'home')
    return [`╔${'═'.repeat(width)}╗`, '  Home', `╟${bar}╢`, body, `╚${'═'.repeat(width)}╝`].join('\n');
  const title = textOf(view.title, options);
  const submit = view.submit ? `[ ${textOf(view.submit, options)} ]` : '';
  const close = view.close ? `[ ${textOf(view.close, options)} ]` : '';
  return [
    `┌${bar}┐`,
    `  ${options.ansi ? BOLD(title) : title}`,
    `├${bar}┤`,
    body,
    `├${bar}┤`,
    `  ${close} ${submit}`.trimEnd(),
    `└${bar}┘`,
  ].join('\n');
}

/** A link that opens the payload in Slack's Block Kit Builder. */
export function blockKitBuilderLink(payload: Json): string {
  return `https://app.slack.com/block-kit-builder/#${encodeURIComponent(JSON.stringify(payload))}`;
}
