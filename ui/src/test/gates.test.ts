// The legal gates on the case: imminent danger before any act (the reason instead of forms of
// violence), the social-welfare centre's notification while children are involved (asked on the
// case form, warned on the case and its orders), and the competent prosecutor's office and courts
// from the victim's municipality (the order view, the wizard's people step and review).
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaseContent, CaseView as CaseViewT, OrderContent, OrderEventKind } from '$lib/bindings';
import { app } from '$lib/app.svelte';
import { setLanguage } from '$lib/i18n.svelte';
import { mockCommands } from './mock';
import { caseView, incident, instrument, noviSad, order, orderView, people, person, wizardStart } from './fixtures';
import CaseForm from '../screens/CaseForm.svelte';
import CaseView from '../screens/CaseView.svelte';
import OrderView from '../screens/OrderView.svelte';
import OrderWizard from '../screens/OrderWizard.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => setLanguage('sr-Latn'));

/** A draft case on the form, with the incident and people given. */
function draftCase(over: Partial<CaseContent['incident']> = {}, ppl = [person('p-v', 'victim', 'Jelena')]): CaseViewT {
  return caseView({ version: 0, status: 'draft', incident: { ...incident, forms_of_violence: [], children_present: null, ...over }, people: ppl });
}

function savingCases(view: CaseViewT, issues: { field: string; code: string }[] = []) {
  const saved: CaseContent[] = [];
  const calls = mockCommands({
    open_case: () => view,
    save_case_draft: (args) => {
      saved.push((args as { req: { content: CaseContent } }).req.content);
      return { id: 'c1', saved_at: '2026-10-24T08:00:00Z', issues };
    },
  });
  return { saved, calls };
}

describe('case form: imminent danger before any act', () => {
  it('asks why the danger is imminent only while no form of violence is ticked, sends it, and keeps it once a form is ticked', async () => {
    const { saved } = savingCases(draftCase(), [{ field: 'incident.danger_without_act', code: 'too_long', max_chars: 10 } as never]);
    render(CaseForm, { id: 'c1' });
    const reason = await screen.findByTestId('incident-danger-without-act');
    expect(screen.getByTestId('incident-no-act')).toHaveTextContent('Još nije bilo nasilja — zašto nasilje neposredno preti');
    expect(screen.getByTestId('incident-no-act')).toHaveTextContent('član 3');
    await fireEvent.input(reason, { target: { value: 'Preti da će je ubiti čim izađe iz pritvora.' } });
    await waitFor(() => expect(saved.length).toBeGreaterThan(0), { timeout: 4000 });
    expect(saved.at(-1)!.incident.danger_without_act).toBe('Preti da će je ubiti čim izađe iz pritvora.');
    expect(saved.at(-1)!.incident.forms_of_violence).toEqual([]);
    // Core's problem with the text is shown next to it.
    await waitFor(() => expect(document.querySelector('[data-testid="field-error"][data-field="incident.danger_without_act"]')).toHaveTextContent('10'));
    expect(reason.getAttribute('aria-describedby')).toContain('incident-danger_without_act-err');

    // A form of violence: the question goes away, the text stays in the content.
    await fireEvent.click(screen.getByTestId('incident-violence-psychological'));
    expect(screen.queryByTestId('incident-danger-without-act')).toBeNull();
    const before = saved.length;
    await waitFor(() => expect(saved.length).toBeGreaterThan(before), { timeout: 4000 });
    expect(saved.at(-1)!.incident.forms_of_violence).toEqual(['psychological']);
    expect(saved.at(-1)!.incident.danger_without_act).toBe('Preti da će je ubiti čim izađe iz pritvora.');
    // Its problem is no longer inline: the summary names it.
    expect(screen.getByTestId('case-issues')).toHaveTextContent('Još nije bilo nasilja');
    // Unticked again: the question is back with the text.
    await fireEvent.click(screen.getByTestId('incident-violence-psychological'));
    expect((screen.getByTestId('incident-danger-without-act') as HTMLTextAreaElement).value).toBe('Preti da će je ubiti čim izađe iz pritvora.');
  });
});

describe('case form: the social-welfare centre notified', () => {
  it('is asked only while children are involved', async () => {
    mockCommands({ open_case: () => draftCase() });
    const { unmount } = render(CaseForm, { id: 'c1' });
    await screen.findByTestId('incident-address');
    expect(screen.queryByTestId('incident-welfare')).toBeNull();
    // Children present at the incident.
    await fireEvent.change(screen.getByTestId('incident-children-present'), { target: { value: 'yes' } });
    expect(screen.getByTestId('incident-welfare')).toHaveTextContent('Obavešten centar za socijalni rad');
    await fireEvent.change(screen.getByTestId('incident-children-present'), { target: { value: 'no' } });
    expect(screen.queryByTestId('incident-welfare')).toBeNull();
    unmount();
    // A child among the people, "children present" unanswered.
    mockCommands({ open_case: () => draftCase({}, people) });
    render(CaseForm, { id: 'c1' });
    expect(await screen.findByTestId('incident-welfare')).toBeInTheDocument();
  });

  it('saves when, which centre, how and a note, shows core’s problems on each, and can be removed', async () => {
    const { saved } = savingCases(draftCase({ children_present: true }), [
      { field: 'incident.welfare_notification.centre', code: 'required' },
      { field: 'incident.welfare_notification.at', code: 'in_future' },
    ]);
    render(CaseForm, { id: 'c1' });
    const group = await screen.findByTestId('incident-welfare');
    expect(within(group).queryByTestId('incident-welfare-centre')).toBeNull();
    await fireEvent.click(within(group).getByTestId('incident-welfare-add'));
    await fireEvent.input(within(group).getByTestId('incident-welfare-at'), { target: { value: '24.10.2026. 10:15' } });
    await fireEvent.input(within(group).getByTestId('incident-welfare-centre'), { target: { value: 'CSR Novi Sad' } });
    await fireEvent.change(within(group).getByTestId('incident-welfare-means'), { target: { value: 'in_person' } });
    await fireEvent.input(within(group).getByTestId('incident-welfare-note'), { target: { value: 'Dežurni radnik Marić' } });
    expect([...(within(group).getByTestId('incident-welfare-means') as HTMLSelectElement).options].map((o) => o.text)).toEqual([
      'Telefonom', 'Lično', 'Elektronskom poštom', 'Pisanim putem', 'Drugo',
    ]);
    await waitFor(() => expect(saved.at(-1)?.incident.welfare_notification?.note).toBe('Dežurni radnik Marić'), { timeout: 4000 });
    expect(saved.at(-1)!.incident.welfare_notification).toEqual({
      at: '2026-10-24T08:15:00Z', centre: 'CSR Novi Sad', means: 'in_person', note: 'Dežurni radnik Marić',
    });
    await waitFor(() =>
      expect(within(group).getAllByTestId('field-error').map((e) => e.dataset.field).sort()).toEqual([
        'incident.welfare_notification.at',
        'incident.welfare_notification.centre',
      ]),
    );
    // Emptying the time keeps the last instant in the content and says it is required.
    await fireEvent.input(within(group).getByTestId('incident-welfare-at'), { target: { value: '' } });
    expect(within(group).getAllByTestId('field-error').some((e) => e.textContent?.includes('Obavezno polje'))).toBe(true);

    await fireEvent.click(within(group).getByTestId('incident-welfare-remove'));
    expect(within(group).getByTestId('incident-welfare-add')).toBeInTheDocument();
    await waitFor(() => expect(saved.at(-1)!.incident.welfare_notification).toBeNull(), { timeout: 4000 });
  });

  it('opens at the notification when the case’s warning sends the officer there', async () => {
    mockCommands({ open_case: () => draftCase({ children_present: true }) });
    render(CaseForm, { id: 'c1', focus: 'welfare' });
    const add = await screen.findByTestId('incident-welfare-add');
    await waitFor(() => expect(document.activeElement).toBe(add));
  });
});

describe('case view: warnings, the notification and the reason without an act', () => {
  it('warns while the centre is not notified and opens the form at the notification', async () => {
    mockCommands({
      open_case: () => ({ ...caseView(), warnings: ['welfare_not_notified'] }),
      case_timeline: () => [],
      case_documents: () => [],
      list_instruments: () => [instrument],
    });
    render(CaseView, { id: 'c1' });
    const banner = await screen.findByTestId('case-warning');
    expect(banner.dataset.warning).toBe('welfare_not_notified');
    expect(banner).toHaveTextContent('U predmetu su deca: evidentirajte obaveštenje centra za socijalni rad (kada, koji centar, kako).');
    expect(screen.queryByTestId('case-welfare')).toBeNull();
    await fireEvent.click(within(banner).getByTestId('case-warning-welfare-record'));
    expect(app.screen).toEqual({ name: 'case-form', id: 'c1', focus: 'welfare' });
  });

  it('shows the recorded notification in Belgrade time and the reason for imminent danger before any act', async () => {
    mockCommands({
      open_case: () =>
        caseView({
          incident: {
            ...incident,
            forms_of_violence: [],
            danger_without_act: 'Kupio je pištolj i rekao da će je ubiti.',
            welfare_notification: { at: '2026-10-24T08:15:00Z', centre: 'CSR Novi Sad', means: 'phone', note: 'Dežurni radnik' },
          },
        }),
      case_timeline: () => [],
      case_documents: () => [],
      list_instruments: () => [instrument],
    });
    render(CaseView, { id: 'c1' });
    const welfare = await screen.findByTestId('case-welfare');
    expect(welfare).toHaveTextContent('24. 10. 2026. 10:15, CSR Novi Sad (Telefonom)');
    expect(welfare).toHaveTextContent('Dežurni radnik');
    expect(screen.getByTestId('case-danger-without-act')).toHaveTextContent('Kupio je pištolj i rekao da će je ubiti.');
    expect(screen.getByText('Neposredna opasnost pre bilo kakvog akta nasilja')).toBeInTheDocument();
    expect(screen.queryByTestId('case-warning')).toBeNull();
  });
});

describe('order view: the welfare warning and the competent authorities', () => {
  const open = (ov: ReturnType<typeof orderView>) =>
    mockCommands({
      get_order: () => ov,
      open_case: () => caseView(),
      list_instruments: () => [],
      record_order_event: () => ov,
    });

  it('warns as core says, and offers the case form or the order event', async () => {
    open({ ...orderView(), case_warnings: ['welfare_not_notified'], jurisdiction: noviSad });
    render(OrderView, { caseId: 'c1', orderId: 'o1' });
    const banner = await screen.findByTestId('order-case-warning');
    expect(banner).toHaveTextContent('evidentirajte obaveštenje centra za socijalni rad');
    await fireEvent.click(within(banner).getByTestId('order-welfare-event'));
    expect(screen.getByTestId('event-form').dataset.kind).toBe('social_welfare_notified');
    // Clicking again keeps the form open.
    await fireEvent.click(within(banner).getByTestId('order-welfare-event'));
    expect(screen.getByTestId('event-form').dataset.kind).toBe('social_welfare_notified');
    await fireEvent.click(within(banner).getByTestId('order-welfare-case'));
    expect(app.screen).toEqual({ name: 'case-form', id: 'c1', focus: 'welfare' });
  });

  it('names the prosecutor’s office and courts and prefills the forwarding with the office', async () => {
    const calls = open({ ...orderView(), jurisdiction: noviSad });
    render(OrderView, { caseId: 'c1', orderId: 'o1' });
    const block = await screen.findByTestId('order-authorities');
    expect(screen.queryByTestId('order-case-warning')).toBeNull();
    expect(within(block).getByTestId('order-authorities-municipality')).toHaveTextContent('Novi Sad');
    expect(within(block).getByTestId('order-authorities-prosecutor')).toHaveTextContent('Osnovno javno tužilaštvo u Novom Sadu');
    expect(within(block).getByTestId('order-authorities-basic-court')).toHaveTextContent('Osnovni sud u Novom Sadu');
    expect(within(block).getByTestId('order-authorities-higher-court')).toHaveTextContent('Viši sud u Novom Sadu');
    expect(block).toHaveTextContent('Viši sud (odlučuje o žalbi, član 20)');
    expect(within(block).queryByTestId('order-authorities-unverified')).toBeNull();
    expect(screen.getByTestId('order-victim-municipality')).toHaveTextContent('Novi Sad');

    await fireEvent.click(screen.getByTestId('order-action-forwarded'));
    const prosecutor = screen.getByTestId('event-prosecutor') as HTMLInputElement;
    expect(prosecutor.value).toBe('Osnovno javno tužilaštvo u Novom Sadu');
    await fireEvent.input(prosecutor, { target: { value: 'OJT Novi Sad, zamenik Jović' } });
    await fireEvent.submit(screen.getByTestId('event-form'));
    await screen.findByTestId('order-recorded');
    const event = (calls.find((c) => c.cmd === 'record_order_event')!.args as { req: { event: OrderEventKind } }).req.event;
    expect(event).toMatchObject({ kind: 'forwarded', prosecutor: 'OJT Novi Sad, zamenik Jović' });
  });

  it('says an inferred entry is to be confirmed, and when the municipality is not known', async () => {
    const inferred = { ...noviSad, municipality: 'Mali Iđoš', basic_court: 'Osnovni sud u Subotici', basic_public_prosecutor: 'Osnovno javno tužilaštvo u Subotici', higher_court: 'Viši sud u Subotici', verified: false };
    open({ ...orderView(), jurisdiction: inferred });
    const { unmount } = render(OrderView, { caseId: 'c1', orderId: 'o1' });
    const block = await screen.findByTestId('order-authorities');
    expect(block.dataset.verified).toBe('false');
    expect(within(block).getByTestId('order-authorities-unverified')).toHaveTextContent('Treba potvrditi');
    unmount();

    const elsewhere = order();
    elsewhere.content = { ...elsewhere.content, victim_municipality: 'Atlantida' };
    open({ ...orderView(undefined, elsewhere), jurisdiction: null });
    render(OrderView, { caseId: 'c1', orderId: 'o1' });
    const unknown = await screen.findByTestId('order-authorities-unknown');
    expect(unknown).toHaveTextContent('Nadležni organi nisu poznati za opštinu „Atlantida“.');
    await fireEvent.click(screen.getByTestId('order-action-forwarded'));
    expect((screen.getByTestId('event-prosecutor') as HTMLInputElement).value).toBe('');
  });
});

describe('order wizard: the victim’s municipality', () => {
  it('starts from the incident’s municipality, sends the officer’s change, and reviews core’s authorities', async () => {
    const saved: OrderContent[] = [];
    const sombor = { municipality: 'Sombor', basic_court: 'Osnovni sud u Somboru', basic_public_prosecutor: 'Osnovno javno tužilaštvo u Somboru', higher_court: 'Viši sud u Somboru', verified: false };
    mockCommands({
      open_case: () => caseView({ people: people.map((p) => (p.role === 'perpetrator' ? { ...p, jmbg: '0101990710006' } : p)) }),
      list_instruments: () => [instrument],
      save_order_draft: (args) => {
        const content = (args as { req: { content: OrderContent } }).req.content;
        saved.push(content);
        return {
          ...orderView(),
          order: { ...order({ issued: null, events: [] }), content },
          jurisdiction: content.victim_municipality === 'Sombor' ? sombor : content.victim_municipality === 'Novi Sad' ? noviSad : null,
        };
      },
    });
    render(OrderWizard, { caseId: 'c1', orderId: null });
    await screen.findByTestId('wizard-assessment');
    await fireEvent.click(screen.getByTestId('wizard-next'));
    await fireEvent.click(screen.getByTestId('wizard-measure-contact_ban'));
    await fireEvent.click(screen.getByTestId('wizard-next'));
    expect(screen.getByTestId('order-wizard').dataset.step).toBe('people');
    const municipality = screen.getByTestId('wizard-victim-municipality') as HTMLInputElement;
    expect(municipality.value).toBe('Novi Sad');
    expect(screen.getByText(/Izmenite je ako žrtva živi drugde/)).toBeInTheDocument();
    // She moved to a relative in Sombor.
    await fireEvent.input(municipality, { target: { value: 'Sombor' } });
    await fireEvent.click(screen.getByTestId('wizard-next'));
    await waitFor(() => expect(saved.at(-1)?.victim_municipality).toBe('Sombor'));
    await fireEvent.input(screen.getByTestId('wizard-reasons'), { target: { value: 'Pretnje.' } });
    await fireEvent.click(screen.getByTestId('wizard-next'));
    expect(screen.getByTestId('order-wizard').dataset.step).toBe('review');
    await waitFor(() => expect(screen.getByTestId('wizard-review-prosecutor')).toHaveTextContent('Osnovno javno tužilaštvo u Somboru'));
    expect(screen.getByTestId('wizard-review-court')).toHaveTextContent('Osnovni sud u Somboru');
    expect(screen.getByTestId('wizard-review-municipality')).toHaveTextContent('Sombor');
    expect(screen.getByTestId('wizard-authorities-unverified')).toHaveTextContent('Treba potvrditi');
  });

  it('prefills an older draft without the municipality, and says when core does not know it', async () => {
    const saved: OrderContent[] = [];
    const draft = order({ issued: null, events: [] });
    draft.content = { ...draft.content, victim_municipality: '' };
    mockCommands({
      open_case: () => caseView({ incident: { ...incident, municipality: 'Atlantida' } }),
      list_instruments: () => [instrument],
      // Core proposes the incident's municipality; it knows no administration for it.
      order_wizard: () => wizardStart({ victim_municipality: 'Atlantida', police_administration: '' }),
      get_order: () => ({ ...orderView(undefined, draft), jurisdiction: null }),
      save_order_draft: (args) => {
        const content = (args as { req: { content: OrderContent } }).req.content;
        saved.push(content);
        return { ...orderView(undefined, { ...draft, content }), jurisdiction: null };
      },
    });
    render(OrderWizard, { caseId: 'c1', orderId: 'o1' });
    await screen.findByTestId('wizard-assessment');
    await waitFor(() => expect(saved.at(-1)?.victim_municipality).toBe('Atlantida'), { timeout: 4000 });
    await fireEvent.click(screen.getByTestId('wizard-step-review'));
    expect(screen.getByTestId('wizard-review-municipality')).toHaveTextContent('Atlantida');
    expect(screen.getByTestId('wizard-authorities-unknown')).toHaveTextContent('Nadležni organi nisu poznati za opštinu „Atlantida“.');
  });
});
