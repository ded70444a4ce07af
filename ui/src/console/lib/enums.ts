// The values of the console's enums the screens offer or label; the catalogue test holds each
// list to the generated bindings and each value to a label in every language.
import type { OfficerRole } from '$lib/bindings';
import type { ActKind, ChainStage, ClockKind, ConsolePurposeCode, OperatorRole } from '../bindings';

export const PURPOSE_CODES: ConsolePurposeCode[] = ['duty_review', 'acting_on_order', 'supervision', 'administration', 'audit'];

export const OPERATOR_ROLES: OperatorRole[] = ['station', 'prosecutor', 'court', 'institution_admin', 'auditor'];

export const CLOCK_KINDS: ClockKind[] = [
  'forwarding',
  'prosecutor_proposal',
  'court_decision',
  'measures_end',
  'appeal',
  'appeal_forwarding',
  'higher_court',
];

export const ACT_KINDS: ActKind[] = [
  'evaluate',
  'propose',
  'decline',
  'decide',
  'decision_received',
  'appeal',
  'appeal_forwarded',
  'higher_court_decision',
];

/** Where the chain stands (`BoardEntry.stage`: `ChainStage`, core's `law::board` one to one). */
export const STAGES: ChainStage[] = [
  'awaiting_receipt',
  'received',
  'evaluated',
  'proposed',
  'declined',
  'court_received',
  'decided',
  'appealed',
  'closed',
];

/** A police officer's role on the station's roster (the app's `officer-role-*` labels). */
export const OFFICER_ROLES: OfficerRole[] = ['patrol', 'competent'];

/** An operator account's state (`OperatorSummary.state`). */
export const OPERATOR_STATES = ['pending_setup', 'active', 'locked', 'disabled'] as const;

/** The documents the console links (`DocumentRef.kind`). */
export const DOCUMENT_KINDS = ['order', 'receipt', 'summary', 'proposal'] as const;

/** How often the board asks the server again (its countdowns tick by themselves in between). */
export const BOARD_REFRESH_MS = 60_000;

/** A label key for a value the server may send that this build does not know: the value itself. */
export function known<T extends string>(list: readonly T[], v: string): v is T {
  return (list as readonly string[]).includes(v);
}
