// The court stage of an order: what the order view offers as the prosecutor, the court and the
// appeal move on; the forms for each new event and the payload they send; and the order view
// showing core's instants and flags (the lapse before a late extension, a court's end outside the
// window, receipts of the decision, appeals with their clocks). Core decides; the UI shows.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppealClock, OrderDeadlines, OrderEvent, OrderEventKind } from '$lib/bindings';
import { setLanguage } from '$lib/i18n.svelte';
import { mockCommands } from './mock';
import { ALL_ACTIONS, IN_FORCE_EVENTS, caseView, deadlines, order, orderView } from './fixtures';
import OrderView from '../screens/OrderView.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => setLanguage('sr-Latn'));
afterEach(() => vi.useRealTimers());

const proposed: Partial<OrderDeadlines> = { proposed_at: '2026-10-25T07:00:00Z', no_proposal_warning_from: null };
const decided: Partial<OrderDeadlines> = { ...proposed, decided: true, expiry_warning_from: null };
const appeal = (over: Partial<AppealClock> = {}): AppealClock => ({
  by: 'perpetrator', lodged_at: '2026-10-27T09:00:00Z', late: false, forward_due_at: '2026-10-27T21:00:00Z', forwarded_at: null,
  higher_court_due_at: null, higher_court_decided_on: null, outcome: null, ...over,
});

describe('events offered', () => {
  // Which events an order admits in which state is core's (`law::admissible`, tested there
  // against `admit` itself); the order view offers exactly what core sends.
  it('offers exactly core’s events, service through its own form', async () => {
    mockCommands({
      get_order: () => orderView(deadlines(proposed), order(), ['forwarded', 'court_decision', 'lifted']),
      open_case: () => caseView(),
      list_instruments: () => [],
    });
    const { unmount } = render(OrderView, { caseId: 'c1', orderId: 'o1' });
    const card = await screen.findByTestId('order-actions');
    const offered = [...card.querySelectorAll('[data-testid^="order-action-"]')].map((b) => b.getAttribute('data-testid'));
    expect(offered).toEqual(['order-action-forwarded', 'order-action-court_decision', 'order-action-lifted']);
    expect(screen.queryByTestId('order-serve')).toBeNull();
    unmount();

    // Issued, not served: core offers the service and what is owed before it.
    mockCommands({
      get_order: () => orderView(deadlines({ served_at: null, expires_at: null }), order(), ['served', 'forwarded', 'social_welfare_notified']),
      open_case: () => caseView(),
      list_instruments: () => [],
    });
    render(OrderView, { caseId: 'c1', orderId: 'o1' });
    expect(await screen.findByTestId('order-serve')).toBeInTheDocument();
    const actions = [...screen.getByTestId('order-actions').querySelectorAll('[data-testid^="order-action-"]')].map((b) => b.getAttribute('data-testid'));
    expect(actions).toEqual(['order-action-forwarded', 'order-action-social_welfare_notified']);
  });

  it('asks core again, once, when the clock moves the order on (the 48 hours run out on screen)', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setInterval', 'clearInterval', 'Date'] });
    // Core's view was taken in force; on the device's clock the measures have just ended.
    vi.setSystemTime(new Date('2026-10-26T08:00:30Z'));
    const calls = mockCommands({
      get_order: () => orderView(deadlines({ expires_at: '2026-10-26T08:00:00Z' }), order(), IN_FORCE_EVENTS),
      open_case: () => caseView(),
      list_instruments: () => [],
    });
    render(OrderView, { caseId: 'c1', orderId: 'o1' });
    await screen.findByTestId('order-actions');
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'get_order')).toHaveLength(2));
    await new Promise((r) => setTimeout(r, 100));
    expect(calls.filter((c) => c.cmd === 'get_order')).toHaveLength(2);
  });

  it('offers nothing when core admits nothing (a lifted order)', async () => {
    mockCommands({ get_order: () => orderView(deadlines(decided), order(), []), open_case: () => caseView(), list_instruments: () => [] });
    render(OrderView, { caseId: 'c1', orderId: 'o1' });
    await screen.findByTestId('order-events');
    expect(screen.queryByTestId('order-actions')).toBeNull();
    expect(screen.queryByTestId('order-serve')).toBeNull();
  });
});

describe('order view, court stage', () => {
  const at = (iso: string) => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date(iso));
  };

  it('shows both the lapse of the 48 hours and the later decision, and a court end outside the window', async () => {
    at('2026-10-27T10:00:00Z');
    const d = deadlines({
      ...decided, extended: true, expires_at: '2026-12-30T11:00:00Z', forwarded_at: '2026-10-24T08:30:00Z', forward_warning_from: null,
      court_end_outside_window: true, lapsed_at: '2026-10-26T08:00:00Z', decision_recorded_at: '2026-10-26T13:30:00Z',
    });
    mockCommands({ get_order: () => orderView(d), open_case: () => caseView(), list_instruments: () => [] });
    render(OrderView, { caseId: 'c1', orderId: 'o1' });
    const lapsed = await screen.findByTestId('order-lapsed');
    expect(lapsed).toHaveTextContent('Rok od 48 sati istekao je pon, 26. 10. 2026. 09:00; odluka suda o produženju evidentirana je tek pon, 26. 10. 2026. 14:30.');
    // In force by the court's decision, and said so: never silently.
    expect(screen.getByTestId('order-status').dataset.status).toBe('in_force');
    expect(screen.getByTestId('order-extended')).toBeInTheDocument();
    expect(screen.getByTestId('order-court-end-outside')).toHaveTextContent('(48 h + 30 dana od uručenja, do sre, 25. 11. 2026. 09:00)');
    expect(screen.getByTestId('order-court-end-outside')).toHaveTextContent('primenjen je onako kako je sud odlučio');
    expect(screen.getByTestId('order-ends')).toHaveTextContent('30. 12. 2026. 12:00');
    expect(screen.getByTestId('deadline-proposed_at')).toHaveTextContent('25. 10. 2026. 08:00');
    expect(screen.queryByTestId('order-warning')).toBeNull();

    setLanguage('en');
    await tick();
    expect(screen.getByTestId('order-lapsed')).toHaveTextContent('The 48 hours ran out at');
    expect(screen.getByTestId('order-court-end-outside')).toHaveTextContent('applied as the court decided');
  });

  it('shows neither flag when core raises none', async () => {
    at('2026-10-25T12:00:00Z');
    mockCommands({ get_order: () => orderView(deadlines(proposed), order(), ALL_ACTIONS), open_case: () => caseView(), list_instruments: () => [] });
    render(OrderView, { caseId: 'c1', orderId: 'o1' });
    await screen.findByTestId('order-status');
    expect(screen.queryByTestId('order-lapsed')).toBeNull();
    expect(screen.queryByTestId('order-court-end-outside')).toBeNull();
    expect(screen.queryByTestId('order-court')).toBeNull();
    expect(screen.queryByTestId('deadline-declined_at')).toBeNull();
  });

  it('warns that no proposal came by the prosecutor’s due time, and says when he declined', async () => {
    at('2026-10-25T08:30:00Z');
    mockCommands({ get_order: () => orderView(), open_case: () => caseView(), list_instruments: () => [] });
    const { unmount } = render(OrderView, { caseId: 'c1', orderId: 'o1' });
    await waitFor(() => expect(screen.getAllByTestId('order-warning').map((w) => w.dataset.warning)).toEqual(['not_forwarded', 'no_proposal']));
    const [notForwarded, noProposal] = screen.getAllByTestId('order-warning');
    expect(noProposal).toHaveTextContent('Tužilaštvo nije podnelo predlog za produženje do ned, 25. 10. 2026. 09:00: mere prestaju posle 48 sati.');
    // Forwarding is owed "at once"; the hour is the station's, not the law's.
    expect(notForwarded).not.toHaveTextContent(/sat/);
    expect(notForwarded).toHaveTextContent('odmah');
    unmount();

    const declined = deadlines({ declined_at: '2026-10-25T07:10:00Z', no_proposal_warning_from: null, expiry_warning_from: null, court_decision_due_at: null });
    mockCommands({ get_order: () => orderView(declined), open_case: () => caseView(), list_instruments: () => [] });
    render(OrderView, { caseId: 'c1', orderId: 'o1' });
    expect(await screen.findByTestId('order-declined')).toHaveTextContent('Tužilaštvo je ned, 25. 10. 2026. 08:10 odlučilo da ne predloži produženje');
    expect(screen.getByTestId('deadline-declined_at')).toHaveTextContent('25. 10. 2026. 08:10');
    expect(screen.queryByTestId('deadline-court_decision_due_at')).toBeNull();
    expect(screen.getAllByTestId('order-warning').map((w) => w.dataset.warning)).toEqual(['not_forwarded']);
  });

  it('lists who received the decision and each appeal with its clocks and the late flag', async () => {
    at('2026-10-27T12:00:00Z');
    const d = deadlines({
      ...decided, extended: true, expires_at: '2026-11-20T11:00:00Z',
      decision_receipts: [
        { by: 'prosecutor', received_at: '2026-10-25T14:00:00Z', appeal_due_at: '2026-10-28T14:00:00Z' },
        { by: 'perpetrator', received_at: '2026-10-23T10:00:00Z', appeal_due_at: '2026-10-26T10:00:00Z' },
      ],
      appeals: [
        appeal({ late: true }),
        appeal({
          by: 'prosecutor', lodged_at: '2026-10-26T09:00:00Z', late: false, forward_due_at: '2026-10-26T21:00:00Z', forwarded_at: '2026-10-26T15:00:00Z',
          higher_court_due_at: '2026-10-29T15:00:00Z', higher_court_decided_on: '2026-10-27', outcome: 'overturned',
        }),
      ],
    });
    // What core admits here: one appeal to forward, the other decided (no higher court left).
    const admitted = ALL_ACTIONS.filter((k) => k !== 'higher_court_decision' && k !== 'extension_proposed' && k !== 'prosecutor_declined');
    mockCommands({ get_order: () => orderView(d, order(), admitted), open_case: () => caseView(), list_instruments: () => [] });
    render(OrderView, { caseId: 'c1', orderId: 'o1' });
    const court = await screen.findByTestId('order-court');
    const receipts = within(court).getAllByTestId('order-receipt');
    expect(receipts.map((r) => r.dataset.by)).toEqual(['prosecutor', 'perpetrator']);
    expect(receipts[0]).toHaveTextContent('Javni tužilac: odluka primljena ned, 25. 10. 2026. 15:00');
    expect(receipts[0]).toHaveTextContent('rok za žalbu do sre, 28. 10. 2026. 15:00');
    expect(within(receipts[0]).getByTestId('order-receipt-appeal-left')).toBeInTheDocument();
    expect(within(receipts[1]).queryByTestId('order-receipt-appeal-left')).toBeNull();

    const appeals = within(court).getAllByTestId('order-appeal');
    expect(appeals.map((a) => [a.dataset.by, a.dataset.late])).toEqual([['perpetrator', 'true'], ['prosecutor', 'false']]);
    expect(appeals[0]).toHaveTextContent('Žalba: Lice kome je mera određena');
    expect(within(appeals[0]).getByTestId('order-appeal-late')).toHaveTextContent('neblagovremena');
    expect(within(appeals[0]).getByTestId('order-appeal-forward-due')).toHaveTextContent('osnovni sud je prosleđuje višem sudu do uto, 27. 10. 2026. 22:00');
    expect(within(appeals[1]).queryByTestId('order-appeal-late')).toBeNull();
    expect(within(appeals[1]).getByTestId('order-appeal-forwarded')).toHaveTextContent('prosleđena višem sudu pon, 26. 10. 2026. 16:00');
    expect(within(appeals[1]).getByTestId('order-appeal-outcome')).toHaveTextContent('Odluka ukinuta ili preinačena (27.10.2026.)');
    expect(court).toHaveTextContent('Žalba ne odlaže izvršenje odluke suda.');
    // An unforwarded appeal: the forwarding is offered; nothing awaits the higher court.
    const actions = screen.getByTestId('order-actions');
    expect(within(actions).getByTestId('order-action-appeal_forwarded')).toBeInTheDocument();
    expect(within(actions).queryByTestId('order-action-higher_court_decision')).toBeNull();

    setLanguage('hu');
    await tick();
    expect(within(appeals[0]).getByTestId('order-appeal-late')).toHaveTextContent('elkésett');
    setLanguage('en');
    await tick();
    expect(within(appeals[0]).getByTestId('order-appeal-late')).toHaveTextContent('late');
    expect(appeals[0]).toHaveTextContent('Appeal by: The person the measures were imposed on');
  });

  it('names the new events on the legal timeline', async () => {
    at('2026-10-30T12:00:00Z');
    const ev = (id: string, event: OrderEventKind): OrderEvent => ({ id, recorded_at: '2026-10-30T10:00:00Z', recorded_by: 'NS1234', source: 'device', event });
    const o = order();
    o.events = [
      ...o.events,
      ev('e2', { kind: 'prosecutor_declined', at: '2026-10-25T07:00:00Z', reason: 'Nema dokaza o opasnosti.' }),
      ev('e3', { kind: 'decision_received', at: '2026-10-27T08:00:00Z', by: 'perpetrator' }),
      ev('e4', { kind: 'appeal', at: '2026-10-28T08:00:00Z', note: '', by: 'perpetrator' }),
      ev('e5', { kind: 'appeal_forwarded', at: '2026-10-28T12:00:00Z' }),
      ev('e6', { kind: 'higher_court_decision', court: 'Viši sud u Novom Sadu', number: 'Kž 12/26', decided_on: '2026-10-29', outcome: 'upheld' }),
    ];
    mockCommands({ get_order: () => orderView(deadlines(), o), open_case: () => caseView(), list_instruments: () => [] });
    render(OrderView, { caseId: 'c1', orderId: 'o1' });
    await screen.findByTestId('order-events');
    const rows = screen.getAllByTestId('order-event');
    expect(rows.map((r) => r.dataset.kind)).toEqual(['served', 'prosecutor_declined', 'decision_received', 'appeal', 'appeal_forwarded', 'higher_court_decision']);
    expect(rows[1]).toHaveTextContent('Tužilaštvo odlučilo da ne predloži produženje');
    expect(rows[1]).toHaveTextContent('Nema dokaza o opasnosti.');
    expect(rows[2]).toHaveTextContent('Odluka suda primljena');
    expect(rows[2]).toHaveTextContent('Lice kome je mera određena');
    expect(rows[3]).toHaveTextContent('Žalba na odluku suda');
    expect(rows[4]).toHaveTextContent('Žalba prosleđena višem sudu');
    expect(rows[5]).toHaveTextContent('29.10.2026.');
    expect(rows[5]).toHaveTextContent('Viši sud u Novom Sadu · Kž 12/26 · Odluka potvrđena');
  });
});

describe('court-stage event forms', () => {
  /** Opens the form for `kind` on an order with these deadlines and returns the recorded calls. */
  async function openForm(kind: string, d: OrderDeadlines) {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-10-28T12:00:00Z'));
    const calls = mockCommands({
      get_order: () => orderView(d, order(), ALL_ACTIONS),
      open_case: () => caseView(),
      list_instruments: () => [],
      record_order_event: () => orderView(d, order(), ALL_ACTIONS),
    });
    render(OrderView, { caseId: 'c1', orderId: 'o1' });
    await fireEvent.click(await screen.findByTestId(`order-action-${kind}`));
    const form = await screen.findByTestId('event-form');
    expect(form.dataset.kind).toBe(kind);
    return { calls, form };
  }
  const sent = (calls: { cmd: string; args: Record<string, unknown> | undefined }[]) =>
    (calls.find((c) => c.cmd === 'record_order_event')?.args as { req: { id: string; event: OrderEventKind } } | undefined)?.req;
  const setAt = (value: string) => fireEvent.input(screen.getByTestId('event-at'), { target: { value } });

  it('records the prosecutor’s decision not to propose, with its reasons', async () => {
    const { calls, form } = await openForm('prosecutor_declined', deadlines());
    // 25 October 2026 is the day the clocks go back: 09:10 is CET, 08:10 UTC.
    await setAt('25.10.2026. 09:10');
    await fireEvent.submit(form);
    // The reasons are required.
    expect(document.querySelector('[data-testid="field-error"][data-field="event.reason"]')).toHaveTextContent('Obavezno polje');
    expect(sent(calls)).toBeUndefined();
    await fireEvent.input(screen.getByTestId('event-reason'), { target: { value: 'Nema dokaza o neposrednoj opasnosti.' } });
    await fireEvent.submit(form);
    await screen.findByTestId('order-recorded');
    expect(sent(calls)).toEqual({
      id: 'o1', event: { kind: 'prosecutor_declined', at: '2026-10-25T08:10:00Z', reason: 'Nema dokaza o neposrednoj opasnosti.' },
    });
  });

  it('records who received the court’s decision and when', async () => {
    const { calls, form } = await openForm('decision_received', deadlines(decided));
    await setAt('27.10.2026. 10:00');
    await fireEvent.submit(form);
    expect(document.querySelector('[data-testid="field-error"][data-field="event.by"]')).toHaveTextContent('Obavezno polje');
    expect(sent(calls)).toBeUndefined();
    await fireEvent.change(screen.getByTestId('event-by'), { target: { value: 'prosecutor' } });
    await fireEvent.submit(form);
    await screen.findByTestId('order-recorded');
    expect(sent(calls)).toEqual({ id: 'o1', event: { kind: 'decision_received', at: '2026-10-27T09:00:00Z', by: 'prosecutor' } });
  });

  it('records an appeal with its appellant (required) and an optional note', async () => {
    const { calls, form } = await openForm('appeal', deadlines(decided));
    expect(screen.getByTestId('event-appeal-hint')).toHaveTextContent('protiv naređenja policije žalba nije dozvoljena');
    await setAt('28.10.2026. 09:30');
    await fireEvent.submit(form);
    expect(document.querySelector('[data-testid="field-error"][data-field="event.by"]')).toBeInTheDocument();
    await fireEvent.change(screen.getByTestId('event-by'), { target: { value: 'perpetrator' } });
    await fireEvent.submit(form);
    await screen.findByTestId('order-recorded');
    expect(sent(calls)).toEqual({ id: 'o1', event: { kind: 'appeal', at: '2026-10-28T08:30:00Z', note: '', by: 'perpetrator' } });
  });

  it('records the forwarding of the appeal to the higher court', async () => {
    const { calls, form } = await openForm('appeal_forwarded', deadlines({ ...decided, appeals: [appeal()] }));
    await setAt('27.10.2026. 16:00');
    await fireEvent.submit(form);
    await screen.findByTestId('order-recorded');
    expect(sent(calls)).toEqual({ id: 'o1', event: { kind: 'appeal_forwarded', at: '2026-10-27T15:00:00Z' } });
  });

  it('records the higher court’s decision: court, number, date and outcome (chosen, never assumed)', async () => {
    const forwarded = appeal({ forwarded_at: '2026-10-27T15:00:00Z', higher_court_due_at: '2026-10-30T15:00:00Z' });
    const { calls, form } = await openForm('higher_court_decision', deadlines({ ...decided, appeals: [forwarded] }));
    expect(screen.queryByTestId('event-at')).toBeNull();
    await fireEvent.input(screen.getByTestId('event-court'), { target: { value: 'Viši sud u Novom Sadu' } });
    await fireEvent.input(screen.getByTestId('event-number'), { target: { value: 'Kž 12/26' } });
    await fireEvent.input(screen.getByTestId('event-decided-on'), { target: { value: '28.10.2026.' } });
    await fireEvent.submit(form);
    expect(document.querySelector('[data-testid="field-error"][data-field="event.outcome"]')).toHaveTextContent('Obavezno polje');
    expect(sent(calls)).toBeUndefined();
    await fireEvent.click(screen.getByTestId('event-appeal-outcome-upheld'));
    await fireEvent.submit(form);
    await screen.findByTestId('order-recorded');
    expect(sent(calls)).toEqual({
      id: 'o1',
      event: { kind: 'higher_court_decision', court: 'Viši sud u Novom Sadu', number: 'Kž 12/26', decided_on: '2026-10-28', outcome: 'upheld' },
    });
  });

  it('shows core’s refusal in the officer’s language', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-10-28T12:00:00Z'));
    mockCommands({
      get_order: () => orderView(deadlines(decided), order(), ALL_ACTIONS),
      open_case: () => caseView(),
      list_instruments: () => [],
      record_order_event: () => {
        throw { code: 'order_no_pending_appeal', message: 'no pending appeal' };
      },
    });
    render(OrderView, { caseId: 'c1', orderId: 'o1' });
    await fireEvent.click(await screen.findByTestId('order-action-decision_received'));
    await fireEvent.change(screen.getByTestId('event-by'), { target: { value: 'perpetrator' } });
    await fireEvent.submit(screen.getByTestId('event-form'));
    const err = await screen.findByTestId('order-error');
    expect(err.textContent).not.toContain('no pending appeal');
    expect(err.textContent?.trim()).not.toBe('');
  });
});
