import { describe, expect, it } from 'vitest';
import { buildScoreChartSpec, renderScoreChartPng, scoreChartData } from '../../../src/charts/score-chart.js';
import { aggregate, type Criterion, type Score, type ScoreValue } from '../../../src/domain/scoring.js';

const CRITERIA: Criterion[] = [
  { id: 'team_expertise', name: 'Team Expertise', weight: 50 },
  { id: 'performance', name: 'Performance', weight: 30 },
  { id: 'cost', name: 'Cost', weight: 20 },
];

function scores(table: Record<string, ScoreValue[]>): Score[] {
  return Object.entries(table).flatMap(([option, values]) =>
    CRITERIA.map((criterion, index) => ({
      scorerId: 'U1',
      option,
      criterionId: criterion.id,
      value: values[index] as ScoreValue,
    })),
  );
}

// MongoDB 0.5·3 + 0.3·5 + 0.2·4 = 3.8 (rank 2); PostgreSQL 0.5·5 + 0.3·4 + 0.2·4 = 4.5 (rank 1);
// DynamoDB has no Cost score, so it is drawn last and unranked.
const RESULT = aggregate(
  CRITERIA,
  ['MongoDB', 'PostgreSQL', 'DynamoDB'],
  [
    ...scores({ MongoDB: [3, 5, 4], PostgreSQL: [5, 4, 4] }),
    { scorerId: 'U1', option: 'DynamoDB', criterionId: 'team_expertise', value: 2 },
    { scorerId: 'U1', option: 'DynamoDB', criterionId: 'performance', value: 5 },
  ],
);

interface LayerWithData {
  data: { values: Array<Record<string, unknown>> };
  encoding: Record<string, Record<string, unknown>>;
  mark: { type: string };
}

function layers(): LayerWithData[] {
  const spec = buildScoreChartSpec(RESULT, CRITERIA, { title: 'ADR-007: Primary database' }) as unknown as {
    layer: LayerWithData[];
  };
  return spec.layer;
}

describe('buildScoreChartSpec', () => {
  it('draws one bar per option, in ranked order, with the incomplete option last', () => {
    const [bars, totals] = layers();
    const barLabels = [...new Set(bars?.data.values.map((row) => row.label))];
    expect(barLabels).toEqual(['1. PostgreSQL', '2. MongoDB', 'DynamoDB (incomplete)']);
    expect(bars?.encoding.y?.sort).toEqual(barLabels);
    expect(totals?.data.values.map((row) => row.label)).toEqual(barLabels);
  });

  it('stacks one segment per criterion, in criteria order, sized by weighted contribution', () => {
    const [bars] = layers();
    const postgres = bars?.data.values.filter((row) => row.option === 'PostgreSQL') ?? [];
    expect(postgres.map((row) => row.criterionId)).toEqual(['team_expertise', 'performance', 'cost']);
    expect(postgres.map((row) => row.criterionIndex)).toEqual([0, 1, 2]);
    // 50·5/100 = 2.5, 30·4/100 = 1.2, 20·4/100 = 0.8
    expect(postgres.map((row) => row.contribution)).toEqual([2.5, 1.2, 0.8]);
    expect(bars?.encoding.order).toMatchObject({ field: 'criterionIndex', sort: 'ascending' });
    expect(bars?.encoding.x?.stack).toBe('zero');
    const colorScale = bars?.encoding.color?.scale as { domain: string[] };
    expect(colorScale.domain).toEqual(['Team Expertise (50 %)', 'Performance (30 %)', 'Cost (20 %)']);
  });

  it('puts the total at the end of each bar', () => {
    const [, totals] = layers();
    expect(totals?.mark.type).toBe('text');
    const rows = totals?.data.values ?? [];
    expect(rows.map((row) => row.text)).toEqual(['4.50 (90 %)', '3.80 (76 %)', 'not ranked: scores missing']);
    expect(rows[0]?.barEnd).toBeCloseTo(4.5, 12);
    // DynamoDB's bar ends after its scored segments: 0.5·2 + 0.3·5 = 2.5
    expect(rows[2]?.barEnd).toBeCloseTo(2.5, 12);
  });

  it('exposes the same rows through scoreChartData', () => {
    const { segments, totals, labels } = scoreChartData(RESULT, CRITERIA);
    expect(segments).toHaveLength(3 * CRITERIA.length);
    expect(totals).toHaveLength(3);
    expect(labels).toHaveLength(3);
  });
});

describe('renderScoreChartPng', () => {
  it('renders a PNG about 900 px wide', async () => {
    const png = await renderScoreChartPng(RESULT, CRITERIA, { title: 'ADR-007: Primary database' });
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // The first chunk is IHDR: length (4 bytes), type (4), then width and height as big-endian uint32.
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(width).toBeGreaterThanOrEqual(800);
    expect(width).toBeLessThanOrEqual(1100);
    expect(height).toBeGreaterThanOrEqual(250);
    expect(height).toBeLessThanOrEqual(600);
    expect(png.length).toBeGreaterThan(5_000);
  });

  it('scales the pixel density on request', async () => {
    const normal = await renderScoreChartPng(RESULT, CRITERIA, { title: 'T' });
    const double = await renderScoreChartPng(RESULT, CRITERIA, { title: 'T', scale: 2 });
    expect(double.readUInt32BE(16)).toBe(normal.readUInt32BE(16) * 2);
  });
});
