/**
 * The scoring results as a picture: one stacked horizontal bar per option, each segment a criterion's weighted
 * contribution, so people see both who won and why. Vega-Lite → Vega SVG → PNG via resvg, no browser needed.
 */
import type { TopLevelSpec } from 'vega-lite';
import { type Criterion, formatScore, MAX_SCORE, type MatrixResult } from '../domain/scoring.js';

export const CHART_FONT_FAMILY = 'DejaVu Sans';
export const CHART_WIDTH = 900;

const PLOT_WIDTH = 540;
const BAR_STEP = 44;
const SEGMENT_COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#76b7b2',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

export interface ScoreChartOptions {
  title: string;
  /** Pixel density multiplier for the PNG; 1 gives about CHART_WIDTH pixels across. */
  scale?: number;
}

export interface ScoreChartSegment {
  option: string;
  label: string;
  criterionId: string;
  criterion: string;
  criterionIndex: number;
  contribution: number;
}

export interface ScoreChartTotal {
  option: string;
  label: string;
  /** Where the text sits: the end of the bar. */
  barEnd: number;
  text: string;
}

function barLabel(rank: number | null, option: string): string {
  return rank === null ? `${option} (incomplete)` : `${rank}. ${option}`;
}

function criterionLabel(criterion: Criterion): string {
  return `${criterion.name} (${criterion.weight} %)`;
}

/** The plain rows behind the chart, in drawing order: options by rank, criteria in the given order. */
export function scoreChartData(
  result: MatrixResult,
  criteria: readonly Criterion[],
): { segments: ScoreChartSegment[]; totals: ScoreChartTotal[]; labels: string[] } {
  const segments: ScoreChartSegment[] = [];
  const totals: ScoreChartTotal[] = [];
  const labels: string[] = [];
  for (const option of result.options) {
    const label = barLabel(option.rank, option.option);
    labels.push(label);
    let barEnd = 0;
    criteria.forEach((criterion, criterionIndex) => {
      const cell = option.cells.find((candidate) => candidate.criterionId === criterion.id);
      const contribution = cell?.contribution ?? 0;
      barEnd += contribution;
      segments.push({
        option: option.option,
        label,
        criterionId: criterion.id,
        criterion: criterionLabel(criterion),
        criterionIndex,
        contribution,
      });
    });
    const text =
      option.total === null
        ? 'not ranked: scores missing'
        : `${formatScore(option.total)} (${Math.round(option.percentOfMax ?? 0)} %)`;
    totals.push({ option: option.option, label, barEnd, text });
  }
  return { segments, totals, labels };
}

/** Pure: the Vega-Lite spec for the chart. Exported so tests can check structure without rendering. */
export function buildScoreChartSpec(
  result: MatrixResult,
  criteria: readonly Criterion[],
  options: Pick<ScoreChartOptions, 'title'>,
): TopLevelSpec {
  const { segments, totals, labels } = scoreChartData(result, criteria);
  const y = {
    field: 'label',
    type: 'nominal' as const,
    sort: labels,
    title: null,
    axis: { labelLimit: 260, labelFontSize: 13, labelPadding: 8, ticks: false, domain: false },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: options.title, anchor: 'start', fontSize: 18, offset: 14 },
    width: PLOT_WIDTH,
    height: { step: BAR_STEP },
    background: '#ffffff',
    padding: { left: 16, right: 24, top: 16, bottom: 16 },
    config: {
      font: CHART_FONT_FAMILY,
      view: { stroke: null },
      axis: { labelFont: CHART_FONT_FAMILY, titleFont: CHART_FONT_FAMILY, labelColor: '#333', titleColor: '#333' },
      legend: { labelFont: CHART_FONT_FAMILY, titleFont: CHART_FONT_FAMILY },
      title: { font: CHART_FONT_FAMILY, color: '#222' },
    },
    layer: [
      {
        data: { values: segments },
        mark: { type: 'bar', height: { band: 0.7 }, stroke: '#ffffff', strokeWidth: 1 },
        encoding: {
          y,
          x: {
            field: 'contribution',
            type: 'quantitative',
            stack: 'zero',
            scale: { domain: [0, MAX_SCORE], nice: false },
            title: `Weighted score (out of ${MAX_SCORE})`,
            axis: { tickCount: MAX_SCORE, grid: true, gridColor: '#e6e6e6', labelFontSize: 12, titleFontSize: 13 },
          },
          color: {
            field: 'criterion',
            type: 'nominal',
            scale: { domain: criteria.map(criterionLabel), range: SEGMENT_COLORS.slice(0, criteria.length) },
            legend: {
              title: 'Criterion (weight)',
              orient: 'bottom',
              direction: 'horizontal',
              columns: 3,
              labelFontSize: 12,
              titleFontSize: 12,
              symbolType: 'square',
              labelLimit: 260,
              columnPadding: 18,
            },
          },
          order: { field: 'criterionIndex', type: 'quantitative', sort: 'ascending' },
        },
      },
      {
        data: { values: totals },
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 6, fontSize: 13, fontWeight: 'bold' },
        encoding: {
          y,
          x: { field: 'barEnd', type: 'quantitative' },
          text: { field: 'text', type: 'nominal' },
        },
      },
    ],
  };
}

/**
 * Vega, Vega-Lite and resvg take about 0.4 s to load, more than the rest of the app: they load at the first chart,
 * not on the way to the app's first answer (or for a CLI command).
 */
let loading: ReturnType<typeof loadRenderers> | undefined;

async function loadRenderers() {
  const [vega, vegaLite, resvg] = await Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]);
  return { parse: vega.parse, View: vega.View, compile: vegaLite.compile, Resvg: resvg.Resvg };
}

function renderers() {
  loading ??= loadRenderers();
  return loading;
}

export async function renderScoreChartSvg(
  result: MatrixResult,
  criteria: readonly Criterion[],
  options: Pick<ScoreChartOptions, 'title'>,
): Promise<string> {
  const { parse, View, compile } = await renderers();
  const { spec } = compile(buildScoreChartSpec(result, criteria, options));
  const view = new View(parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function renderScoreChartPng(
  result: MatrixResult,
  criteria: readonly Criterion[],
  options: ScoreChartOptions,
): Promise<Buffer> {
  const svg = await renderScoreChartSvg(result, criteria, options);
  const { Resvg } = await renderers();
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: options.scale ?? 1 },
    font: { loadSystemFonts: true, defaultFontFamily: CHART_FONT_FAMILY },
  });
  return resvg.render().asPng();
}
