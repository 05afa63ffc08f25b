/** The human summary of a simulation run (what scripts/simulate.ts prints). */
import { countOutcomes, type Simulation } from './broadcast';
import type { DeliverySchedule } from './delivery';
import type { RunSimulationResult } from './run-simulation';

export const formatSummary = (
  simulation: Simulation,
  schedule: DeliverySchedule,
  result: RunSimulationResult | null,
): string => {
  const outcomes = countOutcomes(simulation.broadcasts);
  const streams = simulation.broadcasts.reduce((sum, b) => sum + b.streamIds.length, 0);
  const merged = simulation.broadcasts.filter((b) => b.streamIds.length > 1).length;
  const lines = [
    `seed ${simulation.seed}, source ${simulation.source}, events from ${simulation.firstEventTime} to ${simulation.lastEventTime}`,
    `channels: ${simulation.channels.length}`,
    `recordings: ${simulation.broadcasts.length} (success ${outcomes.success}, start failure ${outcomes.start_failure}, end failure ${outcomes.end_failure}); ${merged} merge reconnects`,
    `stream sessions: ${streams}`,
    `events: ${schedule.eventCount} distinct + ${schedule.duplicateCount} duplicates = ${schedule.deliveries.length} deliveries in ${schedule.batches.length} put-events calls`,
  ];
  if (result) {
    if (result.profiles.created + result.profiles.existing > 0) {
      lines.push(`profiles: ${result.profiles.created} created, ${result.profiles.existing} already there`);
    }
    lines.push(
      `sent: ${result.sent} entries in ${result.calls} calls, accepted ${result.accepted} (${result.duplicatesAccepted} duplicates)`,
    );
    const codes = Object.entries(result.failuresByCode)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([code, count]) => `${code} ${count}`);
    lines.push(`failed entries: ${result.failedEntries.length}${codes.length ? ` (${codes.join(', ')})` : ''}`);
    if (result.notSent > 0)
      lines.push(`not sent: ${result.notSent} (a call failed: ${result.callError?.message ?? ''})`);
  }
  return lines.join('\n');
};
