// Builds `view.state.values` the way Slack fills it in for view_submission and block_actions payloads,
// from friendly test inputs keyed by action_id.

export type ViewStateValues = Record<string, Record<string, Record<string, unknown>>>;

type Json = Record<string, unknown>;

interface StatefulElement {
  blockId: string;
  actionId: string;
  element: Json;
}

const INPUT_ONLY_VALUE_TYPES = new Set(['plain_text_input', 'number_input', 'email_text_input', 'url_text_input']);
const SINGLE_OPTION_TYPES = new Set(['static_select', 'radio_buttons', 'external_select']);
const MULTI_OPTION_TYPES = new Set(['multi_static_select', 'checkboxes', 'multi_external_select']);
const NON_STATEFUL_TYPES = new Set(['button', 'overflow', 'image', 'workflow_button']);

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function statefulElements(view: unknown): StatefulElement[] {
  const blocks = isRecord(view) && Array.isArray(view.blocks) ? view.blocks : [];
  const found: StatefulElement[] = [];
  blocks.forEach((block, b) => {
    if (!isRecord(block)) return;
    const blockId = typeof block.block_id === 'string' ? block.block_id : `auto_${b}`;
    let candidates: unknown[] = [];
    if (block.type === 'input') candidates = [block.element];
    else if (block.type === 'actions' && Array.isArray(block.elements)) candidates = block.elements;
    else if (block.type === 'section') candidates = [block.accessory];
    candidates.forEach((element, e) => {
      if (!isRecord(element) || typeof element.type !== 'string' || NON_STATEFUL_TYPES.has(element.type)) return;
      const actionId = typeof element.action_id === 'string' ? element.action_id : `auto_${b}_${e}`;
      found.push({ blockId, actionId, element });
    });
  });
  return found;
}

function allOptions(element: Json): Json[] {
  const direct = Array.isArray(element.options) ? element.options : [];
  const grouped = Array.isArray(element.option_groups)
    ? element.option_groups.flatMap((group) => (isRecord(group) && Array.isArray(group.options) ? group.options : []))
    : [];
  return [...direct, ...grouped].filter(isRecord);
}

function lookUpOption(target: StatefulElement, input: unknown): Json {
  if (isRecord(input)) return input;
  const value = String(input);
  const options = allOptions(target.element);
  if (options.length === 0 && target.element.type === 'external_select') {
    return { text: { type: 'plain_text', text: value }, value };
  }
  const option = options.find((o) => o.value === value);
  if (!option) {
    const known = options.map((o) => JSON.stringify(o.value)).join(', ');
    throw new Error(
      `buildViewState: ${target.actionId} (${String(target.element.type)}) has no option with value ${JSON.stringify(value)}; options: ${known}`,
    );
  }
  return structuredClone(option);
}

function asArray(target: StatefulElement, input: unknown): unknown[] {
  if (Array.isArray(input)) return input;
  throw new Error(`buildViewState: ${target.actionId} (${String(target.element.type)}) needs an array of values`);
}

function toRichText(text: string): Json {
  return {
    type: 'rich_text',
    elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }],
  };
}

function stateFor(target: StatefulElement, hasInput: boolean, input: unknown): Record<string, unknown> {
  const { element } = target;
  const type = String(element.type);
  if (INPUT_ONLY_VALUE_TYPES.has(type)) {
    const initial = typeof element.initial_value === 'string' ? element.initial_value : null;
    const value = hasInput ? (input === null || input === undefined ? null : String(input)) : initial;
    return { type, value };
  }
  if (SINGLE_OPTION_TYPES.has(type)) {
    const initial = isRecord(element.initial_option) ? element.initial_option : null;
    const selected = hasInput ? (input === null ? null : lookUpOption(target, input)) : initial;
    return { type, selected_option: selected };
  }
  if (MULTI_OPTION_TYPES.has(type)) {
    const initial = Array.isArray(element.initial_options) ? element.initial_options : [];
    const selected = hasInput ? asArray(target, input).map((v) => lookUpOption(target, v)) : initial;
    return { type, selected_options: selected };
  }
  switch (type) {
    case 'users_select':
      return { type, selected_user: hasInput ? input : (element.initial_user ?? null) };
    case 'multi_users_select':
      return { type, selected_users: hasInput ? asArray(target, input) : (element.initial_users ?? []) };
    case 'conversations_select':
      return { type, selected_conversation: hasInput ? input : (element.initial_conversation ?? null) };
    case 'multi_conversations_select':
      return {
        type,
        selected_conversations: hasInput ? asArray(target, input) : (element.initial_conversations ?? []),
      };
    case 'channels_select':
      return { type, selected_channel: hasInput ? input : (element.initial_channel ?? null) };
    case 'multi_channels_select':
      return { type, selected_channels: hasInput ? asArray(target, input) : (element.initial_channels ?? []) };
    case 'datepicker':
      return { type, selected_date: hasInput ? input : (element.initial_date ?? null) };
    case 'timepicker':
      return { type, selected_time: hasInput ? input : (element.initial_time ?? null) };
    case 'datetimepicker':
      return { type, selected_date_time: hasInput ? input : (element.initial_date_time ?? null) };
    case 'rich_text_input': {
      const initial = isRecord(element.initial_value) ? element.initial_value : null;
      const value = hasInput ? (typeof input === 'string' ? toRichText(input) : input) : initial;
      return { type, rich_text_value: value };
    }
    case 'file_input':
      return { type, files: hasInput ? asArray(target, input) : [] };
    default:
      return { type, value: hasInput ? input : null };
  }
}

/**
 * `state.values[block_id][action_id]` for the stateful elements of a view. `inputs` maps action_id to a friendly
 * value: text for text inputs, the option *value* for selects and radios, arrays of values for multi-selects and
 * checkboxes, ids for user/conversation/channel pickers, `YYYY-MM-DD` for datepickers. Elements not mentioned keep
 * their initial value, as Slack does. Naming an action_id the view does not have throws: the test is wrong.
 */
export function buildViewState(view: unknown, inputs: Record<string, unknown>): ViewStateValues {
  const elements = statefulElements(view);
  const known = new Set(elements.map((e) => e.actionId));
  const unknown = Object.keys(inputs).filter((actionId) => !known.has(actionId));
  if (unknown.length > 0) {
    throw new Error(
      `buildViewState: no stateful element with action_id ${unknown.map((a) => JSON.stringify(a)).join(', ')} in the view (known: ${[...known].join(', ') || 'none'})`,
    );
  }
  const values: ViewStateValues = {};
  for (const target of elements) {
    const hasInput = Object.hasOwn(inputs, target.actionId);
    const blockValues = values[target.blockId] ?? {};
    blockValues[target.actionId] = stateFor(target, hasInput, inputs[target.actionId]);
    values[target.blockId] = blockValues;
  }
  return values;
}
