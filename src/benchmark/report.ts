/**
 * The benchmark's results as one JSON document and as the Markdown of
 * docs/benchmarks.md (the same tables the bench prints).
 */
import type { QueryMeasure } from './frontend-queries';
import type { RecordingStatsBench, StatsCost } from './recording-stats-bench';
import type { MachineInfo } from './machine';
import type { PackageShare } from './bundle';
import type { LossTally } from './loss-classification';
import type { PipelineResult } from './pipeline';
import type { LossResult, RepairCost } from './soak-loss';
import { describeDiff, isExact } from './record-check';
import type { RequestCostResult } from './request-costs';
import { fmt, renderMarkdown, renderPlain, type Table } from './table';
import { RECORDING_STATUS_HANDLER as HANDLER_FUNCTION } from '../../amplify/functions/function-names';

export const AIMS = {
  requestsPerEvent: 1.2,
  requestsPerStateChange: 1.1,
  bundleBytes: 1_000_000,
  coldStartMs: 200,
} as const;

/** The request-cost run of the real handler made anew for each event (bench-stack's coldContainerHandler). */
export const COLD_CONTAINER_HANDLER = `${HANDLER_FUNCTION}, cold container`;

type ColdStartRunMeasures = { bootMs: number; importMs: number; firstEventMs: number; totalMs: number; wallMs: number };
type ColdStartMedianMeasures = { importMs: number; firstEventMs: number; totalMs: number; wallMs: number };

export type ColdStartResult = {
  bundle: { file: string; assetHash: string; bytes: number; sourceMapBytes: number | null };
  breakdown: PackageShare[];
  runs: ColdStartRunMeasures[];
  median: ColdStartMedianMeasures;
  /** The minimal handler, bundled the same way, run alternately with the handler (absent in older reports). */
  minimal?: {
    file: string;
    bytes: number;
    runtime: string;
    /** The real handler rebuilt with the minimal handler's build is the synthesized asset, byte for byte. */
    sameBundling: boolean;
    runs: ColdStartRunMeasures[];
    median: ColdStartMedianMeasures;
  };
  /** Handler over minimal handler, process start to first event written (medians). */
  ratio?: number;
};

export type BenchReport = {
  machine: MachineInfo;
  mode: 'default' | 'soak';
  options: Record<string, unknown>;
  seeding: { rows: number; seconds: number }[];
  requestCosts: RequestCostResult[];
  frontendQueries: { tableRows: number; queries: QueryMeasure[] } | null;
  coldStart: ColdStartResult | null;
  throughput: PipelineResult | null;
  soak: PipelineResult | null;
  /** Section 6 (absent in older reports). */
  recordingStats?: RecordingStatsBench | null;
  durationSeconds: number;
  /** `--only`: the sections this run measured; the others come from the previous report. */
  partial?: { sections: string[]; keptFrom: { date: string; commit: string } };
};

export type Section = { title: string; intro?: string; tables: { caption?: string; table: Table }[]; notes?: string[] };

const kb = (bytes: number) => `${(bytes / 1000).toFixed(0)} kB`;
const ms = (value: number) => `${fmt(value, 0)} ms`;
const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

const costTable = (results: RequestCostResult[]): Table => {
  const kinds = [...new Set(results.flatMap((r) => r.rows.map((row) => row.kind)))];
  const headers = ['event kind', ...results.map((r) => `${r.tableRows.toLocaleString('en-US')} rows`)];
  return {
    headers,
    rows: kinds.map((kind) => [
      kind,
      ...results.map((r) => {
        const row = r.rows.find((x) => x.kind === kind);
        return row ? `${fmt(row.requestsPerEvent, 2)} req, ${fmt(row.itemsReadPerEvent, 1)} items` : '-';
      }),
    ]),
  };
};

const allEvents = (r: RequestCostResult) => r.rows.find((row) => row.kind === 'all events')!;

/** Requests per event answered "written" (one state change each); null in reports that did not count them. */
const perStateChange = (r: RequestCostResult): number | null =>
  r.stateChanges && r.stateChanges.events > 0 ? r.stateChanges.requests / r.stateChanges.events : null;

const sideBySide = (results: RequestCostResult[]): Table => {
  const sizes = [...new Set(results.map((r) => r.tableRows))];
  const handlers = [...new Set(results.map((r) => r.handler))];
  return {
    headers: ['handler', ...sizes.map((size) => `${size.toLocaleString('en-US')} rows`)],
    rows: handlers.map((handler) => [
      handler,
      ...sizes.map((size) => {
        const r = results.find((x) => x.handler === handler && x.tableRows === size);
        if (!r) return '-';
        const change = perStateChange(r);
        return (
          `${fmt(allEvents(r).requestsPerEvent, 2)} req, ${fmt(allEvents(r).itemsReadPerEvent, 1)} items per event` +
          (change === null ? '' : `; ${fmt(change, 2)} req per state change`)
        );
      }),
    ]),
  };
};

const lookupLine = (r: RequestCostResult): string => {
  if (!r.lookups) return '';
  return Object.entries(r.lookups)
    .map(([model, t]) => `${model} ${t.missed}/${t.shouldFind} missed`)
    .join(', ');
};

const pipelineTable = (r: PipelineResult): Table => ({
  headers: ['measure', 'value'],
  rows: [
    ['fleet', `${r.channels} channels, ${r.recordings} recordings, ${r.streamSessions} stream sessions`],
    [
      'deliveries',
      `${r.deliveries} (${r.events} events + ${r.duplicatesSent} duplicates) in ${r.putEventsCalls} put-events calls`,
    ],
    ['failed put-events entries', String(r.failedEntries)],
    ['wall time', `${fmt(r.seconds, 1)} s`],
    ['throughput', `${fmt(r.eventsPerSecond, 1)} events/s`],
    [
      'latency put-events -> written (p50 / p99 / max)',
      `${ms(r.latencyMs.p50)} / ${ms(r.latencyMs.p99)} / ${ms(r.latencyMs.max)}`,
    ],
    ['one handler attempt (p50 / p99)', `${ms(r.attemptMs.p50)} / ${ms(r.attemptMs.p99)}`],
    ['handler invocations / Lambda retries', `${r.invocations} / ${r.retries}`],
    ['data API requests (per delivery)', `${r.proxy.requests} (${fmt(r.proxy.requests / r.deliveries, 2)})`],
    [
      'injected failures',
      `${r.proxy.injected.unavailable} unavailable (503), ${r.proxy.injected.throttled} throttled, ${r.proxy.injected.lost_response} lost responses`,
    ],
    [
      'on-failure captures / redrive rounds / redelivered / still failed',
      `${r.capturedFailures} / ${r.redriveRounds} / ${r.redelivered} / ${r.stillFailed}`,
    ],
    ['Recordings vs expected', describeDiff(r.check.recordings)],
    ['StreamSessions vs expected', describeDiff(r.check.streamSessions)],
    [
      'lost / duplicated records',
      `${r.check.recordings.missing.length + r.check.streamSessions.missing.length} / ${r.check.recordings.extraRows + r.check.streamSessions.extraRows + r.check.recordings.unexpected + r.check.streamSessions.unexpected}`,
    ],
  ],
  align: ['left', 'left'],
});

const tallyLine = (t: LossTally): string =>
  `${t.exact.events + t.exact.parking + t.exact.reconciliation}/${t.expected} exact (${t.exact.events} by their events, ` +
  `${t.exact.parking} through parking and replay, ${t.exact.reconciliation} completed by reconciliation); ` +
  `${t.unknowable} differ only in facts no source holds; ${t.wrong} wrong`;

const costLine = (c: RepairCost, unit: string): string =>
  `${c.requests} requests (${c.writes} writes) for ${c.repaired} ${unit}` +
  (c.requestsPerRepair === null ? '' : `: ${fmt(c.requestsPerRepair, 2)} per ${unit.replace(/s$/, '')}`);

/** The loss mode's outcome: records exact and how, why the others are not, and the repair paths' cost. */
export const lossTables = (loss: LossResult): { caption?: string; table: Table }[] => {
  const reasons = [
    ...new Set([...Object.keys(loss.recordings.reasons), ...Object.keys(loss.streamSessions.reasons)]),
  ].sort();
  const reasonTable: Table = {
    headers: ['reason', 'Recordings', 'StreamSessions'],
    rows: reasons.map((reason) => [
      reason,
      String(loss.recordings.reasons[reason] ?? 0),
      String(loss.streamSessions.reasons[reason] ?? 0),
    ]),
    align: ['left', 'right', 'right'],
  };
  return [
    {
      caption: 'Loss mode: what came out, and what the repair paths cost (data API requests at the proxy)',
      table: {
        headers: ['measure', 'value'],
        rows: [
          [
            'lost / late events',
            `${loss.lostEvents.stream} stream + ${loss.lostEvents.recording} recording lost; ${loss.lateEvents} sent after all others settled`,
          ],
          ['Recordings', tallyLine(loss.recordings)],
          ['StreamSessions', tallyLine(loss.streamSessions)],
          [
            'profiles created halfway (createProfileAndReplay)',
            `${loss.profileReplay.profiles}; ${costLine(loss.profileReplay, 'replayed events')} (the profile writes included)`,
          ],
          [
            'reconciliation (until a run changes nothing)',
            `${loss.reconciliation.rounds} runs over ${loss.reconciliation.endFiles} S3 end files and ${loss.reconciliation.ivsSessions} IVS sessions; ` +
              `${costLine(loss.reconciliation, 'repairs')} (the last run's queries included)`,
          ],
          [
            'reconciliation runs (actions; parked events replayed)',
            loss.reconciliation.perRound
              .map(
                (r, i) =>
                  `${i + 1}: ${
                    Object.entries(r.counts)
                      .map(([action, n]) => `${action} ${n}`)
                      .join(', ') || 'nothing'
                  }; ${r.replayed} replayed`,
              )
              .join(' | '),
          ],
          ...Object.entries(loss.reconciliation.pendingWhy).map(([why, n]) => [`left pending: ${why}`, String(n)]),
          ...(loss.wrongKeys.recordings.length + loss.wrongKeys.streamSessions.length > 0
            ? [['wrong records', [...loss.wrongKeys.recordings, ...loss.wrongKeys.streamSessions].join(', ')]]
            : []),
        ],
        align: ['left', 'left'],
      },
    },
    ...(reasons.length
      ? [
          {
            caption: 'Records not exact, by reason (unknowable: only the lost event held that fact)',
            table: reasonTable,
          },
        ]
      : []),
  ];
};

export const sections = (report: BenchReport): Section[] => {
  const out: Section[] = [];
  const real = report.requestCosts.filter((r) => r.handler === HANDLER_FUNCTION);
  const cold = report.requestCosts.filter((r) => r.handler === COLD_CONTAINER_HANDLER);
  const baseline = report.requestCosts.filter(
    (r) => r.handler !== HANDLER_FUNCTION && r.handler !== COLD_CONTAINER_HANDLER,
  );
  if (real.length) {
    const worst = Math.max(...real.map((r) => allEvents(r).requestsPerEvent));
    const worstPerChange = Math.max(...real.map((r) => perStateChange(r) ?? Number.NaN));
    out.push({
      title: '1. Data API requests and DynamoDB items read per event (RecordingStatusHandler, one warm container)',
      intro:
        'GraphQL requests counted at a proxy in front of the local data API, items read counted at dynalite, per event processed one at a time ' +
        '(true order, 10% delivered twice) by one warm container: its profile cache warmed, and its record cache (RECORD_CACHE_SIZE) holding what it wrote. ' +
        'Rows = Recordings already in the table (plus as many StreamSessions).',
      tables: [
        ...(cold.length || baseline.length
          ? [
              {
                caption:
                  'Side by side, measured in the same run (all events; a state change is an event answered "written")',
                table: sideBySide([...real, ...cold, ...baseline]),
              },
            ]
          : []),
        { caption: 'By event kind', table: costTable(real) },
      ],
      notes: [
        `Average over all events: ${real.map((r) => `${fmt(allEvents(r).requestsPerEvent, 2)} req and ${fmt(allEvents(r).itemsReadPerEvent, 2)} items at ${r.tableRows.toLocaleString('en-US')} rows`).join('; ')}. ` +
          `Aim: at most ${AIMS.requestsPerEvent} requests per event on average: ${worst <= AIMS.requestsPerEvent ? 'met' : 'NOT met'}; ` +
          `at most ${AIMS.requestsPerStateChange} per state change: ${worstPerChange <= AIMS.requestsPerStateChange ? 'met' : 'NOT met'}; items read do not grow with the table.`,
        `DynamoDB operations per event (all events, largest table): ${Object.entries(
          allEvents(real.at(-1)!).dynamoPerEvent,
        )
          .map(([op, n]) => `${op} ${fmt(n, 2)}`)
          .join(', ')}.`,
        `Final records: ${real.map((r) => `${r.tableRows.toLocaleString('en-US')} rows: recordings ${describeDiff(r.check.recordings)}, sessions ${describeDiff(r.check.streamSessions)}`).join('; ')}.`,
      ],
    });
  }
  if (cold.length) {
    out.push({
      title: '1b. The same, every event on a cold container (RecordingStatusHandler)',
      intro:
        "The same workload, each event handled by the handler module's createHandler() made anew: no profile and no record remembered, " +
        'as when every event lands on a fresh Lambda container (the worst case; warm containers sit between this and section 1).',
      tables: [{ table: costTable(cold) }],
      notes: [
        `Final records: ${cold.map((r) => `${r.tableRows.toLocaleString('en-US')} rows: recordings ${describeDiff(r.check.recordings)}, sessions ${describeDiff(r.check.streamSessions)}`).join('; ')}.`,
      ],
    });
  }
  if (baseline.length) {
    out.push({
      title:
        '2. BASELINE: list({ filter }) lookups, first page only, unconditional writes (bench/baseline-list-filter-handler.ts)',
      intro:
        'The same workload through a handler that finds Profile, StreamSession and Recording with client.models.X.list({ filter }) (a Scan, limit 100) and writes without conditions.',
      tables: [
        { table: costTable(baseline) },
        {
          caption:
            'Lookups that came back empty although the record existed (its match was on a later page), and what the fleet looked like afterwards',
          table: {
            headers: ['rows', 'missed lookups', 'Recordings', 'StreamSessions'],
            rows: baseline.map((r) => [
              r.tableRows.toLocaleString('en-US'),
              lookupLine(r),
              describeDiff(r.check.recordings),
              describeDiff(r.check.streamSessions),
            ]),
            align: ['right', 'left', 'left', 'left'],
          },
        },
      ],
      notes: [
        'Profile lookups miss too once the Profile table passes one page (100 items): it holds 30 seeded profiles plus 10 per fleet measured (three fleets per table size: the warm and cold-container handler runs and the baseline).',
        'Baseline records are compared without id and streamSessionId (it lets Amplify generate ids and links recordings to the session row it found).',
      ],
    });
  }
  if (report.frontendQueries) {
    const { tableRows, queries } = report.frontendQueries;
    out.push({
      title: `3. Frontend queries at ${tableRows.toLocaleString('en-US')} Recordings`,
      intro:
        'One seeded recording (its stream session has exactly that recording); every query follows nextToken until all matches are returned.',
      tables: [
        {
          table: {
            headers: ['query', 'requests (pages)', 'items read', 'matches', 'match on 1st page', 'latency'],
            rows: queries.map((q) => [
              q.query,
              q.requests,
              q.itemsRead,
              q.matches,
              q.firstPageHadMatch ? 'yes' : 'no',
              ms(q.latencyMs),
            ]),
          },
        },
      ],
      notes: [
        'Amplify lazy loading (`session.recordings()`) calls Recording.list with a filter on streamSessionId: a Scan, not the gsi-StreamSession.recordings index, so it costs as much as the documented list query.',
      ],
    });
  }
  if (report.coldStart) {
    const c = report.coldStart;
    const m = c.minimal;
    const row = (label: string, handler: string, minimal: string, aim = '') =>
      m ? [label, handler, minimal, aim] : [label, handler, aim];
    out.push({
      title: '4. Cold start of the synthesized bundle',
      intro:
        `${c.bundle.file} (asset ${c.bundle.assetHash.slice(0, 12)}...), imported in a fresh Node process with the function's environment and AMPLIFY_SSM_ENV_CONFIG='{}', then one Stream Start handled and written (cold caches: 2 requests, the profile by key and the session's conditional create).` +
        (m
          ? ` Beside it, in the same run and alternating with it, the minimal handler (${m.file}): the same bundling (${m.runtime}; the real handler rebuilt that way is ${m.sameBundling ? 'byte for byte the synthesized asset' : 'NOT the synthesized asset'}), one signed fetch writing one StreamSession.`
          : ''),
      tables: [
        {
          table: {
            headers: m ? ['measure', 'handler', 'minimal handler', 'aim'] : ['measure', 'value', 'aim'],
            rows: [
              row(
                'bundle size (index.mjs)',
                kb(c.bundle.bytes),
                m ? kb(m.bytes) : '',
                `${kb(AIMS.bundleBytes)}: ${c.bundle.bytes <= AIMS.bundleBytes ? 'met' : 'NOT met'}`,
              ),
              row('import (median)', ms(c.median.importMs), m ? ms(m.median.importMs) : ''),
              row('first event written (median)', ms(c.median.firstEventMs), m ? ms(m.median.firstEventMs) : ''),
              row(
                'process start to first event written (median)',
                ms(c.median.totalMs),
                m ? ms(m.median.totalMs) : '',
                `${ms(AIMS.coldStartMs)}: ${c.median.totalMs <= AIMS.coldStartMs ? 'met' : 'NOT met'}`,
              ),
              ...(c.ratio !== undefined
                ? [row('handler / minimal handler, process start to first event written', `${fmt(c.ratio, 2)}x`, '1x')]
                : []),
              row('spawn to exit, parent view (median)', ms(c.median.wallMs), m ? ms(m.median.wallMs) : ''),
              row('runs', String(c.runs.length), m ? String(m.runs.length) : ''),
            ],
            align: m ? ['left', 'right', 'right', 'left'] : ['left', 'right', 'left'],
          },
        },
        {
          caption: "What the handler's bundle is made of (bytes attributed through the bundle's source map)",
          table: {
            headers: ['package', 'bytes', 'share'],
            rows: c.breakdown.map((s) => [s.name, kb(s.bytes), pct(s.share)]),
          },
        },
      ],
    });
  }
  if (report.throughput) {
    out.push({
      title: '5. Throughput of the local pipeline (put-events -> record written)',
      intro:
        'A simulated fleet sent with the stock EventBridge client (4 put-events calls in flight, 10 entries each) to the local bus; the invoker runs the real handler 10 at a time. All deliveries are sent at once, so latency is mostly queueing.',
      tables: [{ table: pipelineTable(report.throughput) }],
    });
  }
  if (report.recordingStats) {
    const r = report.recordingStats;
    const ops = (c: StatsCost) =>
      Object.entries(c.dynamoOperations)
        .map(([op, n]) => `${op} ${n}`)
        .join(', ');
    const cell = (c: StatsCost) => `${c.requests} req, ${c.itemsRead.toLocaleString('en-US')} items, ${ms(c.wallMs)}`;
    out.push({
      title: '6. recordingStats: one owner, 30 days, as the table grows',
      intro:
        `One owner with ${r.ownerRecordings} recordings over 60 days (the same at every size), the rest of the table spread over ${r.owners - 1} other owners in the same days, seeded straight into dynalite with BatchWriteItem (this measures the read, not the writes). ` +
        `The real RecordingStats handler module answers the owner for ${r.range.from} to ${r.range.to}: one query per form of the owner (two here) on the owner + recordedAt index, 1000 items a page. ` +
        'Requests and items are those of one answer; the time is the median of three. Beside it, the same rows by Recording.list with a filter on owner and recordedAt, every page (a scan).',
      tables: [
        {
          table: {
            headers: [
              'Recordings in the table',
              "owner's rows in range",
              'recordingStats',
              'DynamoDB',
              'list + filter (scan)',
              'DynamoDB',
              'answer',
            ],
            rows: r.rows.map((row) => [
              row.tableRows.toLocaleString('en-US'),
              String(row.ownerRowsInRange),
              cell(row.query),
              ops(row.query),
              cell(row.baseline),
              ops(row.baseline),
              row.answerMatches ? 'equals the fold of the seeded rows' : 'DIFFERS',
            ]),
            align: ['right', 'right', 'left', 'left', 'left', 'left', 'left'],
          },
        },
      ],
      notes: [
        `Seeding: ${r.rows.map((row) => `to ${row.tableRows.toLocaleString('en-US')} rows in ${fmt(row.seedSeconds, 1)} s`).join(', ')}.`,
        "The query's requests and items read follow the owner's rows in the range, not the table; the scan's grow with the table.",
      ],
    });
  }
  if (report.soak) {
    const { loss } = report.soak;
    out.push({
      title: loss ? 'Soak, loss mode (--soak-loss)' : 'Soak',
      intro:
        'Events reordered within windows of 20, 10% duplicated, 5% of data API requests failing transiently (503 before the resolvers, DynamoDB throttling error, or applied then the answer lost). All deliveries are put at once, so the latency column measures the queue; the handler attempt time is the per-event cost.' +
        (loss
          ? ` Loss mode: ${pct(loss.mode.streamLoss)} of stream and ${pct(loss.mode.recordingLoss)} of recording events never delivered, ${pct(loss.mode.lateFraction)} sent after every other delivery settled, ` +
            `${pct(loss.mode.lateProfileFraction)} of the channels given their Profile halfway through (their earlier events parked); after the redrives, reconciliation runs against each recording's end file in a local S3 store (stock S3 client) and each stream's session in the IVS stand-in. ` +
            "Expected records are the simulation's full-knowledge ones, so the comparison rows below count every difference; the loss table separates facts no source holds from wrong ones."
          : ''),
      tables: [{ table: pipelineTable(report.soak) }, ...(loss ? lossTables(loss) : [])],
      notes: [
        loss
          ? loss.recordings.wrong + loss.streamSessions.wrong === 0
            ? 'Every record is exact or differs only in facts no source holds.'
            : 'SOME RECORDS ARE WRONG (see the reasons).'
          : isExact(report.soak.check.recordings) && isExact(report.soak.check.streamSessions)
            ? 'Final records equal the expected ones exactly.'
            : 'FINAL RECORDS DIFFER FROM THE EXPECTED ONES.',
        ...(loss
          ? [
              'The repair path of a recording event whose StreamSession does not exist yet runs inside the handler, among all other deliveries: the proxy cannot tell its requests apart (see section 1 for per-kind costs).',
            ]
          : []),
      ],
    });
  }
  return out;
};

const header = (report: BenchReport): string[] => {
  const m = report.machine;
  return [
    `Date: ${m.date}`,
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}`,
    `Commit: ${m.commit}${m.dirty ? ' (with uncommitted changes)' : ''}`,
    `Mode: ${report.mode}; total ${fmt(report.durationSeconds, 0)} s; seeding ${report.seeding.map((s) => `${s.rows.toLocaleString('en-US')} rows in ${fmt(s.seconds, 1)} s`).join(', ') || 'none'}`,
    ...(report.partial
      ? [
          `Sections run: ${report.partial.sections.join(', ')} (\`--only\`); the others are from the run of ${report.partial.keptFrom.date}, commit ${report.partial.keptFrom.commit}`,
        ]
      : []),
  ];
};

export const renderMarkdownReport = (report: BenchReport): string => {
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench -- --write-docs` (soak: `npm run bench -- --soak --write-docs`) on the local stack: the synthesized backend, the local Amplify Data API (AppSync simulator + dynalite, in memory) and the local event bus. Numbers are for this machine; compare runs on one machine.',
    '',
    ...header(report).map((l) => `- ${l}`),
    '',
  ];
  for (const section of sections(report)) {
    lines.push(`## ${section.title}`, '');
    if (section.intro) lines.push(section.intro, '');
    for (const { caption, table } of section.tables) {
      if (caption) lines.push(`${caption}:`, '');
      lines.push(renderMarkdown(table), '');
    }
    for (const note of section.notes ?? []) lines.push(`- ${note}`);
    if (section.notes?.length) lines.push('');
  }
  lines.push('Raw numbers: [benchmarks.json](benchmarks.json).', '');
  return lines.join('\n');
};

export const renderPlainReport = (report: BenchReport): string => {
  const lines = [...header(report), ''];
  for (const section of sections(report)) {
    lines.push(section.title, '='.repeat(Math.min(100, section.title.length)));
    for (const { caption, table } of section.tables) {
      if (caption) lines.push(`${caption}:`);
      lines.push(renderPlain(table), '');
    }
    for (const note of section.notes ?? []) lines.push(`* ${note}`);
    lines.push('');
  }
  return lines.join('\n');
};
