/**
 * A WebVTT storyboard: one cue per thumbnail, its time range and the image's URL (the
 * format players such as Video.js, Vidstack and JW Player read for preview thumbnails).
 */

/** `hh:mm:ss.mmm`, as WebVTT writes cue times. */
export const vttTimestamp = (ms: number): string => {
  const total = Math.max(0, Math.floor(ms));
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = Math.floor((total % 60_000) / 1000);
  const millis = total % 1000;
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(millis, 3)}`;
};

export type StoryboardCue = { startMs: number; endMs: number; url: string };

/** The storyboard's text; cues with no duration are left out (a player cannot show them). */
export const storyboardVtt = (cues: readonly StoryboardCue[]): string => {
  const blocks = cues
    .filter((cue) => cue.endMs > cue.startMs)
    .map((cue) => `${vttTimestamp(cue.startMs)} --> ${vttTimestamp(cue.endMs)}\n${cue.url}`);
  return `${['WEBVTT', ...blocks].join('\n\n')}\n`;
};
