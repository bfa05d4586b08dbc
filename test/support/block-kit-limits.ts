// Block Kit limits from /work/shared/reference/slack-platform.md, checked the way Slack rejects payloads.
// Every message names the offending path, e.g. `blocks[3].text.text: 3012 chars > 3000`.

export type BlockSurface = 'message' | 'modal' | 'home';

export const BLOCK_LIMITS = {
  blocksPerSurface: { message: 50, modal: 100, home: 100 } satisfies Record<BlockSurface, number>,
  textObject: 3000,
  viewTitle: 24,
  privateMetadata: 3000,
  identifier: 255,
  viewBytes: 250 * 1024,
  header: 150,
  sectionFieldCount: 10,
  sectionField: 2000,
  contextElements: 10,
  actionsElements: 25,
  inputLabel: 2000,
  inputHint: 2000,
  plainTextInputMaxLength: 3000,
  placeholder: 150,
  selectOptions: 100,
  choiceOptions: 10,
  overflowOptions: 5,
  optionText: 75,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  altText: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  markdownCumulative: 12_000,
} as const;

type Json = Record<string, unknown>;

const INPUT_ELEMENT_TYPES = new Set([
  'checkboxes',
  'datepicker',
  'datetimepicker',
  'email_text_input',
  'file_input',
  'multi_static_select',
  'multi_external_select',
  'multi_users_select',
  'multi_conversations_select',
  'multi_channels_select',
  'number_input',
  'plain_text_input',
  'radio_buttons',
  'rich_text_input',
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
  'timepicker',
  'url_text_input',
]);

const ACTIONS_ELEMENT_TYPES = new Set([
  'button',
  'checkboxes',
  'datepicker',
  'datetimepicker',
  'multi_static_select',
  'multi_external_select',
  'multi_users_select',
  'multi_conversations_select',
  'multi_channels_select',
  'overflow',
  'radio_buttons',
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
  'timepicker',
  'workflow_button',
]);

const ACCESSORY_ELEMENT_TYPES = new Set([...ACTIONS_ELEMENT_TYPES, 'image']);

const SELECT_WITH_OPTIONS = new Set(['static_select', 'multi_static_select']);
const CHOICE_ELEMENTS = new Set(['checkboxes', 'radio_buttons']);

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Slack counts characters, not UTF-16 code units. */
export function charCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

class Checker {
  readonly errors: string[] = [];
  private readonly blockIds = new Map<string, string>();
  markdownChars = 0;

  add(message: string): void {
    this.errors.push(message);
  }

  maxChars(path: string, value: unknown, max: number): void {
    if (value === undefined || value === null) return;
    if (typeof value !== 'string') {
      this.add(`${path}: must be a string`);
      return;
    }
    const n = charCount(value);
    if (n > max) this.add(`${path}: ${n} chars > ${max}`);
  }

  identifier(path: string, value: unknown): void {
    this.maxChars(path, value, BLOCK_LIMITS.identifier);
  }

  blockId(path: string, value: unknown): void {
    if (value === undefined) return;
    this.identifier(path, value);
    if (typeof value !== 'string') return;
    const previous = this.blockIds.get(value);
    if (previous !== undefined) this.add(`${path}: duplicate block_id "${value}" (also at ${previous})`);
    else this.blockIds.set(value, path);
  }

  textObject(
    path: string,
    value: unknown,
    { max = BLOCK_LIMITS.textObject as number, plainOnly = false, required = true } = {},
  ): void {
    if (value === undefined || value === null) {
      if (required) this.add(`${path}: text object required`);
      return;
    }
    if (!isRecord(value)) {
      this.add(`${path}: must be a text object`);
      return;
    }
    if (value.type !== 'plain_text' && value.type !== 'mrkdwn') {
      this.add(`${path}.type: must be plain_text or mrkdwn (got ${String(value.type)})`);
    } else if (plainOnly && value.type !== 'plain_text') {
      this.add(`${path}.type: must be plain_text (got ${value.type})`);
    }
    if (typeof value.text !== 'string') {
      this.add(`${path}.text: must be a string`);
      return;
    }
    const n = charCount(value.text);
    if (n < 1) this.add(`${path}.text: 0 chars < 1`);
    const limit = Math.min(max, BLOCK_LIMITS.textObject);
    if (n > limit) this.add(`${path}.text: ${n} chars > ${limit}`);
  }

  arrayMax(path: string, value: unknown, max: number, { min = 0, required = false } = {}): unknown[] {
    if (value === undefined || value === null) {
      if (required) this.add(`${path}: required`);
      return [];
    }
    if (!Array.isArray(value)) {
      this.add(`${path}: must be an array`);
      return [];
    }
    if (value.length > max) this.add(`${path}: ${value.length} items > ${max}`);
    if (value.length < min) this.add(`${path}: ${value.length} items < ${min}`);
    return value;
  }

  option(path: string, option: unknown, { plainOnly }: { plainOnly: boolean }): void {
    if (!isRecord(option)) {
      this.add(`${path}: must be an option object`);
      return;
    }
    this.textObject(`${path}.text`, option.text, { max: BLOCK_LIMITS.optionText, plainOnly });
    if (typeof option.value !== 'string') this.add(`${path}.value: required string`);
    else this.maxChars(`${path}.value`, option.value, BLOCK_LIMITS.optionText);
    if (option.description !== undefined) {
      this.textObject(`${path}.description`, option.description, { max: BLOCK_LIMITS.optionText, plainOnly });
    }
    this.maxChars(`${path}.url`, option.url, BLOCK_LIMITS.url);
  }

  confirm(path: string, value: unknown): void {
    if (value === undefined) return;
    if (!isRecord(value)) {
      this.add(`${path}: must be a confirm object`);
      return;
    }
    this.textObject(`${path}.title`, value.title, { max: BLOCK_LIMITS.confirmTitle, plainOnly: true });
    this.textObject(`${path}.text`, value.text, { max: BLOCK_LIMITS.confirmText });
    this.textObject(`${path}.confirm`, value.confirm, { max: BLOCK_LIMITS.confirmButton, plainOnly: true });
    this.textObject(`${path}.deny`, value.deny, { max: BLOCK_LIMITS.confirmButton, plainOnly: true });
    if (value.style !== undefined && value.style !== 'primary' && value.style !== 'danger') {
      this.add(`${path}.style: must be primary or danger`);
    }
  }

  placeholder(path: string, value: unknown): void {
    if (value === undefined) return;
    this.textObject(path, value, { max: BLOCK_LIMITS.placeholder, plainOnly: true });
  }

  image(path: string, image: Json): void {
    const hasUrl = typeof image.image_url === 'string' && image.image_url.length > 0;
    const hasSlackFile = isRecord(image.slack_file);
    if (!hasUrl && !hasSlackFile) this.add(`${path}: image_url or slack_file required`);
    this.maxChars(`${path}.image_url`, image.image_url, BLOCK_LIMITS.url);
    if (typeof image.alt_text !== 'string' || image.alt_text.length === 0) {
      this.add(`${path}.alt_text: required`);
    } else {
      this.maxChars(`${path}.alt_text`, image.alt_text, BLOCK_LIMITS.altText);
    }
  }

  element(path: string, element: unknown, allowed: Set<string>, actionIds: Map<string, string>): void {
    if (!isRecord(element)) {
      this.add(`${path}: must be an element object`);
      return;
    }
    const type = element.type;
    if (typeof type !== 'string') {
      this.add(`${path}.type: required`);
      return;
    }
    if (!allowed.has(type)) {
      this.add(`${path}.type: ${type} is not allowed here`);
      return;
    }
    if (type === 'image') {
      this.image(path, element);
      return;
    }
    if (element.action_id !== undefined) {
      this.identifier(`${path}.action_id`, element.action_id);
      if (typeof element.action_id === 'string') {
        const previous = actionIds.get(element.action_id);
        if (previous !== undefined) {
          this.add(`${path}.action_id: duplicate action_id "${element.action_id}" in one block (also at ${previous})`);
        } else {
          actionIds.set(element.action_id, `${path}.action_id`);
        }
      }
    }
    this.confirm(`${path}.confirm`, element.confirm);
    this.placeholder(`${path}.placeholder`, element.placeholder);

    switch (type) {
      case 'button':
        this.textObject(`${path}.text`, element.text, { max: BLOCK_LIMITS.buttonText, plainOnly: true });
        this.maxChars(`${path}.value`, element.value, BLOCK_LIMITS.buttonValue);
        this.maxChars(`${path}.url`, element.url, BLOCK_LIMITS.url);
        if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') {
          this.add(`${path}.style: must be primary or danger`);
        }
        break;
      case 'workflow_button':
        this.textObject(`${path}.text`, element.text, { max: BLOCK_LIMITS.buttonText, plainOnly: true });
        break;
      case 'overflow': {
        const options = this.arrayMax(`${path}.options`, element.options, BLOCK_LIMITS.overflowOptions, {
          min: 1,
          required: true,
        });
        options.forEach((option, i) => {
          this.option(`${path}.options[${i}]`, option, { plainOnly: true });
        });
        break;
      }
      case 'checkboxes':
      case 'radio_buttons': {
        const options = this.arrayMax(`${path}.options`, element.options, BLOCK_LIMITS.choiceOptions, {
          min: 1,
          required: true,
        });
        options.forEach((option, i) => {
          this.option(`${path}.options[${i}]`, option, { plainOnly: false });
        });
        break;
      }
      case 'plain_text_input':
        this.plainTextInput(path, element);
        break;
      default:
        if (SELECT_WITH_OPTIONS.has(type)) this.selectOptions(path, element);
    }
    if (CHOICE_ELEMENTS.has(type) || SELECT_WITH_OPTIONS.has(type)) {
      if (element.initial_option !== undefined) {
        this.option(`${path}.initial_option`, element.initial_option, { plainOnly: SELECT_WITH_OPTIONS.has(type) });
      }
    }
  }

  plainTextInput(path: string, element: Json): void {
    const max = element.max_length;
    let effectiveMax: number = BLOCK_LIMITS.plainTextInputMaxLength;
    if (max !== undefined) {
      if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > BLOCK_LIMITS.plainTextInputMaxLength) {
        this.add(`${path}.max_length: ${String(max)} not in 1..${BLOCK_LIMITS.plainTextInputMaxLength}`);
      } else {
        effectiveMax = max;
      }
    }
    const min = element.min_length;
    if (min !== undefined) {
      if (typeof min !== 'number' || !Number.isInteger(min) || min < 0 || min > BLOCK_LIMITS.plainTextInputMaxLength) {
        this.add(`${path}.min_length: ${String(min)} not in 0..${BLOCK_LIMITS.plainTextInputMaxLength}`);
      } else if (typeof max === 'number' && min > max) {
        this.add(`${path}.min_length: ${min} > max_length ${max}`);
      }
    }
    if (element.initial_value !== undefined) {
      if (typeof element.initial_value !== 'string') {
        this.add(`${path}.initial_value: must be a string`);
      } else {
        const n = charCount(element.initial_value);
        if (n > effectiveMax) {
          const what = max === undefined ? '' : ' (max_length)';
          this.add(`${path}.initial_value: ${n} chars > ${effectiveMax}${what}`);
        }
      }
    }
  }

  selectOptions(path: string, element: Json): void {
    if (element.options !== undefined && element.option_groups !== undefined) {
      this.add(`${path}: give options or option_groups, not both`);
    }
    if (element.options === undefined && element.option_groups === undefined) {
      this.add(`${path}.options: required`);
      return;
    }
    const options = this.arrayMax(`${path}.options`, element.options, BLOCK_LIMITS.selectOptions);
    options.forEach((option, i) => {
      this.option(`${path}.options[${i}]`, option, { plainOnly: true });
    });
    const groups = this.arrayMax(`${path}.option_groups`, element.option_groups, BLOCK_LIMITS.selectOptions);
    groups.forEach((group, g) => {
      const groupPath = `${path}.option_groups[${g}]`;
      if (!isRecord(group)) {
        this.add(`${groupPath}: must be an option group`);
        return;
      }
      this.textObject(`${groupPath}.label`, group.label, { max: BLOCK_LIMITS.optionText, plainOnly: true });
      const groupOptions = this.arrayMax(`${groupPath}.options`, group.options, BLOCK_LIMITS.selectOptions, {
        min: 1,
        required: true,
      });
      groupOptions.forEach((option, i) => {
        this.option(`${groupPath}.options[${i}]`, option, { plainOnly: true });
      });
    });
    if (Array.isArray(element.initial_options)) {
      element.initial_options.forEach((option, i) => {
        this.option(`${path}.initial_options[${i}]`, option, { plainOnly: true });
      });
    }
  }

  block(path: string, block: unknown): void {
    if (!isRecord(block)) {
      this.add(`${path}: must be a block object`);
      return;
    }
    this.blockId(`${path}.block_id`, block.block_id);
    const actionIds = new Map<string, string>();
    switch (block.type) {
      case 'section': {
        if (block.text === undefined && block.fields === undefined) this.add(`${path}: text or fields required`);
        if (block.text !== undefined) this.textObject(`${path}.text`, block.text);
        const fields = this.arrayMax(`${path}.fields`, block.fields, BLOCK_LIMITS.sectionFieldCount);
        fields.forEach((field, i) => {
          this.textObject(`${path}.fields[${i}]`, field, { max: BLOCK_LIMITS.sectionField });
        });
        if (block.accessory !== undefined) {
          this.element(`${path}.accessory`, block.accessory, ACCESSORY_ELEMENT_TYPES, actionIds);
        }
        break;
      }
      case 'header':
        this.textObject(`${path}.text`, block.text, { max: BLOCK_LIMITS.header, plainOnly: true });
        break;
      case 'divider':
        break;
      case 'context': {
        const elements = this.arrayMax(`${path}.elements`, block.elements, BLOCK_LIMITS.contextElements, {
          min: 1,
          required: true,
        });
        elements.forEach((element, i) => {
          const elementPath = `${path}.elements[${i}]`;
          if (isRecord(element) && element.type === 'image') this.image(elementPath, element);
          else this.textObject(elementPath, element);
        });
        break;
      }
      case 'actions': {
        const elements = this.arrayMax(`${path}.elements`, block.elements, BLOCK_LIMITS.actionsElements, {
          min: 1,
          required: true,
        });
        elements.forEach((element, i) => {
          this.element(`${path}.elements[${i}]`, element, ACTIONS_ELEMENT_TYPES, actionIds);
        });
        break;
      }
      case 'input':
        this.textObject(`${path}.label`, block.label, { max: BLOCK_LIMITS.inputLabel, plainOnly: true });
        if (block.hint !== undefined) {
          this.textObject(`${path}.hint`, block.hint, { max: BLOCK_LIMITS.inputHint, plainOnly: true });
        }
        if (block.element === undefined) this.add(`${path}.element: required`);
        else this.element(`${path}.element`, block.element, INPUT_ELEMENT_TYPES, actionIds);
        break;
      case 'image':
        this.image(path, block);
        if (block.title !== undefined) {
          this.textObject(`${path}.title`, block.title, { max: BLOCK_LIMITS.altText, plainOnly: true });
        }
        break;
      case 'markdown':
        if (typeof block.text !== 'string' || block.text.length === 0) {
          this.add(`${path}.text: required string`);
        } else {
          this.markdownChars += charCount(block.text);
        }
        break;
      case 'rich_text':
        this.arrayMax(`${path}.elements`, block.elements, Number.POSITIVE_INFINITY, { required: true });
        break;
      case 'file':
      case 'video':
      case 'table':
      case 'context_actions':
        break;
      default:
        this.add(`${path}.type: unknown block type ${String(block.type)}`);
    }
  }
}

function checkBlocks(checker: Checker, blocks: unknown, surface: BlockSurface): void {
  if (!Array.isArray(blocks)) {
    checker.add('blocks: must be an array');
    return;
  }
  const max = BLOCK_LIMITS.blocksPerSurface[surface];
  if (blocks.length > max) checker.add(`blocks: ${blocks.length} blocks > ${max} (${surface})`);
  blocks.forEach((block, i) => {
    checker.block(`blocks[${i}]`, block);
  });
  if (checker.markdownChars > BLOCK_LIMITS.markdownCumulative) {
    checker.add(`blocks: markdown blocks total ${checker.markdownChars} chars > ${BLOCK_LIMITS.markdownCumulative}`);
  }
}

export function validateBlocks(blocks: unknown, surface: BlockSurface): string[] {
  const checker = new Checker();
  checkBlocks(checker, blocks, surface);
  return checker.errors;
}

export function viewPayloadBytes(view: unknown): number {
  return Buffer.byteLength(JSON.stringify(view) ?? '', 'utf8');
}

export function isViewTooLarge(view: unknown): boolean {
  return viewPayloadBytes(view) > BLOCK_LIMITS.viewBytes;
}

export function validateView(view: unknown): string[] {
  const checker = new Checker();
  if (!isRecord(view)) return ['view: must be an object'];
  const type = view.type;
  if (type !== 'modal' && type !== 'home') {
    checker.add(`view.type: must be modal or home (got ${String(type)})`);
  }
  const surface: BlockSurface = type === 'home' ? 'home' : 'modal';
  if (type === 'modal' || view.title !== undefined) {
    checker.textObject('view.title', view.title, { max: BLOCK_LIMITS.viewTitle, plainOnly: true });
  }
  if (view.close !== undefined) {
    checker.textObject('view.close', view.close, { max: BLOCK_LIMITS.viewTitle, plainOnly: true });
  }
  if (view.submit !== undefined) {
    checker.textObject('view.submit', view.submit, { max: BLOCK_LIMITS.viewTitle, plainOnly: true });
  }
  const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isRecord(b) && b.type === 'input');
  if (type === 'modal' && hasInput && view.submit === undefined) {
    checker.add('view.submit: required when the view has an input block');
  }
  checker.maxChars('view.private_metadata', view.private_metadata, BLOCK_LIMITS.privateMetadata);
  checker.identifier('view.callback_id', view.callback_id);
  checker.identifier('view.external_id', view.external_id);
  checkBlocks(checker, view.blocks, surface);
  const bytes = viewPayloadBytes(view);
  if (bytes > BLOCK_LIMITS.viewBytes) checker.add(`view: ${bytes} bytes > ${BLOCK_LIMITS.viewBytes} (view_too_large)`);
  return checker.errors;
}
