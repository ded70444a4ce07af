// PROVISIONAL: the shapes of core's sync status until the generated bindings carry them.
export type SyncPhase = string;
export interface SyncErrorInfo { code: string; detail: string }
export interface QuarantinedRecord { seq: number; record_id: string; kind: string; reason: string; at: string }
export interface SyncConflict { seq: number; record_id: string; kind: string; reason: string; at: string }
export interface SyncStatus {
  enrolled: boolean;
  server: string | null;
  device_id: string | null;
  pending: number;
  acked_seq: number;
  last_attempt_at: string | null;
  last_success_at: string | null;
  last_error: SyncErrorInfo | null;
  skew_ms: number | null;
  skew_flagged: boolean;
  quarantine: QuarantinedRecord[];
  conflicts: SyncConflict[];
  feed_cursor: number;
}
export interface SyncProgress { phase: SyncPhase; done: number; total: number | null }
export interface SyncSummary { pushed: number; accepted: number; quarantined: number; conflicts: number; changes: number }
export interface SyncState {
  status: SyncStatus;
  running: boolean;
  progress: SyncProgress | null;
  next_attempt_at: string | null;
  last_summary: SyncSummary | null;
}
