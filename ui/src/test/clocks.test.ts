// Live order clocks: status and warnings switch on exactly at the instants core computed, the
// countdown text, and the DST case (48 elapsed hours end at 09:00 wall-clock after the switch).
import { render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { remaining, leftText, soonestInForce, statusAt, warningsAt } from '$lib/clocks';
import { setLanguage } from '$lib/i18n.svelte';
import { formatDeadline } from '$lib/time';
import { mockCommands } from './mock';
import { ALL_ACTIONS, caseView, deadlines, order, orderView } from './fixtures';
import OrderView from '../screens/OrderView.svelte';
import CaseList from '../screens/CaseList.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => setLanguage('sr-Latn'));
afterEach(() => vi.useRealTimers());

const ms = (iso: string) => Date.parse(iso);


describe('order clocks at an instant', () => {
  const d = deadlines();
  const check = (now: string, status: string, warnings: string[], over = {}) => {
    const dd = { ...d, ...over };
    const s = statusAt(true, dd, ms(now));
    expect(s, now).toBe(status);
    expect(warningsAt(s, dd, ms(now)), now).toEqual(warnings);
  };

  it('switches each warning on at its *_warning_from instant, in core\'s order', () => {
    // Nothing answered yet: forwarding is owed from the assessment (station policy, 09:00), the
    // prosecutor's 24 hours end at 08:00 on the 25th, and the end nears from 02:00 on the 26th.
    check('2026-10-24T08:00:00Z', 'in_force', []);
    check('2026-10-24T08:59:59Z', 'in_force', []);
    check('2026-10-24T09:00:00Z', 'in_force', ['not_forwarded']);
    check('2026-10-25T07:59:59Z', 'in_force', ['not_forwarded']);
    check('2026-10-25T08:00:00Z', 'in_force', ['not_forwarded', 'no_proposal']);
    check('2026-10-26T01:59:59Z', 'in_force', ['not_forwarded', 'no_proposal']);
    check('2026-10-26T02:00:00Z', 'in_force', ['expiring_without_decision', 'not_forwarded', 'no_proposal']);
    check('2026-10-26T07:59:59Z', 'in_force', ['expiring_without_decision', 'not_forwarded', 'no_proposal']);
    check('2026-10-26T08:00:00Z', 'expired', []);
  });

  it('reads only core\'s instants: each goes off when core clears it', () => {
    const forwarded = { forwarded_at: '2026-10-24T08:30:00Z', forward_warning_from: null };
    check('2026-10-24T09:00:00Z', 'in_force', [], forwarded);
    // The prosecutor proposed: no "no proposal"; the expiry warning stays until the court decides.
    const proposed = { ...forwarded, proposed_at: '2026-10-25T07:00:00Z', no_proposal_warning_from: null };
    check('2026-10-25T09:00:00Z', 'in_force', [], proposed);
    check('2026-10-26T02:00:00Z', 'in_force', ['expiring_without_decision'], proposed);
    check('2026-10-26T02:00:00Z', 'in_force', [], { ...proposed, decided: true, expiry_warning_from: null });
    // The prosecutor declined: core clears both the expiry and the no-proposal instants.
    const declined = { ...forwarded, declined_at: '2026-10-25T07:00:00Z', no_proposal_warning_from: null, expiry_warning_from: null };
    check('2026-10-26T07:00:00Z', 'in_force', [], declined);
    // The UI does not second-guess core: an instant core left set applies.
    check('2026-10-24T09:00:00Z', 'in_force', ['not_forwarded'], { decided: true });
  });

  it('warns of forwarding before service too, and nothing once lifted, expired or a draft', () => {
    const unserved = { served_at: null, expires_at: null, initial_expires_at: null, expiry_warning_from: null, no_proposal_warning_from: null };
    check('2026-10-24T08:59:59Z', 'issued', [], unserved);
    check('2026-10-24T09:00:00Z', 'issued', ['not_forwarded'], unserved);
    // An issued order never shows the in-force warnings, even with their instants set.
    check('2026-10-26T03:00:00Z', 'issued', ['not_forwarded'], { served_at: null, expires_at: null });
    check('2026-10-25T10:00:00Z', 'lifted', [], { lifted_at: '2026-10-25T09:00:00Z' });
    check('2026-10-25T08:00:00Z', 'in_force', ['not_forwarded', 'no_proposal'], { lifted_at: '2026-10-25T09:00:00Z' });
    expect(statusAt(true, { ...d, served_at: null, expires_at: null }, ms('2026-10-24T08:00:00Z'))).toBe('issued');
    expect(statusAt(false, d, ms('2026-10-24T08:00:00Z'))).toBe('draft');
    expect(warningsAt('draft', d, ms('2026-10-26T03:00:00Z'))).toEqual([]);
    expect(warningsAt('expired', d, ms('2026-10-26T03:00:00Z'))).toEqual([]);
  });

  it('counts down in whole minutes, and in days from three days on', () => {
    const end = '2026-10-26T08:00:00Z';
    expect(remaining(end, ms('2026-10-24T08:00:00Z'))).toMatchObject({ hours: 48, minutes: 0, passed: false });
    expect(remaining(end, ms('2026-10-24T08:00:30Z'))).toMatchObject({ hours: 47, minutes: 59 });
    expect(leftText(end, ms('2026-10-24T08:48:10Z'))).toBe('još 47 h 11 min');
    expect(leftText(end, ms('2026-10-26T08:00:00Z'))).toBe('rok je istekao');
    expect(leftText('2026-11-25T08:00:00Z', ms('2026-10-26T08:00:00Z'))).toBe('još 30 dana 0 h');
    expect(leftText('2026-11-16T11:00:00Z', ms('2026-10-26T08:00:00Z'))).toBe('još 21 dan 3 h');
    setLanguage('en');
    expect(leftText(end, ms('2026-10-24T08:48:10Z'))).toBe('47 h 11 min left');
    setLanguage('hu');
    expect(leftText(end, ms('2026-10-24T08:48:10Z'))).toBe('még 47 óra 11 perc');
  });

  it('shows the end of 48 elapsed hours across the autumn DST change as 09:00 local time', () => {
    // Served Saturday 24 Oct 2026 10:00 CEST; clocks go back on Sunday 25 Oct; 48 h later is
    // Monday 26 Oct 09:00 CET.
    expect(formatDeadline('2026-10-24T08:00:00Z', 'sr-Latn-RS')).toContain('24. 10. 2026. 10:00');
    expect(formatDeadline('2026-10-26T08:00:00Z', 'sr-Latn-RS')).toContain('26. 10. 2026. 09:00');
    expect(formatDeadline('2026-10-26T08:00:00Z', 'en-GB')).toContain('26/10/2026, 09:00');
  });

  it('picks the order in force that ends first for the case list', () => {
    const a = { id: 'a', number: 'P-1', ...deadlines() };
    const b = { id: 'b', number: 'P-2', ...deadlines({ expires_at: '2026-10-25T20:00:00Z' }) };
    const c = { id: 'c', number: 'P-3', ...deadlines({ served_at: null, expires_at: null }) };
    expect(soonestInForce([a, b, c], ms('2026-10-24T12:00:00Z'))?.badge.id).toBe('b');
    expect(soonestInForce([a, b, c], ms('2026-10-25T21:00:00Z'))?.badge.id).toBe('a');
  });
});

describe('order view', () => {
  it('shows the deadlines in Belgrade time and switches the warnings on by itself as time passes', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-10-24T08:59:00Z'));
    mockCommands({
      get_order: () => ({ ...orderView(), case_warnings: ['welfare_not_notified'] }),
      open_case: () => caseView(),
      list_instruments: () => [],
    });
    render(OrderView, { caseId: 'c1', orderId: 'o1' });
    const countdown = await screen.findByTestId('order-countdown');
    expect(countdown.dataset.hours).toBe('47');
    expect(countdown).toHaveTextContent('još 47 h 1 min');
    expect(screen.getByTestId('deadline-expires_at')).toHaveTextContent('26. 10. 2026. 09:00');
    expect(screen.getByTestId('deadline-served_at')).toHaveTextContent('24. 10. 2026. 10:00');
    expect(screen.getByTestId('order-number')).toHaveTextContent('P-1A2B3C-2026-0001');
    expect(screen.getByTestId('order-provisional')).toBeInTheDocument();
    expect(screen.queryByTestId('order-warning')).toBeNull();
    // Core warns that children are involved and the social-welfare centre is not notified.
    expect(screen.getByTestId('order-case-warning').dataset.warning).toBe('welfare_not_notified');

    await vi.advanceTimersByTimeAsync(61_000);
    await waitFor(() => expect(screen.getByTestId('order-warning').dataset.warning).toBe('not_forwarded'));
    expect(screen.getByTestId('order-countdown')).toHaveTextContent('još 47 h 0 min');
  });

  it('records a court decision with the court’s own end time', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-10-25T12:00:00Z'));
    const proposed = { proposed_at: '2026-10-25T07:00:00Z', no_proposal_warning_from: null };
    const calls = mockCommands({
      get_order: () => orderView(deadlines(proposed), order(), ALL_ACTIONS),
      open_case: () => caseView(),
      list_instruments: () => [],
      record_order_event: () =>
        orderView(deadlines({ ...proposed, decided: true, extended: true, expires_at: '2026-11-20T11:00:00Z', expiry_warning_from: null })),
    });
    render(OrderView, { caseId: 'c1', orderId: 'o1' });
    (await screen.findByTestId('order-action-court_decision')).click();
    const form = await screen.findByTestId('event-form');
    const { fireEvent } = await import('@testing-library/svelte');
    await fireEvent.input(screen.getByTestId('event-court'), { target: { value: 'Osnovni sud u Novom Sadu' } });
    await fireEvent.input(screen.getByTestId('event-number'), { target: { value: 'P2 123/26' } });
    await fireEvent.input(screen.getByTestId('event-decided-on'), { target: { value: '25.10.2026.' } });
    await fireEvent.input(screen.getByTestId('event-ends-at'), { target: { value: '20.11.2026. 12:00' } });
    await fireEvent.submit(form);
    await screen.findByTestId('order-recorded');
    const call = calls.find((c) => c.cmd === 'record_order_event')!;
    expect(call.args).toEqual({
      req: {
        id: 'o1',
        event: { kind: 'court_decision', court: 'Osnovni sud u Novom Sadu', number: 'P2 123/26', decided_on: '2026-10-25', outcome: 'extended', ends_at: '2026-11-20T11:00:00Z' },
      },
    });
    expect(screen.getByTestId('deadline-expires_at')).toHaveTextContent('20. 11. 2026. 12:00');
  });
});

describe('case list badges', () => {
  it('shows the countdown of the order in force, in warning style once a warning applies', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-10-24T08:30:00Z'));
    mockCommands({
      list_cases: () => [
        {
          id: 'c1', status: 'recorded', version: 1, has_draft: false, sort_at: '2026-10-24T07:30:00Z', reported_at: '2026-10-24T07:30:00Z',
          address: 'Bulevar 1', municipality: 'Novi Sad', victims: ['Jelena Petrović'], perpetrators: ['Marko Petrović'], firearm: false,
          legal: {
            orders: [
              { id: 'o1', number: 'P-1A2B3C-2026-0001', ...deadlines() },
              { id: 'o2', number: 'P-1A2B3C-2026-0002', ...deadlines({ served_at: null, expires_at: null, forward_warning_from: null, expiry_warning_from: null }) },
            ],
            risk: { level: 'high', assessed_at: '2026-10-24T07:55:00Z', reassessment_due_at: '2026-10-25T07:55:00Z' },
            repeat_perpetrator: false,
          },
        },
      ],
    });
    render(CaseList);
    const badge = await screen.findByTestId('badge-order-countdown');
    expect(badge).toHaveTextContent('Mera: još 47 h 30 min');
    expect(badge.dataset.hours).toBe('47');
    expect(badge).not.toHaveClass('danger');
    expect(screen.getByTestId('badge-order-unserved')).toHaveTextContent('Izdato, nije uručeno');
    expect(screen.getByTestId('badge-risk')).toHaveTextContent('Nivo rizika (smernica): visok');
    await vi.advanceTimersByTimeAsync(31 * 60_000);
    await waitFor(() => expect(screen.getByTestId('badge-order-countdown')).toHaveClass('danger'));
    expect(screen.getByTestId('badge-order-warning').dataset.warning).toBe('not_forwarded');
  });
});


