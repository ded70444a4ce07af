// What the officer sees of core's gates before he acts: his role in the header (and a roster
// change arriving with a sync round), the patrol officer's notes where only the competent officer
// may complete or issue, the finding of each assessment the order can rest on (and core's refusal
// of a "no"), and the instruments core does not offer for the case.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Assessment, Instrument, OfficerInfo } from '$lib/bindings';
import { app, refreshOfficer } from '$lib/app.svelte';
import { setLanguage } from '$lib/i18n.svelte';
import { mockCommands } from './mock';
import { assessment, caseView, instrument, order, orderView } from './fixtures';
import CaseView from '../screens/CaseView.svelte';
import OrderWizard from '../screens/OrderWizard.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const lethality: Instrument = {
  ...instrument,
  id: 'lethality-screen',
  version: 3,
  primary: false,
  population: 'intimate_partners',
  title: { 'sr-Latn': 'Brza procena opasnosti po život', 'sr-Cyrl': 'Брза процена опасности по живот', hu: 'Életveszély gyorsszűrése', en: 'Lethality screen' },
};

const patrol: OfficerInfo = { badge: 'NS7001', name: 'Petar Ilić', role: 'patrol', rank: '' };

function completed(id: string, finding: boolean, at: string): Assessment {
  const a = assessment(id, true);
  return { ...a, officer_believes_in_danger: finding, completed: { ...a.completed!, at } };
}

beforeEach(() => setLanguage('sr-Latn'));
afterEach(() => {
  app.officer = null;
});

describe('the officer’s role', () => {
  it('follows a roster change in place, without a new session', async () => {
    app.officer = { ...patrol };
    // The session's object itself (a $state proxy): effects keyed on it must not re-run.
    const officer = app.officer;
    mockCommands({ app_status: () => ({ store_dir: '/x', store_exists: true, device: null, officer: { ...patrol, role: 'competent', rank: 'policijski narednik' } }) });
    await refreshOfficer();
    expect(app.officer).toBe(officer);
    expect(app.officer.role).toBe('competent');
    expect(app.officer.rank).toBe('policijski narednik');
  });

  it('ignores another officer’s status (someone else unlocked meanwhile)', async () => {
    app.officer = { ...patrol };
    mockCommands({ app_status: () => ({ store_dir: '/x', store_exists: true, device: null, officer: { badge: 'NS1', name: 'X', role: 'competent', rank: '' } }) });
    await refreshOfficer();
    expect(app.officer.role).toBe('patrol');
    expect(app.officer.badge).toBe('NS7001');
  });
});

describe('order wizard: the finding and the patrol officer', () => {
  function wizard(assessments: Assessment[], issue: () => unknown) {
    return mockCommands({
      open_case: () => caseView({ assessments, people: caseView().file.people.map((p) => (p.role === 'perpetrator' ? { ...p, jmbg: '0101990710006' } : p)) }),
      list_instruments: () => [instrument],
      get_order: () => ({ ...orderView(), order: { ...order({ issued: null, events: [] }), content: { ...order().content, assessment: assessments[0].id } } }),
      save_order_draft: () => ({ ...orderView(), order: order({ issued: null, events: [] }) }),
      issue_order: issue,
    });
  }

  it('shows each assessment’s finding first, and core’s refusal of a “no” in the officer’s words', async () => {
    wizard([completed('a-no', false, '2026-10-24T07:55:00Z')], () => {
      throw { code: 'order_no_imminent_danger', message: 'no imminent danger' };
    });
    render(OrderWizard, { caseId: 'c1', orderId: 'o1' });
    const finding = await screen.findByTestId('wizard-assessment-finding');
    expect(finding.dataset.finding).toBe('no');
    expect(finding).toHaveTextContent('Nalaz: neposredna opasnost ne postoji');
    await fireEvent.click(screen.getByTestId('wizard-step-review'));
    await waitFor(() => expect(screen.getByTestId('order-wizard').dataset.step).toBe('review'));
    await fireEvent.click(screen.getByTestId('wizard-issue'));
    const error = await screen.findByTestId('wizard-error');
    expect(error.dataset.code).toBe('order_no_imminent_danger');
    expect(error).toHaveTextContent('naređenje se izdaje samo na osnovu nalaza');
  });

  it('tells a patrol officer at the review that the competent officer issues', async () => {
    app.officer = { ...patrol };
    wizard([completed('a-yes', true, '2026-10-24T07:55:00Z')], () => {
      throw { code: 'officer_not_competent', message: 'not competent' };
    });
    render(OrderWizard, { caseId: 'c1', orderId: 'o1' });
    expect((await screen.findByTestId('wizard-assessment-finding')).dataset.finding).toBe('yes');
    expect(screen.queryByTestId('wizard-patrol-note')).toBeNull();
    await fireEvent.click(screen.getByTestId('wizard-step-review'));
    await waitFor(() => expect(screen.getByTestId('order-wizard').dataset.step).toBe('review'));
    expect(screen.getByTestId('wizard-patrol-note')).toHaveTextContent('Naređenje izdaje nadležni policijski službenik za nasilje u porodici (član 15)');
  });
});

describe('case view: instruments core does not offer', () => {
  it('leaves the partners’ screen out of the choice and says why', async () => {
    mockCommands({
      open_case: () => ({ ...caseView({ assessments: [completed('a1', true, '2026-10-24T07:55:00Z')] }), instruments_not_offered: [{ instrument: 'lethality-screen', population: 'intimate_partners' }] }),
      case_timeline: () => [],
      case_documents: () => [],
      list_instruments: () => [instrument, lethality],
    });
    render(CaseView, { id: 'c1' });
    const note = await screen.findByTestId('risk-instrument-not-offered');
    expect(note.dataset.instrument).toBe('lethality-screen');
    expect(note).toHaveTextContent('„Brza procena opasnosti po život“ se ne nudi za ovaj predmet: alat je proveren na nasilju među sadašnjim ili bivšim intimnim partnerima.');
    // One instrument left: no choice to make.
    expect(screen.queryByTestId('risk-instrument')).toBeNull();
    expect(screen.getByTestId('assessment-finding')).toHaveTextContent('Nalaz: neposredna opasnost postoji');
  });

  it('offers both where core withholds none', async () => {
    mockCommands({
      open_case: () => caseView(),
      case_timeline: () => [],
      case_documents: () => [],
      list_instruments: () => [instrument, lethality],
    });
    render(CaseView, { id: 'c1' });
    const select = (await screen.findByTestId('risk-instrument')) as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['art16', 'lethality-screen']);
    expect(screen.queryByTestId('risk-instrument-not-offered')).toBeNull();
  });
});
