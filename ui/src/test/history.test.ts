// History at the scene: the panel under a person (matches newest first with their strength, a
// weak one confirmed or rejected only by the officer, what was checked and what could not be),
// the flags at the top of the case (an order in force with its one action, a repeat
// perpetrator), the list's repeat badge, and the risk screen's suggestions, which become answers
// only when the officer confirms.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { HistoryEntry, Person, PersonHistory, Suggestion } from '$lib/bindings';
import { setLanguage } from '$lib/i18n.svelte';
import { mockCommands } from './mock';
import { assessmentView, caseView, emptyHistory, people, person } from './fixtures';
import CaseView from '../screens/CaseView.svelte';
import LegalBadges from '../components/LegalBadges.svelte';
import RiskScreen from '../screens/RiskScreen.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => setLanguage('sr-Latn'));

const marko: Person = { ...person('p-p', 'perpetrator', 'Marko'), jmbg: '0101985710018' };
const withMarko = () => caseView({ people: [people[0], marko, people[2]] });

const exact: HistoryEntry = {
  source: 'central_record',
  trust: 'exact',
  match: {
    match_id: 'm-old',
    strength: 'jmbg',
    case: { case_id: 'c-old', number: 'NS-2025-00412', date: '2025-03-14T10:00:00Z', municipality: 'Novi Sad', forms_of_violence: ['physical'], role: 'perpetrator' },
    orders: [
      {
        order_id: 'o-old', number: 'NS-HM-2025-0031', against_person: true, measures: ['contact_ban'], served_at: '2025-03-14T11:00:00Z',
        extended_until: null, violated: true, ends_at: '2025-03-16T11:00:00Z', in_force: false,
      },
    ],
    firearms: [{ kind: 'firearm', in_household: true, legality: 'unlicensed', seized: true, used_or_threatened: false }],
  },
};
const weak: HistoryEntry = {
  source: 'device',
  trust: 'unconfirmed',
  match: {
    match_id: 'm-weak',
    strength: 'name_and_birth',
    case: { case_id: 'c-weak', number: null, date: '2026-06-01T10:00:00Z', municipality: 'Sombor', forms_of_violence: [], role: 'perpetrator' },
    orders: [],
    firearms: [],
  },
};
const suggestion: Suggestion = { item: 'weapon-access', source: { case_id: 'c-old', case_number: 'NS-2025-00412', date: '2025-03-14T10:00:00Z', order_number: null } };

function known(over: Partial<PersonHistory> = {}): PersonHistory {
  return emptyHistory('c1', 'p-p', {
    matches: [weak, exact],
    in_force: [{ order_id: 'o-live', number: 'NS-HM-2026-0107', measures: ['contact_ban'], ends_at: '2026-12-12T20:15:00Z', possible_violation: true, article: 36 }],
    repeat_perpetrator: true,
    suggestions: [suggestion],
    list_refreshed_at: '2026-10-24T06:00:00Z',
    unchecked: ['central_record_not_asked'],
    ...over,
  });
}

describe('history on the case', () => {
  it('shows the earlier cases newest first, the flag with its one action, and the repeat perpetrator', async () => {
    const calls = mockCommands({
      open_case: () => withMarko(),
      case_timeline: () => [],
      case_documents: () => [],
      list_instruments: () => [],
      person_history: () => known(),
      report_violation: () => ({ kind: 'own_order', order_id: 'o-live' }),
    });
    render(CaseView, { id: 'c1' });
    const flag = await screen.findByTestId('history-flag');
    expect(flag).toHaveTextContent('Marko Petrović: zabrana kontaktiranja do 12. 12. 2026. 21:15 — moguće kršenje (član 36)');
    expect(screen.getByTestId('history-repeat-flag')).toHaveTextContent('Marko Petrović: povratnik');
    // Only the perpetrator has a JMBG: only they are looked up.
    const asked = calls.filter((c) => c.cmd === 'person_history').map((c) => (c.args?.req as { person_id: string }).person_id);
    expect(asked).toEqual(['p-p']);

    const panel = screen.getByTestId('history-panel');
    expect(panel.dataset.personId).toBe('p-p');
    const rows = within(panel).getAllByTestId('history-match');
    expect(rows.map((r) => r.dataset.matchId)).toEqual(['m-weak', 'm-old']);
    expect(within(rows[1]).getByTestId('history-trust')).toHaveTextContent('isti JMBG');
    expect(rows[1]).toHaveTextContent('14. 3. 2025.');
    expect(rows[1]).toHaveTextContent('NS-2025-00412');
    expect(rows[1]).toHaveTextContent('Fizičko');
    expect(within(rows[1]).getByTestId('history-order')).toHaveTextContent('Naređenje NS-HM-2025-0031 protiv osobe: zabrana kontaktiranja');
    expect(within(rows[1]).getByTestId('history-order')).toHaveTextContent('prekršeno');
    expect(within(rows[1]).getByTestId('history-firearm')).toHaveTextContent('Vatreno oružje, Nelegalno (bez dozvole), u domaćinstvu, oduzeto');
    // An exact match has nothing to confirm; a weak one asks the officer.
    expect(within(rows[1]).queryByTestId('history-confirm')).toBeNull();
    expect(within(rows[0]).getByTestId('history-trust')).toHaveTextContent('ime i datum rođenja — nije potvrđeno');
    expect(within(panel).getByTestId('history-checked')).toHaveTextContent(
      'Provereno na uređaju i u spisku mera na snazi od 24. 10. 2026. 08:00; centralna evidencija nije pitana — nikad provereno.',
    );

    expect(calls.some((c) => c.cmd === 'report_violation')).toBe(false);
    await fireEvent.click(within(flag).getByTestId('history-record-violation'));
    const done = await screen.findByTestId('history-violation-recorded');
    expect(done.dataset.kind).toBe('own_order');
    expect(done).toHaveTextContent('Kršenje je evidentirano na naređenju.');
    const rec = calls.find((c) => c.cmd === 'report_violation')?.args?.req as { case_id: string; order_id: string; description: string };
    expect(rec.case_id).toBe('c1');
    expect(rec.order_id).toBe('o-live');
    expect(rec.description).toContain('Prisutan na novoj intervenciji');
    expect(within(flag).queryByTestId('history-record-violation')).toBeNull();
    // The history is read again (the order now says violated).
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'person_history').length).toBe(2));
  });

  it("reports a violation of another device's order for the next sync, and shows the central record's acceptance", async () => {
    const report = {
      report_id: 'r1', case_id: 'c1', order_id: 'o-live', number: 'NS-HM-2026-0107', at: '2026-10-24T08:00:00Z', description: 'x', evidence: '',
      reported_by: 'NS1234', reported_at: '2026-10-24T08:00:00Z', accepted_at: null, refused: null,
    };
    mockCommands({
      open_case: () => withMarko(),
      case_timeline: () => [],
      case_documents: () => [],
      list_instruments: () => [],
      person_history: () => known(),
      report_violation: () => ({ kind: 'reported', report }),
    });
    const first = render(CaseView, { id: 'c1' });
    await fireEvent.click(await screen.findByTestId('history-record-violation'));
    const done = await screen.findByTestId('history-violation-recorded');
    expect(done.dataset.kind).toBe('reported');
    expect(done).toHaveTextContent('Prijavljeno 24. 10. 2026. 10:00: sledeća sinhronizacija ga šalje centralnoj evidenciji');
    first.unmount();

    // Opened again after a sync: the central record recorded it.
    mockCommands({
      open_case: () => withMarko(),
      case_timeline: () => [],
      case_documents: () => [],
      list_instruments: () => [],
      person_history: () => known(),
      violation_reports: () => [{ ...report, accepted_at: '2026-10-24T08:05:00Z' }],
    });
    render(CaseView, { id: 'c1' });
    const accepted = await screen.findByTestId('history-violation-recorded');
    expect(accepted.dataset.accepted).toBe('true');
    expect(accepted).toHaveTextContent('centralna evidencija ga je evidentirala na naređenju 24. 10. 2026. 10:05');
    expect(screen.queryByTestId('history-record-violation')).toBeNull();
  });

  it('confirms or rejects a weak match only when the officer says so', async () => {
    const calls = mockCommands({
      open_case: () => withMarko(),
      case_timeline: () => [],
      case_documents: () => [],
      list_instruments: () => [],
      person_history: () => known({ in_force: [], repeat_perpetrator: false }),
      decide_match: () => known({ in_force: [], matches: [{ ...weak, trust: 'rejected' }, exact] }),
    });
    render(CaseView, { id: 'c1' });
    const panel = await screen.findByTestId('history-panel');
    expect(screen.queryByTestId('history-flag')).toBeNull();
    expect(calls.some((c) => c.cmd === 'decide_match')).toBe(false);
    await fireEvent.click(within(panel).getByTestId('history-reject'));
    await waitFor(() => expect(within(panel).getAllByTestId('history-match')[0].dataset.trust).toBe('rejected'));
    expect(calls.find((c) => c.cmd === 'decide_match')?.args?.req).toEqual({ case_id: 'c1', person_id: 'p-p', match_id: 'm-weak', decision: 'rejected' });
    expect(within(panel).queryByTestId('history-confirm')).toBeNull();
    expect(screen.getByTestId('history-repeat-flag')).toBeInTheDocument();
  });

  it('says plainly that the central record could not be reached, and when it last answered', async () => {
    mockCommands({
      open_case: () => withMarko(),
      case_timeline: () => [],
      case_documents: () => [],
      list_instruments: () => [],
      person_history: () => emptyHistory('c1', 'p-p'),
      lookup_history: () => ({
        history: emptyHistory('c1', 'p-p', { central_answered_at: '2026-10-23T20:00:00Z', unchecked: [] }),
        unreached: { code: 'sync_offline', message: 'offline' },
      }),
    });
    render(CaseView, { id: 'c1' });
    const panel = await screen.findByTestId('history-panel');
    expect(within(panel).getByTestId('history-none')).toHaveTextContent('Nema ranijih slučajeva.');
    await fireEvent.click(within(panel).getByTestId('history-lookup'));
    const notice = await within(panel).findByTestId('history-unreached');
    expect(notice.dataset.code).toBe('sync_offline');
    expect(within(panel).getByTestId('history-checked')).toHaveTextContent(
      'Provereno na uređaju; centralna evidencija nije dostupna — poslednja provera 23. 10. 2026. 22:00.',
    );
  });

  it('says when the central record answered', async () => {
    mockCommands({
      open_case: () => withMarko(),
      case_timeline: () => [],
      case_documents: () => [],
      list_instruments: () => [],
      person_history: () => emptyHistory('c1', 'p-p'),
      lookup_history: () => ({ history: known({ central_answered_at: '2026-10-24T08:01:00Z', unchecked: [] }), unreached: null }),
    });
    render(CaseView, { id: 'c1' });
    const panel = await screen.findByTestId('history-panel');
    await fireEvent.click(within(panel).getByTestId('history-lookup'));
    await waitFor(() => expect(within(panel).getByTestId('history-checked')).toHaveTextContent('Provereno u centralnoj evidenciji 24. 10. 2026. 10:01.'));
    expect(within(panel).queryByTestId('history-unreached')).toBeNull();
    expect(await screen.findByTestId('history-flag')).toBeInTheDocument();
  });

  it('shows the repeat perpetrator on the case list row', () => {
    render(LegalBadges, { legal: { orders: [], risk: null, repeat_perpetrator: true }, now: Date.now() });
    expect(screen.getByTestId('badge-repeat-perpetrator')).toHaveTextContent('Povratnik');
  });
});

describe('suggestions in the risk assessment', () => {
  it('shows where a suggestion comes from and answers only when the officer confirms', async () => {
    const accepted = assessmentView('high');
    accepted.assessment.answers = { 'weapon-access': { answer: 'yes', note: 'NS-2025-00412 (2025-03-14)' } };
    accepted.assessment.sources = {
      'weapon-access': { person_id: 'p-p', source: suggestion.source, accepted_by: 'NS1234', accepted_at: '2026-10-24T08:10:00Z' },
    };
    const calls = mockCommands({
      get_assessment: () => assessmentView('low'),
      open_case: () => withMarko(),
      person_history: () => known(),
      save_assessment: () => assessmentView('low'),
      accept_suggestion: () => accepted,
    });
    render(RiskScreen, { caseId: 'c1', assessmentId: 'a1' });
    const note = await screen.findByTestId('risk-suggestion');
    expect(note).toHaveTextContent('Predlog: da — izvor: slučaj NS-2025-00412 (14. 3. 2025.)');
    const item = note.closest('[data-testid="risk-item"]') as HTMLElement;
    expect(item.dataset.item).toBe('weapon-access');
    // Shown, not answered.
    expect(item.dataset.answer).toBe('');
    expect(calls.some((c) => c.cmd === 'accept_suggestion')).toBe(false);

    await fireEvent.click(within(note).getByTestId('risk-suggestion-accept'));
    await waitFor(() => expect(item.dataset.answer).toBe('yes'));
    expect(calls.find((c) => c.cmd === 'accept_suggestion')?.args?.req).toEqual({ assessment_id: 'a1', person_id: 'p-p', suggestion });
    expect(within(item).getByTestId('risk-answer-source')).toHaveTextContent('Odgovor iz izvora: slučaj NS-2025-00412 (14. 3. 2025.) — potvrdio NS1234');
    expect(within(item).queryByTestId('risk-suggestion')).toBeNull();
  });
});
