/** Upper bounds (seconds) of the ack latency histogram; Slack gives up at 3 s. */
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];

export const REQUEST_TYPES = [
  'command',
  'block_actions',
  'view_submission',
  'view_closed',
  'shortcut',
  'message_action',
  'block_suggestion',
  'event',
  'other',
  'unknown',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/** The payload type of a parsed Slack request body, from a fixed set so metric labels stay bounded. */
export function requestTypeOf(body: unknown): RequestType {
  if (typeof body !== 'object' || body === null) return 'unknown';
  const record = body as Record<string, unknown>;
  if (typeof record.command === 'string') return 'command';
  if (record.type === 'event_callback') return 'event';
  const type = record.type;
  return typeof type === 'string' && (REQUEST_TYPES as readonly string[]).includes(type)
    ? (type as RequestType)
    : 'other';
}

export interface Gauge {
  name: string;
  help: string;
  samples: { labels?: Record<string, string>; value: number }[];
}

interface Histogram {
  buckets: number[];
  sum: number;
  count: number;
}

/** In-process counters for /metrics, rendered in Prometheus' text exposition format. */
export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly acks = new Map<RequestType, Histogram>();
  private readonly counters = new Map<string, { help: string; value: number }>();
  private readonly startedAt = Date.now();

  /** One request to /slack/events: its type, the HTTP status it got, and how long the answer (the ack) took. */
  recordRequest(type: RequestType, status: number, seconds: number): void {
    const key = `${type}\u0000${status}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    const histogram = this.acks.get(type) ?? { buckets: ACK_BUCKETS.map(() => 0), sum: 0, count: 0 };
    ACK_BUCKETS.forEach((bound, index) => {
      if (seconds <= bound) histogram.buckets[index] = (histogram.buckets[index] ?? 0) + 1;
    });
    histogram.sum += seconds;
    histogram.count += 1;
    this.acks.set(type, histogram);
  }

  increment(name: string, help: string): void {
    const counter = this.counters.get(name) ?? { help, value: 0 };
    counter.value += 1;
    this.counters.set(name, counter);
  }

  render(gauges: Gauge[] = []): string {
    const lines: string[] = [
      '# HELP adr_requests_total Slack requests received on /slack/events, by payload type and HTTP status.',
      '# TYPE adr_requests_total counter',
    ];
    for (const [key, value] of [...this.requests].sort()) {
      const [type = '', status = ''] = key.split('\u0000');
      lines.push(`adr_requests_total${labels({ type, status })} ${value}`);
    }
    lines.push(
      '# HELP adr_ack_seconds Time from receiving a Slack request to answering it (the ack), by payload type.',
      '# TYPE adr_ack_seconds histogram',
    );
    for (const [type, histogram] of [...this.acks].sort(([a], [b]) => a.localeCompare(b))) {
      ACK_BUCKETS.forEach((bound, index) => {
        lines.push(`adr_ack_seconds_bucket${labels({ type, le: String(bound) })} ${histogram.buckets[index] ?? 0}`);
      });
      lines.push(`adr_ack_seconds_bucket${labels({ type, le: '+Inf' })} ${histogram.count}`);
      lines.push(`adr_ack_seconds_sum${labels({ type })} ${round(histogram.sum)}`);
      lines.push(`adr_ack_seconds_count${labels({ type })} ${histogram.count}`);
    }
    for (const [name, counter] of [...this.counters].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`# HELP ${name} ${counter.help}`, `# TYPE ${name} counter`, `${name} ${counter.value}`);
    }
    for (const gauge of gauges) {
      lines.push(`# HELP ${gauge.name} ${gauge.help}`, `# TYPE ${gauge.name} gauge`);
      for (const sample of gauge.samples) lines.push(`${gauge.name}${labels(sample.labels ?? {})} ${sample.value}`);
    }
    lines.push(
      '# HELP process_uptime_seconds Seconds since the app started.',
      '# TYPE process_uptime_seconds gauge',
      `process_uptime_seconds ${round((Date.now() - this.startedAt) / 1000)}`,
    );
    return `${lines.join('\n')}\n`;
  }
}

function labels(values: Record<string, string>): string {
  const entries = Object.entries(values);
  if (entries.length === 0) return '';
  const escapeValue = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
  return `{${entries.map(([key, value]) => `${key}="${escapeValue(value)}"`).join(',')}}`;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
