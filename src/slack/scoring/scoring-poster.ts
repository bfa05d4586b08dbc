import type { WebClient } from '@slack/web-api';
import { renderScoreChartPng } from '../../charts/score-chart.js';
import type { Actor } from '../../domain/actor.js';
import { formatAdrNumber } from '../../domain/adr-number.js';
import type { ScoringSnapshot } from '../../services/scoring-service.js';
import { escapeMrkdwn, truncate } from '../blocks/mrkdwn.js';
import type { Deps } from '../deps.js';
import { slackErrorCode } from '../slack-errors.js';
import { type ResultsOptions, resultsMessage, resultsSummary } from './scoring-results.js';

/** Where shared results go: the ADR card's thread, or a channel when the ADR has no card. */
export interface Place {
  channelId: string;
  threadTs?: string;
}

export function placeOf(snapshot: ScoringSnapshot, fallbackChannelId?: string): Place | null {
  const card = snapshot.adr.card;
  if (card) return { channelId: card.channelId, threadTs: card.ts };
  return fallbackChannelId ? { channelId: fallbackChannelId } : null;
}

export function isCardThread(snapshot: ScoringSnapshot, place: Place): boolean {
  const card = snapshot.adr.card;
  return card !== null && place.channelId === card.channelId && place.threadTs === card.ts;
}

/** Posts the results for everyone to read, in the card's thread (or the channel). */
export async function postResults(client: WebClient, snapshot: ScoringSnapshot, place: Place): Promise<void> {
  await client.chat.postMessage({
    channel: place.channelId,
    ...(place.threadTs ? { thread_ts: place.threadTs } : {}),
    ...resultsMessage(snapshot, { shared: true }),
    unfurl_links: false,
    unfurl_media: false,
  });
}

/** Renders the results chart (PNG) and uploads it with files.uploadV2. */
export async function postScoreChart(client: WebClient, snapshot: ScoringSnapshot, place: Place): Promise<void> {
  const label = formatAdrNumber(snapshot.adr.number);
  const png = await renderScoreChartPng(snapshot.result, snapshot.criteria, {
    title: truncate(`${label}: ${snapshot.adr.title}`, 90),
  });
  const upload = {
    file: png,
    filename: `${label.toLowerCase()}-scores.png`,
    title: `${label} weighted scores`,
    alt_text: truncate(`Bar chart of the weighted scores. ${resultsSummary(snapshot)}`, 1000),
    initial_comment: `:bar_chart: ${escapeMrkdwn(chartComment(snapshot))}`,
  };
  if (place.threadTs) {
    await client.files.uploadV2({ ...upload, channel_id: place.channelId, thread_ts: place.threadTs });
  } else {
    await client.files.uploadV2({ ...upload, channel_id: place.channelId });
  }
}

function chartComment(snapshot: ScoringSnapshot): string {
  const count = snapshot.result.scorers.length;
  const by = `${count} ${count === 1 ? 'scorer' : 'scorers'}`;
  return `Weighted scores of ${formatAdrNumber(snapshot.adr.number)} from ${by}${snapshot.closedAt ? ' (final)' : ''}.`;
}

/**
 * Uploads the chart to the card's thread unless the same chart is already there, so asking for results again
 * does not flood the thread. Failures are logged: the results themselves were already shown.
 */
export async function postChartToCardThread({ services, slack }: Deps, snapshot: ScoringSnapshot): Promise<void> {
  const place = placeOf(snapshot);
  if (!place || !(await services.scoring.chartIsNew(snapshot))) return;
  try {
    await slack.clients.withClient(snapshot.adr.teamId, 'the score chart', (client) =>
      postScoreChart(client, snapshot, place),
    );
    await services.scoring.chartPosted(snapshot);
  } catch (error) {
    slack.logger.warn(`Could not post the score chart of ${formatAdrNumber(snapshot.adr.number)}`, error);
  }
}

/** Shares the results (and chart) for everyone; a sentence for the person who asked, saying where or why not. */
export async function shareResults(
  client: WebClient,
  deps: Deps,
  snapshot: ScoringSnapshot,
  place: Place,
): Promise<{ ok: boolean; text: string }> {
  try {
    await postResults(client, snapshot, place);
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === 'not_in_channel' || code === 'channel_not_found' || code === 'is_archived') {
      return {
        ok: false,
        text: 'I cannot post in that channel. Invite me there with /invite @ADR Assistant, then share again.',
      };
    }
    throw error;
  }
  const { slack } = deps;
  if (isCardThread(snapshot, place)) {
    slack.background.run('post score chart', () => postChartToCardThread(deps, snapshot));
  } else {
    slack.background.run('post score chart', () =>
      slack.clients
        .withClient(snapshot.adr.teamId, 'the score chart', (workspace) => postScoreChart(workspace, snapshot, place))
        .catch((error) => slack.logger.warn('Could not post the chart', error)),
    );
  }
  return {
    ok: true,
    text: `Results of ${formatAdrNumber(snapshot.adr.number)} shared ${place.threadTs ? "in the ADR card's thread" : 'in the channel'}.`,
  };
}

/** After scoring closes: the card says so, and the final results and chart go to the card's thread. */
export async function announceClosed(deps: Deps, snapshot: ScoringSnapshot): Promise<void> {
  const { slack } = deps;
  const { adr } = snapshot;
  slack.cards.refresh(adr.teamId, adr.number);
  const place = placeOf(snapshot);
  if (!place) return;
  try {
    await slack.clients.withClient(adr.teamId, 'the final results', (client) => postResults(client, snapshot, place));
  } catch (error) {
    slack.logger.warn(`Could not post the final results of ${formatAdrNumber(adr.number)}`, error);
    return;
  }
  await postChartToCardThread(deps, snapshot);
}

/** Results options for one viewer: what they may do from where they look at the results. */
export function resultsOptionsFor(
  { services }: Pick<Deps, 'services'>,
  snapshot: ScoringSnapshot,
  actor: Actor,
  channelId?: string,
) {
  return {
    mayManage: services.scoring.mayManage(snapshot.adr, actor.userId),
    canShare: placeOf(snapshot, channelId) !== null,
  } satisfies ResultsOptions;
}
