// The case view's legal sections and the case form's firearm fields.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaseContent } from '$lib/bindings';
import { app } from '$lib/app.svelte';
import { setLanguage } from '$lib/i18n.svelte';
import { mockCommands } from './mock';
import { assessment, caseView, deadlines, incident, instrument, order } from './fixtures';
import CaseView from '../screens/CaseView.svelte';
import CaseForm from '../screens/CaseForm.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => setLanguage('sr-Latn'));
afterEach(() => vi.useRealTimers());

describe('case view', () => {
  it('shows risk, emergency measures and documents with live clocks', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-10-24T09:30:00Z'));
    mockCommands({
      open_case: () => ({
        ...caseView({
          assessments: [assessment('a0', true), { ...assessment('a1', false), started_at: '2026-10-24T09:00:00Z' }],
          orders: [
            { order: order(), deadlines: deadlines() },
            { order: order({ id: 'o2', issued: null, events: [] }), deadlines: deadlines({ served_at: null, expires_at: null, forward_warning_from: null, expiry_warning_from: null }) },
          ],
        }),
        // Core's numbers: the issued order's provisional one; the draft has none.
        order_numbers: { o1: { number: 'P-1A2B3C-2026-0001', provisional: true } },
      }),
      case_timeline: () => [{ at: '2026-10-24T07:58:00Z', officer: 'NS1234', action: 'issue', outcome: 'ok', target: 'order:o1' }],
      case_documents: () => [
        { id: 'd1', case_id: 'c1', order_id: 'o1', kind: 'order', language: 'hu', created_at: '2026-10-24T08:05:00Z', created_by: 'NS1234', sha256: 'ab', size: 40960 },
      ],
      list_instruments: () => [instrument, { ...instrument, id: 'lethality-screen', primary: false }],
    });
    render(CaseView, { id: 'c1' });
    const rows = await screen.findAllByTestId('assessment-row');
    expect(rows.map((r) => r.dataset.completed)).toEqual(['false', 'true']);
    const done = rows[1];
    expect(within(done).getByTestId('assessment-level')).toHaveTextContent('Nivo rizika (smernica): visok');
    expect(within(done).getByTestId('assessment-due')).toHaveTextContent('još 22 h 25 min');
    expect(screen.getByTestId('risk-instrument')).toHaveValue('art16');

    const orders = screen.getAllByTestId('order-row');
    expect(orders.map((o) => o.dataset.status)).toEqual(['draft', 'in_force']);
    const live = orders[1];
    expect(live).toHaveTextContent('P-1A2B3C-2026-0001');
    expect(within(live).getByTestId('order-row-countdown')).toHaveTextContent('još 46 h 30 min');
    expect(within(live).getByTestId('order-warning').dataset.warning).toBe('not_forwarded');
    expect(screen.getByTestId('order-new')).toBeEnabled();

    const doc = screen.getByTestId('document-row');
    expect(doc).toHaveTextContent('Naređenje o hitnoj meri');
    expect(doc).toHaveTextContent('Magyar');
    expect(doc).toHaveTextContent('40 KB');
    expect(screen.getByTestId('timeline-event')).toHaveTextContent('Naređenje izdato');

    await fireEvent.click(live);
    expect(app.screen).toEqual({ name: 'order', caseId: 'c1', orderId: 'o1' });
  });

  it('offers a new order only once the case is recorded', async () => {
    mockCommands({
      open_case: () => caseView({ version: 0, status: 'draft', assessments: [] }),
      case_timeline: () => [],
      case_documents: () => [],
      list_instruments: () => [instrument],
    });
    render(CaseView, { id: 'c1' });
    await waitFor(() => expect(screen.getByTestId('order-new')).toBeDisabled());
    expect(screen.getByText('Naređenje se može izdati tek kada je predmet evidentiran.')).toBeInTheDocument();
    expect(screen.getByTestId('risk-assess')).toBeEnabled();
  });
});

describe('case form firearms', () => {
  it('asks for the licence of a firearm, whether it was used or threatened with, and the seizure receipt', async () => {
    const saved: CaseContent[] = [];
    mockCommands({
      save_case_draft: (args) => {
        saved.push((args as { req: { content: CaseContent } }).req.content);
        return { id: 'c1', saved_at: '2026-10-24T08:00:00Z', issues: [{ field: 'incident.weapons[0].seizure_receipt', code: 'required' }] };
      },
    });
    render(CaseForm, { id: null });
    await fireEvent.click(await screen.findByTestId('weapon-add'));
    const row = screen.getByTestId('weapon');
    await fireEvent.change(within(row).getByTestId('weapon-legality'), { target: { value: 'unlicensed' } });
    await fireEvent.click(within(row).getByTestId('weapon-in-household'));
    await fireEvent.click(within(row).getByTestId('weapon-threatened'));
    expect(within(row).queryByTestId('weapon-seizure-receipt')).toBeNull();
    await fireEvent.click(within(row).getByTestId('weapon-seized'));
    await fireEvent.input(within(row).getByTestId('weapon-seizure-receipt'), { target: { value: '' } });
    await waitFor(() => expect(saved.length).toBeGreaterThan(0), { timeout: 4000 });
    expect(saved.at(-1)!.incident.weapons[0]).toEqual({
      kind: 'firearm', description: '', in_household: true, legality: 'unlicensed', used_in_incident: false,
      threatened_in_incident: true, seized: true, seizure_receipt: '',
    });
    await waitFor(() => expect(within(row).getByTestId('field-error').dataset.field).toBe('incident.weapons[0].seizure_receipt'));
    // A cold weapon has no licence question.
    await fireEvent.change(within(row).getByTestId('weapon-kind'), { target: { value: 'cold_weapon' } });
    await fireEvent.change(within(row).getByTestId('weapon-legality'), { target: { value: '' } });
    await waitFor(() => expect(within(row).queryByTestId('weapon-legality')).toBeNull());
    void incident;
  });
});
