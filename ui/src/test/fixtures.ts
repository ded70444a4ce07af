// Test data for the risk, order and document screens, shaped like the bindings.
import type {
  Assessment,
  AssessmentView,
  CaseFile,
  CaseView,
  Evaluation,
  Incident,
  Instrument,
  Jurisdiction,
  Order,
  OrderClocks,
  OrderDeadlines,
  OrderEventName,
  OrderWizardStart,
  OrderContent,
  OrderView,
  Person,
  PersonHistory,
} from '$lib/bindings';

const L = (s: string) => ({ 'sr-Latn': s, 'sr-Cyrl': s, hu: `hu ${s}`, en: `en ${s}` });

export const instrument: Instrument = {
  id: 'art16',
  version: 1,
  primary: true,
  population: 'any',
  title: L('Procena rizika (član 16)'),
  description: null,
  items: [
    { id: 'weapon-access', text: L('Da li učinilac ima oružje?'), help: L('Bilo koje oružje.'), highlight: true, note: 'required_if_yes' },
    { id: 'substance-abuse', text: L('Da li učinilac zloupotrebljava alkohol?'), help: null, highlight: false, note: 'optional' },
  ],
  judgement: { text: L('Da li postoji neposredna opasnost?'), reasons_required: true },
  base_level: 'low',
  rules: [{ id: 'threat-or-weapon', label: L('Pretnja ubistvom ili oružje'), if: { any_of: ['weapon-access'] }, level: 'high' }],
};

export function person(id: string, role: Person['role'], given: string): Person {
  return {
    id, role, given_name: given, family_name: 'Petrović', jmbg: '', date_of_birth: null, address: '', phone: '',
    relationship_to_victim: role === 'victim' ? null : 'spouse', language: 'sr', interpreter_needed: false,
  };
}

export const incident: Incident = {
  reported_at: '2026-10-24T07:30:00Z', police_arrived_at: '2026-10-24T07:45:00Z', address: 'Bulevar oslobođenja 12',
  municipality: 'Novi Sad', location: null, reported_by: null, forms_of_violence: ['physical'], weapons_present: false,
  weapons: [], injuries: '', children_present: true, narrative: 'x', danger_without_act: '', welfare_notification: null,
};

export function evaluation(level: Evaluation['computed_level'], fired = level !== 'low'): Evaluation {
  return { computed_level: level, fired: fired ? [{ rule_id: 'threat-or-weapon', level, score: null }] : [], screened_in: fired };
}

export function assessment(id: string, completed: boolean): Assessment {
  return {
    id, case_id: 'c1', instrument: { id: 'art16', version: 1 }, started_at: '2026-10-24T07:50:00Z', started_by: 'NS1234',
    answers: {}, officer_believes_in_danger: null, judgement_reasons: '',
    completed: completed
      ? { at: '2026-10-24T07:55:00Z', by: 'NS1234', evaluation: evaluation('high'), final_level: 'high', raise_reason: null, reassessment_due_at: '2026-10-25T07:55:00Z' }
      : null,
  };
}

export function assessmentView(level: Evaluation['computed_level'] = 'low'): AssessmentView {
  return {
    assessment: assessment('a1', false),
    instrument,
    evaluation: evaluation(level),
    problems: [
      { item: 'weapon-access', code: 'unanswered' },
      { item: 'substance-abuse', code: 'unanswered' },
      { item: null, code: 'judgement_unanswered' },
    ],
    reassessment_due_if_completed: '2026-10-31T08:00:00Z',
  };
}

export const people = [person('p-v', 'victim', 'Jelena'), person('p-p', 'perpetrator', 'Marko'), person('p-c', 'child', 'Ana')];

export function caseFile(over: Partial<CaseFile> = {}): CaseFile {
  return {
    format: 'zastita-case', format_version: 2, id: 'c1', status: 'recorded', version: 1, created_at: '2026-10-24T07:40:00Z',
    created_by: 'NS1234', incident, people, statements: [], assessments: [assessment('a0', true)], orders: [], ...over,
  };
}

export function caseView(over: Partial<CaseFile> = {}): CaseView {
  return { file: caseFile(over), draft: null, issues: [], warnings: [], coverage: [], instruments_not_offered: [], order_numbers: {} };
}

/** Deadlines of an order served at 2026-10-24 10:00 Belgrade (08:00 UTC), two days before DST ends. */
export function deadlines(over: Partial<OrderDeadlines> = {}): OrderDeadlines {
  return {
    served_at: '2026-10-24T08:00:00Z',
    expires_at: '2026-10-26T08:00:00Z',
    initial_expires_at: '2026-10-26T08:00:00Z',
    prosecutor_proposal_due_at: '2026-10-25T08:00:00Z',
    court_decision_due_at: '2026-10-26T08:00:00Z',
    latest_extension_end: '2026-11-25T08:00:00Z',
    forwarded_at: null,
    prosecutor_received_at: null,
    lifted_at: null,
    extended: false,
    decided: false,
    expiry_warning_from: '2026-10-26T02:00:00Z',
    forward_warning_from: '2026-10-24T09:00:00Z',
    proposed_at: null,
    declined_at: null,
    court_received_at: null,
    no_proposal_warning_from: '2026-10-25T08:00:00Z',
    court_end_outside_window: false,
    lapsed_at: null,
    decision_recorded_at: null,
    decision_receipts: [],
    appeals: [],
    ...over,
  };
}

export function order(over: Partial<Order> = {}): Order {
  return {
    id: 'o1', case_id: 'c1', version: 2, created_at: '2026-10-24T07:56:00Z', created_by: 'NS1234',
    content: {
      measures: ['removal_from_dwelling', 'contact_ban'], perpetrator: 'p-p', protected: ['p-v'], dwelling: 'Bulevar oslobođenja 12, stan 4',
      perpetrator_adult_confirmed: true, legal_basis: 'zsnp2016_art17',
      reasons: 'Pretnje ubistvom.', assessment: 'a0', police_administration: 'PU Novi Sad', police_station: 'PS Liman',
      victim_municipality: 'Novi Sad',
    },
    issued: {
      at: '2026-10-24T07:58:00Z', by: 'NS1234', provisional_number: 'P-1A2B3C-2026-0001', assessment_completed_at: '2026-10-24T07:55:00Z',
      forward_warning_minutes: 65,
    },
    events: [
      {
        id: 'e1', recorded_at: '2026-10-24T08:00:30Z', recorded_by: 'NS1234', source: 'device',
        event: { kind: 'served', at: '2026-10-24T08:00:00Z', place: 'Bulevar oslobođenja 12', served_by: 'NS1234', signature: null, refused_to_sign: 'odbio da potpiše' },
      },
    ],
    ...over,
  };
}

/** What core admits on a served order with nothing answered yet (`law::admissible`). */
export const IN_FORCE_EVENTS: OrderEventName[] = ['forwarded', 'extension_proposed', 'prosecutor_declined', 'violation', 'escorted_visit', 'social_welfare_notified', 'lifted'];

/** Every event an officer records through the order view's actions: for tests of the forms,
 *  where which of them core admits in which state is not the point. */
export const ALL_ACTIONS: OrderEventName[] = [
  'forwarded', 'extension_proposed', 'prosecutor_declined', 'court_decision', 'decision_received', 'appeal', 'appeal_forwarded',
  'higher_court_decision', 'violation', 'escorted_visit', 'social_welfare_notified', 'lifted',
];

/** An order view as core sends it; its number and timeline follow the order's events (core's
 *  rules, kept simple: the official number wins, events in recording order). */
export function orderView(d: OrderDeadlines = deadlines(), o: Order = order(), admissible: OrderEventName[] = IN_FORCE_EVENTS): OrderView {
  const clocks: OrderClocks = { status: 'in_force', warnings: [], ...d };
  const official = o.events.find((e) => e.event.kind === 'official_number');
  const number =
    official && official.event.kind === 'official_number'
      ? { number: official.event.number, provisional: false }
      : o.issued
        ? { number: o.issued.provisional_number, provisional: true }
        : null;
  const timeline = o.events.map((event) => ({
    at: 'at' in event.event ? event.event.at : event.recorded_at,
    dated: event.event.kind === 'court_decision' || event.event.kind === 'higher_court_decision',
    event,
  }));
  return { order: o, clocks, issues: [], case_warnings: [], jurisdiction: null, number, admissible_events: admissible, timeline };
}

/** The competent authorities for Novi Sad, as core's reference table gives them. */
export const noviSad: Jurisdiction = {
  municipality: 'Novi Sad',
  basic_court: 'Osnovni sud u Novom Sadu',
  basic_public_prosecutor: 'Osnovno javno tužilaštvo u Novom Sadu',
  higher_court: 'Viši sud u Novom Sadu',
  verified: true,
};

/** Core's starting point for the order wizard on the fixture case (`order_wizard`): the only
 *  perpetrator, the victim, the completed assessment, PU Novi Sad from the incident. */
export function wizardStart(over: Partial<OrderContent> = {}): OrderWizardStart {
  return {
    defaults: {
      measures: [], perpetrator: 'p-p', protected: ['p-v'], dwelling: '', perpetrator_adult_confirmed: false,
      legal_basis: 'zsnp2016_art17', reasons: '', assessment: 'a0', police_administration: 'PU Novi Sad', police_station: '',
      victim_municipality: 'Novi Sad', ...over,
    },
    police_administrations: ['PU za grad Beograd', 'PU Novi Sad', 'PU Subotica', 'PU Sombor'],
  };
}

/** A person's history when the device knows nothing about them (matched by JMBG, the central
 *  record not asked). */
export function emptyHistory(caseId: string, personId: string, over: Partial<PersonHistory> = {}): PersonHistory {
  return {
    case_id: caseId, person_id: personId, looked_up_by: 'jmbg', matches: [], in_force: [], repeat_perpetrator: false, suggestions: [],
    central_answered_at: null, list_refreshed_at: null, unchecked: ['central_record_not_asked'], ...over,
  };
}
