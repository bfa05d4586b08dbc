/**
 * Does a Slack thread read like a decision, and which message decided it? Deterministic, no AI: decision
 * statements ("let's go with …", "we agreed …", "Decision: …"), a proposal that two other people agree with (in
 * replies, or with ✅ / 👍 reactions), and ✅ from two people on a reply that proposes something. Vetoed by what
 * makes such words not a decision: questions, hypotheticals, negation ("we haven't decided"), history ("last year
 * we decided"), sarcasm, quotes and code (stripped before reading), someone objecting afterwards.
 *
 * Tuned for precision over recall: a wrong offer interrupts someone; a missed one costs nothing.
 */

export interface ThreadReaction {
  name: string;
  users: readonly string[];
}

/** A message as conversations.replies returns it; the first one is the thread's parent. */
export interface ThreadMessage {
  ts: string;
  user?: string;
  text?: string;
  reactions?: readonly ThreadReaction[];
  bot_id?: string;
  subtype?: string;
}

export type DecisionSignal = 'statement' | 'agreement' | 'reactions';

export interface DecisionVerdict {
  decided: boolean;
  /** The message the decision is in, whose author gets the offer; null when not decided. */
  decidingTs: string | null;
  decidingUser: string | null;
  signal: DecisionSignal | null;
  /** What was read, for logs and tuning: "statement@3", "objection@4 cancels statement@3", … */
  trace: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Reading a message

/** Text as a person reads it: no code, no quotes, links by label, mentions as "someone", lower case. */
export function readableText(text: string): string {
  return (
    text
      .replace(/```[\s\S]*?(```|$)/g, ' ')
      .replace(/`[^`\n]*`/g, ' code ')
      .split('\n')
      .filter((line) => !/^\s*(>|&gt;)/.test(line))
      .join('\n')
      .replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, 'someone')
      .replace(/<![^>]*>/g, ' ')
      .replace(/<[^|>]+\|([^>]+)>/g, '$1')
      .replace(/<[^>]+>/g, ' link ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/[‘’ʼ`]/g, "'")
      .replace(/[“”]/g, '"')
      // Slack emphasis markers around words: *Decision:*, _really_, ~old~.
      .replace(/(^|[\s(])[*_~]+|[*_~]+(?=[\s.,:;!?)]|$)/gm, '$1')
      .toLowerCase()
  );
}

/** Sentences with their closing punctuation, so a question stays recognisable. */
function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

const WORDS = /[\p{L}\p{N}+#.'-]+/gu;
const wordCount = (text: string) => text.match(WORDS)?.length ?? 0;

// Statements that record a decision. Each is matched against one sentence.
const STATEMENTS: readonly RegExp[] = [
  /\blet'?s (go|going) (with|for)\b/,
  /\blets (go|going) (with|for)\b/,
  /\blet'?s (stick|stay) with\b/,
  /\blet'?s do (option|approach|plan|variant|alternative) [\w-]+/,
  /\b(we'?re|we are|we'll|we will|i'?m) (going|moving forward|proceeding) with\b/,
  /\bwe'?re going [\w-]+ with\b/,
  /(^|[,;:]\s*|^(ok(ay)?|alright|so|then|fine|great|cool)[,!]?\s+)going with\b/,
  /\bmoving forward with\b/,
  /\b(we('ll| will)|we'?re going to|we are going to) (go with|use|adopt|migrate|switch|move|upgrade|standardi[sz]e on|replace|deprecate|drop|keep|build on|run)\b/,
  /^(ok(ay)?|alright|right|fine|great|cool|good),? [\w .+#/-]{1,40} then\s*([.!]|$)/,
  /\bthe (final )?(call|decision|verdict|conclusion) is\b(?! (yours|up to|open|pending|still|not))/,
  /\b(we|we've|we have|the team|the group|everyone|all of us|[\p{L}]+ and i)\s+(have\s+|'ve\s+|all\s+)?(decided|agreed|settled|chose|picked|concluded)\b/u,
  /^(ok(ay)?|alright|so|right)?[,!]?\s*(decided|agreed|settled)( to| on)?\b\s*([:-]\s*|\s+(to|on)\s+)\S/,
  /(?<!\b(draft|proposed|pending|open|upcoming)\s)\b(decision|final (call|decision|answer)|conclusion|outcome|resolution|consensus|verdict|plan|settled|chosen|choice|we go with)\b(?! (doc|document|record|log|meeting|review|needed|required|pending|deadline))[^:?]{0,24}:\s*\S/,
  /^going forward,? (all|every|we|new)\b/,
  /\b(we have|there'?s|reached|we reached) (a |an )?(consensus|agreement)\b/,
  /(^|[,.!]\s*|\b(ok(ay)?|cool|great|alright|fine|so|right)\b,?\s+)[\w./+#-]+( [\w./+#-]+)? it is( then)?(?=\s*([.!,]|$|\p{Extended_Pictographic}|:[a-z0-9_+-]+:|for (new|all|every|the)\b))/u,
  /\b(approved|confirmed|signed off)( (by|with) [^:?]{0,40})?:\s*\S/,
  /^(done deal|locked in|it'?s settled|that'?s settled|settled then)\b\s*[:.,!-]?\s*\S?/,
  /\b(won the vote|the vote went to|voted for)\b/,
  /^(the )?(poll|vote|voting)( is)? (closed|over|done|finished)\b[^?]*\b(for|to|wins?|won)\b/,
  /^agreed with someone( and someone)*\s*[.!]?$/,
];

/**
 * `\b` for words with accents: JavaScript's `\b` knows ASCII letters only, so "décidé" would have no end. The
 * patterns are written with `\b` and read with this.
 */
function unicodeWords(pattern: RegExp): RegExp {
  const boundary = '(?:(?<![\\p{L}\\p{N}])(?=[\\p{L}\\p{N}])|(?<=[\\p{L}\\p{N}])(?![\\p{L}\\p{N}]))';
  return new RegExp(pattern.source.replaceAll('\\b', boundary), 'u');
}

/**
 * Built on first use: each Unicode boundary expands to the tables of every letter and digit, about 1 ms a pattern
 * (35–50 ms of every start of the app, which reads this module whether or not a thread is ever watched).
 */
function onFirstUse<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => {
    built ??= build();
    return built;
  };
}

/**
 * The same in the other languages engineering teams write in Slack: German, French, Spanish, Portuguese, Dutch,
 * Italian. Matched like STATEMENTS, on lower-case text with its accents.
 */
const otherLanguageStatements = onFirstUse((): readonly RegExp[] =>
  [
    // German: "wir haben uns für Kafka entschieden", "entschieden: …", "dann nehmen wir Kafka", "wir bleiben bei …".
    /\b(wir )?(haben|hab)( wir)? (uns )?(für [^.?!]{1,40} )?(entschieden|geeinigt)\b/u,
    /\b(entschieden|entscheidung|beschlossen|abgemacht)\s*[:\-–]\s*\S/u,
    /\b(dann|also|ok(ay)?,?) (nehmen|machen|verwenden|nutzen) wir\b/u,
    /\bwir (nehmen|verwenden|nutzen|bleiben bei|setzen auf|gehen mit)\b/u,
    // French: "on part sur Redis", "c'est décidé", "décision : …", "nous avons choisi …", "va pour …".
    /\bon part sur\b/u,
    /\b(on a|nous avons) (décidé|choisi|retenu|tranché)\b/u,
    /\bc'est (décidé|validé|acté|tranché)\b/u,
    /\b(décidé|décision|validé|acté)\s*:\s*\S/u,
    /^(ok(ay)?,? )?va pour\b/u,
    // Spanish: "decidido: vamos con …", "hemos decidido …", "nos quedamos con …".
    /\b(decidido|acordado)\s*[:.!]/u,
    /\bvamos con\b/u,
    /\b(hemos|ya) (decidido|elegido|acordado)\b/u,
    /\b(decidimos|nos quedamos con)\b/u,
    // Portuguese: "fechado: vamos usar …", "decidimos …", "ficou decidido".
    /\b(fechado|decidido|combinado)\s*[:.!]/u,
    /\bvamos (usar|com|de|ficar com)\b/u,
    /\b(decidimos|escolhemos|ficou decidido)\b/u,
    // Dutch: "we gaan voor Postgres", "besloten: …", "we kiezen voor …".
    /\bwe gaan (voor|met)\b/u,
    /\b(we hebben )?(besloten|gekozen)\b/u,
    /\bwe kiezen voor\b/u,
    /\bafgesproken\s*[:.!]/u,
    // Italian: "abbiamo deciso …", "andiamo con …".
    /\b(abbiamo deciso|andiamo con|abbiamo scelto)\b/u,
    /\bdeciso\s*:\s*\S/u,
  ].map(unicodeWords),
);

/** Statements of work in progress ("we're migrating X to Y"), which a status report tells rather than decides. */
const PROGRESSIVE_STATEMENTS: readonly RegExp[] = [
  /\bwe('re| are) standardi[sz]ing on\b/,
  /\b(we'?re|we are) (migrating|moving|switching|upgrading)( [\w./+#-]+){0,5} to\b/,
];

// Whole-message vetoes: the message says no decision was (or may yet be) made.
const messageVetoes = onFirstUse((): readonly RegExp[] => [
  /\b(haven'?t|have not|hasn'?t|has not|not yet|yet to|still need to|need to|before we|until we|once we|when we|if we)\s+(really\s+)?(decid|agree|settl|pick|choos)/,
  /\b(no|not a|without a?) (decision|consensus|agreement)\b/,
  /\b(not|nothing|nobody has|nobody's) (been )?(decided|agreed|settled|final)\b/,
  /\b(nothing|none of (it|this)|it) (is|'s) (final|decided|settled)( yet)?\b/,
  /\breopen(ing|ed)?\b/,
  /\bundecided\b/,
  /\b(decision|input|call) (needed|required|pending)\b/,
  /\bwaiting (for|on) (a |the )?(decision|call|go-ahead|sign-off)\b/,
  /\bagreed to disagree\b/,
  /\bcan'?t (seem to )?agree\b/,
  /\b(we'?ll|we will|let'?s|we can|we should|going to) (decide|agree|settle|pick|choose)\b/,
  /\b(decide|decision|agree) (next|later|after|tomorrow|on (mon|tues|wednes|thurs|fri)day|in the|at the)\b/,
  /\blet'?s (not|never) (go|use|pick)\b/,
  // "not yet" and "before deciding" in the other languages of otherLanguageStatements.
  unicodeWords(
    /\b(pas encore|noch nicht|noch keine|todav[ií]a no|a[uú]n no|ainda n[aã]o|nog niet|non ancora|antes de decidir|avant de décider|bevor wir|prima di decidere)\b/u,
  ),
]);

// Sentence vetoes: the decision words are asked, supposed, told as history, or trivial.
const QUESTION_START =
  /^(¿|should|shall|do|does|did|can|could|would|will|is|are|have|has|haven't|hasn't|what|why|how|which|where|when|who|whether|any|sollen|können|est-ce)\b/;
// With "si" (French, Spanish), "wenn" and "falls" (German): "si on part sur Kafka, …".
const CONDITIONAL =
  /\b(if|unless|suppose|supposing|imagine|hypothetically|what if|in case|assuming|whether|were we to|si|wenn|falls)\b/;
const HISTORY =
  /\b(last (year|time|quarter)|years? ago|back in|in (19|20)\d\d|previous(ly)?|used to|originally|at the time|reminder|remember when|as we agreed|as agreed|like we agreed|as discussed)\b/;
const hedge = onFirstUse(() =>
  unicodeWords(
    /\b(maybe|perhaps|might|possibly|probably|i'?d|i would|personally|not sure|tentatively|vielleicht|peut-être|quizás?|tal vez|talvez|misschien|forse)\b/u,
  ),
);
const TRIVIAL = /\b(go with the flow|testing locally|just testing|on my machine|for my test|locally only|for lunch)\b/;
const SARCASM =
  /(😂|🤣|🙃|😜|😏|🙄|:joy:|:rofl:|:upside_down_face:|:stuck_out_tongue_winking_eye:|:smirk:|:rolling_eyes:|\blol\b|\blmao\b|\brofl\b|\bhaha+\b|\/s\b|\byeah,? right\b|what could (possibly )?go wrong|\bjk\b|\bjust kidding\b|\bkidding\b)/;

const AGREEMENT =
  /^(\+1|\+100|agreed|agree|same|yes|yep|yup|yeah|sure|ok|okay|sounds good|sounds great|sgtm|lgtm|works for me|fine by me|fine with me|makes sense|no objections?( from me)?|ship it|i'?m in|on board|100%|definitely|absolutely|👍|✅|:\+1:|:thumbsup:|:white_check_mark:|:heavy_check_mark:|:100:|einverstanden|sehe ich (auch so|genauso)|d'accord|je suis d'accord|de acuerdo|concordo|mee eens|eens|d'accordo)(?=$|[\s,.!:;)])/;
const OBJECTION =
  /(^(-1|wait|hold on|hang on|not so fast|nope|no\b)|\bi (dis|don'?t )agree\b|\bdisagree\b|\bnot convinced\b|\b(let'?s )?revisit\b|\bthat won'?t work\b|\bblocker\b|\bi object\b|\bobjection\b(?! from me)|\bveto\b|\bback to the drawing board\b|\bnot decided\b)/;
const PROPOSAL =
  /(\bi propose\b|\bproposal\b|\bi suggest\b|^suggest(ing)? (we|that we|to)\b|\bsuggestion:|\bi think we should\b|\bwe should\b|\bplan:|\bmy vote (is|goes)\b|\bi vote for\b|\bhow about\b|\bwhat about\b|\blet'?s (?!discuss|take|look|get|see|talk|sync|revisit|grab|wait|timebox|check|find|meet|not|go grab)\w+|\bconcretely\b|\bagreed\?|\bobjections\?|\b(sound|sounds) good\?|\bok\?$)/;
const STATUS =
  /\b(deployed|done|fixed|merged|rolled back|rollback|rolling back|green|passed|resolved|restarted|shipped|released|is live|up again|back to normal|pr for|pull request)\b/;

const TROUBLESHOOTING =
  /\b(error|errors|exception|fail(s|ing|ed)?|broken|crash(es|ing)?|timing out|getting|stuck|help|any ideas|how do i|why (does|is|do)|doesn'?t work|not working|bug|econn\w*|oom|500s?)\b|\bcode\b/;

const CLOSURE = /^(sure|ok|okay|alright|yep|yes|great|cool|perfect|sounds good|makes sense)[,.!:]\s+\S/;
const DEFERRAL =
  /\blet'?s (discuss|take|look|see|talk|sync|revisit|wait|timebox|check|think|park)\b|\b(later|next (week|sprint|time)|after the|tomorrow'?s)\b(?!.*\b(roll|ship|deploy|merg))/;

/**
 * A thread that starts with something on fire (an alert, an error rate, a metric past a limit): what it settles
 * are incident steps ("let's go with a rollback to 4.1.2", "delete the old WAL archives first"), not decisions,
 * unless they say they last beyond the incident (INCIDENT_LASTING).
 */
const INCIDENT =
  /(:rotating_light:|🚨|🔥|:fire:|\b(incident|outage|sev ?[0-3]|p[0-2] |paged|pager|degraded|is down|are down|on fire|5\d\d errors?|5xx)\b|\b(error rate|latency|p9\d|cpu|memory|disk|heap|queue depth|lag)\b[^.?!\n]{0,40}\b\d+(\.\d+)?\s?(%|ms|s|gb)(?![a-z]))/;
const INCIDENT_LASTING =
  /\b(going forward|from now on|in future|permanently|for good|as a rule|policy|standard|always|never again|postmortem|post-mortem|action item)\b/;

/** A thread asking for one person's own choice ("asking for myself", "my laptop"): nothing the team decides. */
const PERSONAL =
  /\b(asking for myself|for myself|for my own|personal (setup|project|preference|choice)|my (own )?(laptop|machine|editor|ide|dotfiles|terminal|desk|home setup))\b/;

const CHECK_REACTIONS = new Set(['white_check_mark', 'heavy_check_mark', 'ballot_box_with_check', 'check']);
const AGREE_REACTIONS = new Set([...CHECK_REACTIONS, '+1', 'thumbsup', '100', 'thumbsup_all']);
const SARCASM_REACTIONS = new Set(['joy', 'rofl', 'laughing', 'upside_down_face', 'rolling_eyes', 'clown_face']);

interface Reading {
  index: number;
  ts: string;
  user: string;
  text: string;
  statement: boolean;
  proposal: boolean;
  agreement: boolean;
  objection: boolean;
  question: boolean;
  /** "sure, spot with on-demand fallback": agreement words, then what is agreed. */
  closure: boolean;
  status: boolean;
  sarcastic: boolean;
  vetoed: boolean;
  checkedBy: Set<string>;
  agreedBy: Set<string>;
}

function isQuestion(sentence: string): boolean {
  return sentence.endsWith('?') || QUESTION_START.test(sentence);
}

/**
 * A status report ("Status update: …", "Progress: …") tells where work stands; its "we're migrating X to Y" is the
 * progress of a decision taken before, not a new one.
 */
const STATUS_REPORT = /^(status|progress|weekly|daily|eod|standup|stand-up|recap)( update| report)?\s*[:\-–]/;

const allStatements = onFirstUse(() => [...STATEMENTS, ...otherLanguageStatements(), ...PROGRESSIVE_STATEMENTS]);
const reportStatements = onFirstUse(() => [...STATEMENTS, ...otherLanguageStatements()]);

/** Whether a sentence states a decision: a statement pattern not asked, supposed, hedged or told as history. */
function statesDecision(sentence: string, report: boolean): boolean {
  if (isQuestion(sentence) || HISTORY.test(sentence) || hedge().test(sentence) || TRIVIAL.test(sentence)) return false;
  for (const pattern of report ? reportStatements() : allStatements()) {
    const match = pattern.exec(sentence);
    if (!match) continue;
    // A condition before the decision words makes it hypothetical ("if we go with …"); after, it is a caveat
    // ("going with that unless someone objects").
    if (CONDITIONAL.test(sentence.slice(0, match.index + match[0].length))) continue;
    return true;
  }
  return false;
}

function reactionUsers(message: ThreadMessage, names: ReadonlySet<string>, author: string): Set<string> {
  const users = new Set<string>();
  for (const reaction of message.reactions ?? []) {
    // Skin tones arrive as "+1::skin-tone-3".
    const name = reaction.name.split('::')[0] ?? reaction.name;
    if (!names.has(name)) continue;
    for (const user of reaction.users) if (user !== author) users.add(user);
  }
  return users;
}

function read(message: ThreadMessage, index: number): Reading | null {
  if (message.bot_id || message.subtype === 'bot_message' || !message.user) return null;
  const text = readableText(message.text ?? '');
  const sentences = sentencesOf(text);
  const sarcastic =
    SARCASM.test(text) || reactionUsers(message, SARCASM_REACTIONS, message.user).size > 0 || /\/s\s*$/.test(text);
  const vetoed = messageVetoes().some((veto) => veto.test(text));
  const trimmed = text.trim();
  const short = wordCount(trimmed) <= 12;
  return {
    index,
    ts: message.ts,
    user: message.user,
    text,
    statement:
      !sarcastic && !vetoed && sentences.some((sentence) => statesDecision(sentence, STATUS_REPORT.test(trimmed))),
    proposal:
      !sarcastic &&
      !vetoed &&
      sentences.some(
        (sentence) =>
          PROPOSAL.test(sentence) &&
          !CONDITIONAL.test(sentence) &&
          !HISTORY.test(sentence) &&
          !TRIVIAL.test(sentence) &&
          (!isQuestion(sentence) ||
            /\b(how about|what about|agreed\?|objections\?|sounds? good\?|ok\?)/.test(sentence)),
      ),
    agreement: short && AGREEMENT.test(trimmed) && !OBJECTION.test(trimmed.replace(/^no objections?/, '')),
    objection: OBJECTION.test(trimmed) && !/^no objections?\b/.test(trimmed),
    question: sentences.length > 0 && sentences.every(isQuestion),
    closure:
      !sarcastic &&
      !vetoed &&
      CLOSURE.test(trimmed) &&
      wordCount(trimmed) >= 4 &&
      !OBJECTION.test(trimmed) &&
      !hedge().test(trimmed) &&
      !DEFERRAL.test(trimmed) &&
      !sentences.some(isQuestion),
    status: STATUS.test(text),
    sarcastic,
    vetoed,
    checkedBy: reactionUsers(message, CHECK_REACTIONS, message.user),
    agreedBy: reactionUsers(message, AGREE_REACTIONS, message.user),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the thread

interface Candidate {
  reading: Reading;
  signal: DecisionSignal;
}

const AGREEMENTS_NEEDED = 2;

export function detectDecision(messages: readonly ThreadMessage[]): DecisionVerdict {
  const trace: string[] = [];
  const readings = messages.map(read).filter((reading): reading is Reading => reading !== null);
  const parent = readings[0]?.index === 0 ? readings[0] : undefined;
  // A troubleshooting thread's ✅ marks the fix that worked, not a decision.
  const threadAsks =
    parent !== undefined &&
    (parent.question || parent.proposal) &&
    !parent.vetoed &&
    !TROUBLESHOOTING.test(parent.text);

  if (parent !== undefined && PERSONAL.test(parent.text)) {
    trace.push('personal@0');
    return { decided: false, decidingTs: null, decidingUser: null, signal: null, trace };
  }
  const incident = parent !== undefined && INCIDENT.test(parent.text);
  if (incident) trace.push('incident@0');
  /** In an incident, only what says it lasts beyond it decides. */
  const decides = (reading: Reading) => !incident || INCIDENT_LASTING.test(reading.text);

  let decision: Candidate | null = null;
  /** The latest proposal or decision by someone, which short agreement replies refer to. */
  let open: Reading | null = null;
  const repliedAgreement = new Map<Reading, Set<string>>();

  const agreementsFor = (reading: Reading) => {
    const users = new Set([...reading.agreedBy, ...(repliedAgreement.get(reading) ?? [])]);
    users.delete(reading.user);
    return users;
  };

  /** Someone other than the thread's author has replied (before the message being read). */
  let othersReplied = false;
  for (const reading of readings) {
    const label = `@${reading.index}`;
    const othersRepliedBefore = othersReplied;
    if (parent !== undefined && reading.index > 0 && reading.user !== parent.user) othersReplied = true;
    if (reading.vetoed) trace.push(`veto${label}`);
    if (reading.sarcastic) trace.push(`sarcasm${label}`);

    if (reading.objection && decision && reading.user !== decision.reading.user) {
      trace.push(`objection${label} cancels ${decision.signal}@${decision.reading.index}`);
      decision = null;
      open = null;
      continue;
    }
    if (reading.vetoed && decision) {
      trace.push(`veto${label} cancels ${decision.signal}@${decision.reading.index}`);
      decision = null;
      open = null;
      continue;
    }

    // Statements first: "Sounds good, let's go with …" and the asker's "ok, X stays" close the thread themselves.
    // The person who asked closes their own question once others have answered (a thread that asked something:
    // "Yes, Thursday 16:00" under a reminder answers a question about it, it settles nothing).
    const closes =
      reading.closure && threadAsks && reading.index > 0 && reading.user === parent?.user && othersRepliedBefore;
    if ((reading.statement || closes) && !decides(reading)) {
      trace.push(`incident step${label}`);
      continue;
    }
    if (reading.statement || closes) {
      decision = { reading, signal: 'statement' };
      open = reading;
      trace.push(`statement${label}`);
      continue;
    }

    if (reading.agreement && open && reading.user !== open.user) {
      const users = repliedAgreement.get(open) ?? new Set<string>();
      users.add(reading.user);
      repliedAgreement.set(open, users);
      trace.push(`agreement${label}→@${open.index}`);
      if (!decision || decision.reading !== open) {
        if (agreementsFor(open).size >= AGREEMENTS_NEEDED && decides(open)) {
          decision = { reading: open, signal: 'agreement' };
          trace.push(`agreement decides @${open.index}`);
        }
      }
      continue;
    }

    const isReply = reading.index > 0;
    const checkable =
      isReply &&
      !reading.sarcastic &&
      !reading.vetoed &&
      !reading.status &&
      (reading.proposal || (threadAsks && !reading.question));
    if (checkable && reading.checkedBy.size >= AGREEMENTS_NEEDED && decides(reading)) {
      decision = { reading, signal: 'reactions' };
      open = reading;
      trace.push(`reactions${label}`);
      continue;
    }

    // A reply answering the thread's question is a proposal others can agree with ("works for me", "+1 Redis").
    const answers =
      isReply && threadAsks && !reading.question && !reading.status && !reading.sarcastic && !reading.vetoed;
    if (reading.proposal || answers) {
      open = reading;
      trace.push(`${reading.proposal ? 'proposal' : 'answer'}${label}`);
      if (agreementsFor(reading).size >= AGREEMENTS_NEEDED && decides(reading)) {
        decision = { reading, signal: 'agreement' };
        trace.push(`agreement decides ${label}`);
      }
    }
  }

  if (!decision) return { decided: false, decidingTs: null, decidingUser: null, signal: null, trace };
  return {
    decided: true,
    decidingTs: decision.reading.ts,
    decidingUser: decision.reading.user,
    signal: decision.signal,
    trace,
  };
}
