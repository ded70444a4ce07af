// The chain after the police order as the device shows it: the acts the central record brought
// down the feed (received by the prosecutor's office, the prosecutor's evaluation, the proposal
// to a named court, the court's receipt) on the order's status card, its deadlines and its legal
// timeline, in every language. Core computes the instants (the court's 24 hours from its
// receipt, the forwarding confirmed by the receipt); the UI shows them.
import { render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OrderEvent, OrderEventKind } from '$lib/bindings';
import { setLanguage } from '$lib/i18n.svelte';
import { mockCommands } from './mock';
import { caseView, deadlines, order, orderView } from './fixtures';
import OrderView from '../screens/OrderView.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  setLanguage('sr-Latn');
  vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(new Date('2026-10-25T09:00:00Z'));
});
afterEach(() => vi.useRealTimers());

const OFFICE = 'Osnovno javno tužilaštvo u Novom Sadu';
const COURT = 'Osnovni sud u Novom Sadu';
const central = (id: string, event: OrderEventKind): OrderEvent => ({ id, recorded_at: '2026-10-25T08:00:00Z', recorded_by: null, source: 'central_record', event });

function chainOrder() {
  const o = order();
  o.events = [
    ...o.events,
    central('a1', { kind: 'prosecutor_received', at: '2026-10-24T20:14:00Z', office: OFFICE }),
    central('a2', { kind: 'prosecutor_evaluated', at: '2026-10-25T06:30:00Z', agrees: false, reasons: 'Nedostaje izjava svedoka.' }),
    central('a3', { kind: 'extension_proposed', at: '2026-10-25T07:00:00Z', court: COURT }),
    central('a4', { kind: 'proposal_received', at: '2026-10-25T07:40:00Z', court: COURT }),
  ];
  // Core's clocks for these events: forwarding confirmed, the court's 24 hours from its receipt.
  const d = deadlines({
    prosecutor_received_at: '2026-10-24T20:14:00Z',
    forward_warning_from: null,
    proposed_at: '2026-10-25T07:00:00Z',
    no_proposal_warning_from: null,
    court_received_at: '2026-10-25T07:40:00Z',
    court_decision_due_at: '2026-10-26T07:40:00Z',
  });
  return orderView(d, o, ['violation', 'escorted_visit', 'social_welfare_notified', 'lifted']);
}

describe('the chain from the central record', () => {
  it('says who received the order and the proposal, and when', async () => {
    mockCommands({ get_order: () => chainOrder(), open_case: () => caseView(), list_instruments: () => [] });
    render(OrderView, { caseId: 'c1', orderId: 'o1' });
    const received = await screen.findByTestId('order-prosecutor-received');
    expect(received).toHaveTextContent(`Primilo ${OFFICE}, sub, 24. 10. 2026. 22:14`);
    expect(screen.getByTestId('order-court-received')).toHaveTextContent(`Predlog primio ${COURT}, ned, 25. 10. 2026. 08:40`);
    // Core says the forwarding is confirmed: no warning about it.
    expect(document.querySelector('[data-warning="not_forwarded"]')).toBeNull();
    expect(screen.getByTestId('deadline-prosecutor_received_at').dataset.at).toBe('2026-10-24T20:14:00Z');
    expect(screen.getByTestId('deadline-court_received_at').dataset.at).toBe('2026-10-25T07:40:00Z');
    expect(screen.getByTestId('deadline-court_decision_due_at').dataset.at).toBe('2026-10-26T07:40:00Z');
    expect(screen.getByText('Rok za odluku suda (24 h od prijema predloga)')).toBeInTheDocument();
    // The officer is not offered any of these acts.
    const actions = screen.getByTestId('order-actions');
    for (const kind of ['forwarded', 'prosecutor_received', 'prosecutor_evaluated', 'extension_proposed', 'proposal_received']) {
      expect(within(actions).queryByTestId(`order-action-${kind}`)).toBeNull();
    }

    setLanguage('hu');
    await tick();
    expect(screen.getByTestId('order-prosecutor-received')).toHaveTextContent(`Átvette: ${OFFICE}`);
    setLanguage('en');
    await tick();
    expect(screen.getByTestId('order-prosecutor-received')).toHaveTextContent(`Received by ${OFFICE}`);
    expect(screen.getByTestId('order-court-received')).toHaveTextContent(`Proposal received by ${COURT}`);
    setLanguage('sr-Cyrl');
    await tick();
    expect(screen.getByTestId('order-prosecutor-received')).toHaveTextContent('Примило');
  });

  it('names each act on the legal timeline, from the central record', async () => {
    mockCommands({ get_order: () => chainOrder(), open_case: () => caseView(), list_instruments: () => [] });
    render(OrderView, { caseId: 'c1', orderId: 'o1' });
    await screen.findByTestId('order-events');
    const rows = screen.getAllByTestId('order-event');
    expect(rows.map((r) => r.dataset.kind)).toEqual(['served', 'prosecutor_received', 'prosecutor_evaluated', 'extension_proposed', 'proposal_received']);
    expect(rows[1]).toHaveTextContent('Primljeno u javnom tužilaštvu');
    expect(rows[1]).toHaveTextContent(`Primilo ${OFFICE}`);
    expect(rows[1]).toHaveTextContent('Centralna evidencija');
    expect(rows[2]).toHaveTextContent('Ne slaže se sa procenom rizika · Nedostaje izjava svedoka.');
    expect(rows[3]).toHaveTextContent(`Sudu: ${COURT}`);
    expect(rows[4]).toHaveTextContent('Sud primio predlog');
    expect(rows[4]).toHaveTextContent(`Primio ${COURT}`);
    setLanguage('en');
    await tick();
    expect(rows[2]).toHaveTextContent('Disagrees with the risk assessment');
    expect(rows[4]).toHaveTextContent('Court received the proposal');
  });

  it('shows a proposal the officer entered, without a court, as before', async () => {
    const o = order();
    o.events = [...o.events, { id: 'e2', recorded_at: '2026-10-25T07:10:00Z', recorded_by: 'NS1234', source: 'device', event: { kind: 'extension_proposed', at: '2026-10-25T07:00:00Z', court: null } }];
    mockCommands({ get_order: () => orderView(deadlines({ proposed_at: '2026-10-25T07:00:00Z' }), o), open_case: () => caseView(), list_instruments: () => [] });
    render(OrderView, { caseId: 'c1', orderId: 'o1' });
    await screen.findByTestId('order-events');
    expect(screen.getAllByTestId('order-event')[1]).toHaveTextContent('Tužilaštvo predložilo produženje');
    expect(screen.queryByTestId('order-prosecutor-received')).toBeNull();
    expect(screen.queryByTestId('order-court-received')).toBeNull();
  });
});
