/** The functions' names (defineFunction `name`): also their Powertools service and the local stack's handler keys. */
export const RECORDING_STATUS_HANDLER = 'RecordingStatusHandler';
export const RECONCILE_RECORDINGS = 'ReconcileRecordings';
export const CHANNEL_OPERATIONS = 'ChannelOperations';
export const PLAYBACK = 'Playback';
export const RECORDING_RETENTION = 'RecordingRetention';
export const RECORDING_STATS = 'RecordingStats';
