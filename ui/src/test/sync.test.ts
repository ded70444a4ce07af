// The sync screen and the header badge: states, times in Belgrade and relative, error codes in
// plain language, enrolment refusals, progress, skew, quarantine — and "sync now".
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '$lib/i18n.svelte';
import { agoText, badgeState, badgeText, inText, progressPercent, serverTimeAt, skewText, syncErrorText } from '$lib/sync';
import { stopSyncPolling, sync } from '$lib/sync.svelte';
import type { SyncProgress, SyncState, SyncStatus, SyncSummary } from '$lib/bindings';
import { mockCommands } from './mock';
import SyncScreen from '../screens/SyncScreen.svelte';
import SyncBadge from '../components/SyncBadge.svelte';
import CaseList from '../screens/CaseList.svelte';
import CaseView from '../screens/CaseView.svelte';
import type { CaseSummary } from '$lib/bindings';
import { caseView } from './fixtures';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => setLanguage('sr-Latn'));
afterEach(() => {
  stopSyncPolling();
  vi.useRealTimers();
});

const NOW = '2026-11-29T19:00:00Z';

function status(over: Partial<SyncStatus> = {}): SyncStatus {
  return {
    enrolled: true,
    server: 'https://central.example:8443',
    central_device_id: '0190f0aa-0000-7000-8000-000000000001',
    enrolled_at: '2026-11-28T08:00:00Z',
    pending: 0,
    pending_by_kind: {},
    attachments_pending: 0,
    attachments_refused: [],
    acked_seq: 12,
    last_attempt_at: '2026-11-29T18:55:00Z',
    last_success_at: '2026-11-29T18:55:00Z',
    last_error_code: null,
    last_error_detail: null,
    skew_ms: 1200,
    skew_flagged: false,
    quarantined: [],
    conflicts: [],
    feed_cursor: 3,
    ...over,
  };
}

function state(over: Partial<SyncState> = {}, st: Partial<SyncStatus> = {}): SyncState {
  return { status: status(st), running: false, progress: null, next_attempt_at: null, last_summary: null, ...over };
}

const refused = {
  record_id: '0190f0aa-3333-7000-8000-00000000d0c5', case_id: '0190f0aa-1111-7000-8000-00000000beef',
  document_kind: 'order', code: 'hash_mismatch', detail: 'the bytes\' SHA-256 is not the one in the path', at: '2026-11-29T18:56:00Z',
};

const quarantined = { seq: 7, version_id: '0190f0aa-2222-7000-8000-000000000007', record_id: '0190f0aa-1111-7000-8000-00000000beef', kind: 'statement', reason: 'payload does not match its digest', at: '2026-11-29T18:50:00Z' };

describe('sync badge logic', () => {
  it('shows the most urgent state: syncing, not enrolled, error, quarantine, pending, synced', () => {
    const check = (s: SyncState | null, expected: string | null, text: string) => {
      expect(badgeState(s)).toBe(expected);
      expect(badgeText(s)).toBe(text);
    };
    check(null, null, '');
    check(state({ running: true }, { pending: 4, last_error_code: 'sync_offline' }), 'syncing', 'Sinhronizacija…');
    check(state({}, { enrolled: false, pending: 4 }), 'not-enrolled', 'Uređaj nije prijavljen');
    check(state({}, { pending: 4, last_error_code: 'sync_offline', quarantined: [quarantined] }), 'error', 'Sinhronizacija nije uspela');
    check(state({}, { pending: 4, quarantined: [quarantined] }), 'quarantine', '1 zapis odbijen');
    check(state({}, { quarantined: [quarantined, { ...quarantined, seq: 8 }, { ...quarantined, seq: 9 }] }), 'quarantine', '3 zapisa odbijena');
    // A document's PDF the central record refused counts with the refused records.
    check(state({}, { pending: 4, attachments_refused: [refused] }), 'quarantine', '1 zapis odbijen');
    check(state({}, { quarantined: [quarantined], attachments_refused: [refused] }), 'quarantine', '2 zapisa odbijena');
    check(state({}, { pending: 4 }), 'pending', '4 na čekanju');
    check(state(), 'synced', 'Sinhronizovano');
  });

  it('says how long ago and how soon, in every language', () => {
    const now = Date.parse(NOW);
    expect(agoText('2026-11-29T18:59:30Z', now)).toBe('upravo sada');
    expect(agoText('2026-11-29T18:55:00Z', now)).toBe('pre 5 min');
    expect(agoText('2026-11-29T16:00:00Z', now)).toBe('pre 3 h');
    expect(agoText('2026-11-28T18:00:00Z', now)).toBe('pre 1 dan');
    expect(agoText('2026-11-25T18:00:00Z', now)).toBe('pre 4 dana');
    expect(agoText('2026-11-29T19:10:00Z', now)).toBe('u budućnosti (proverite sat uređaja)');
    expect(agoText(null, now)).toBe('');
    expect(inText('2026-11-29T19:00:40Z', now)).toBe('za 40 s');
    expect(inText('2026-11-29T19:04:10Z', now)).toBe('za 5 min');
    setLanguage('en');
    expect(agoText('2026-11-25T18:00:00Z', now)).toBe('4 days ago');
    setLanguage('hu');
    expect(agoText('2026-11-29T18:55:00Z', now)).toBe('5 perce');
    setLanguage('sr-Cyrl');
    expect(agoText('2026-11-29T18:55:00Z', now)).toBe('пре 5 мин');
  });

  it('states clock skew in minutes or seconds and which way, and the server time from it', () => {
    // core's skew is the server's clock minus the device's
    expect(skewText(-(7 * 60_000 + 10_000))).toBe('Uređaj žuri 7 min.');
    expect(skewText(45_000)).toBe('Uređaj kasni 45 s.');
    expect(serverTimeAt(Date.parse(NOW), -7 * 60_000)).toBe(Date.parse('2026-11-29T18:53:00Z'));
  });

  it('translates error codes through the catalogues and names an unknown one', () => {
    expect(syncErrorText('internal')).not.toContain('internal');
    expect(syncErrorText('no_such_code_yet')).toContain('no_such_code_yet');
    expect(syncErrorText('no_such_code_yet')).toMatch(/^Sinhronizacija nije uspela/);
  });

  it('computes the progress bar', () => {
    expect(progressPercent(3, 12)).toBe(25);
    expect(progressPercent(5, 0)).toBeNull();
    expect(progressPercent(5, null)).toBeNull();
    expect(progressPercent(20, 12)).toBe(100);
  });
});

const summary: SyncSummary = {
  pushed: 12, accepted: 12, conflicts: 0, quarantined: 0, attachments_uploaded: 0, attachment_bytes: 0, attachments_refused: 0,
  changes_applied: 2, pending_after: 0, acked_seq: 24, skew_ms: 300, bytes_sent: 4096, bytes_received: 800,
  in_force_refreshed: true, in_force_changes: 0, in_force_entries: 0, violations_reported: 0, violations_refused: 0,
};

describe('sync screen', () => {
  it('enrols the device with a code, showing each refusal in plain language', async () => {
    let enrolled = false;
    const calls = mockCommands({
      sync_status: () => state({}, enrolled ? {} : { enrolled: false, server: null, central_device_id: null, last_success_at: null, last_attempt_at: null }),
      enroll_device: (a) => {
        const code = String(a?.code);
        if (!code.startsWith('zastita-enroll:v1:')) throw { code: 'enrollment_code_not_a_code', message: 'not a code' };
        if (code.includes('used')) throw { code: 'enrollment_token_refused', message: 'token used' };
        enrolled = true;
        return state({ running: true });
      },
    });
    render(SyncScreen);
    await screen.findByTestId('sync-enroll');
    expect(screen.queryByTestId('sync-now')).toBeNull();

    await fireEvent.click(screen.getByTestId('sync-enroll-submit'));
    expect(screen.getByTestId('sync-enroll-error')).toHaveTextContent('Unesite kod za prijavu');
    expect(calls.some((c) => c.cmd === 'enroll_device')).toBe(false);

    await fireEvent.input(screen.getByTestId('sync-enroll-code'), { target: { value: 'hello' } });
    await fireEvent.click(screen.getByTestId('sync-enroll-submit'));
    const err = await screen.findByTestId('sync-enroll-error');
    await waitFor(() => expect(err.dataset.code).toBe('enrollment_code_not_a_code'));
    expect(screen.getByTestId('sync-enroll-code')).toHaveAttribute('aria-invalid', 'true');

    await fireEvent.input(screen.getByTestId('sync-enroll-code'), { target: { value: '  zastita-enroll:v1:used:ab:https://x  ' } });
    await fireEvent.click(screen.getByTestId('sync-enroll-submit'));
    await waitFor(() => expect(screen.getByTestId('sync-enroll-error').dataset.code).toBe('enrollment_token_refused'));
    expect(calls.filter((c) => c.cmd === 'enroll_device').at(-1)?.args).toEqual({ code: 'zastita-enroll:v1:used:ab:https://x' });

    await fireEvent.input(screen.getByTestId('sync-enroll-code'), { target: { value: 'zastita-enroll:v1:tok:ab:https://x' } });
    await fireEvent.click(screen.getByTestId('sync-enroll-submit'));
    await screen.findByTestId('sync-progress');
    expect(screen.queryByTestId('sync-enroll')).toBeNull();
  });

  it('shows pending records, the last sync in Belgrade time and how long ago, skew, quarantine and the last error', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date(NOW));
    mockCommands({
      sync_status: () =>
        state(
          { next_attempt_at: '2026-11-29T19:00:40Z' },
          {
            pending: 3,
            attachments_pending: 2,
            last_success_at: '2026-11-29T18:55:00Z',
            last_attempt_at: '2026-11-29T18:58:00Z',
            // A code this build no longer knows reads back from the store as `unknown`.
            last_error_code: 'unknown',
            last_error_detail: 'connection refused',
            skew_ms: -7 * 60_000,
            skew_flagged: true,
            quarantined: [quarantined],
            conflicts: [{ ...quarantined, seq: 9, version_id: 'v9', kind: 'case', reason: 'same version, different digest' }],
            attachments_refused: [refused, { ...refused, record_id: 'r2', document_kind: 'summary', code: 'some_future_code', detail: 'a reason from a newer server' }],
          },
        ),
    });
    render(SyncScreen);
    const pending = await screen.findByTestId('sync-pending');
    expect(pending).toHaveTextContent('3 zapisa čekaju slanje.');
    expect(screen.getByTestId('sync-attachments-pending')).toHaveTextContent('2 dokumenta (PDF) čekaju slanje.');
    // 18:55 UTC is 19:55 in Belgrade (winter time).
    expect(screen.getByTestId('sync-last-success')).toHaveTextContent('19:55');
    expect(screen.getByTestId('sync-last-success')).toHaveTextContent('pre 5 min');
    expect(screen.getByTestId('sync-next-attempt')).toHaveTextContent('za 40 s');
    const error = screen.getByTestId('sync-last-error');
    expect(error.dataset.code).toBe('unknown');
    expect(error).toHaveTextContent('šifra greške: unknown');
    expect(error).toHaveTextContent('connection refused');
    const skew = screen.getByTestId('sync-skew');
    expect(skew).toHaveTextContent('Uređaj žuri 7 min.');
    expect(skew).toHaveTextContent('20:00'); // the device's time
    expect(skew).toHaveTextContent('19:53'); // the central record's
    const q = within(screen.getByTestId('sync-quarantine')).getAllByTestId('sync-quarantine-row');
    expect(q).toHaveLength(1);
    expect(q[0]).toHaveTextContent('Izjava');
    expect(q[0]).toHaveTextContent('payload does not match its digest');
    expect(within(screen.getByTestId('sync-conflicts')).getByTestId('sync-conflict-row')).toHaveTextContent('Predmet');
    const r = within(screen.getByTestId('sync-attachments-refused')).getAllByTestId('sync-refused-row');
    expect(r).toHaveLength(2);
    expect(r[0].dataset.code).toBe('hash_mismatch');
    expect(r[0]).toHaveTextContent('Naređenje o hitnoj meri');
    expect(r[0]).toHaveTextContent('ne poklapa sa otiskom dokumenta');
    expect(r[0]).toHaveTextContent('19:56');
    // A code this build does not know yet reads as the central record's own words.
    expect(r[1]).toHaveTextContent('Sažetak slučaja za tužilaštvo');
    expect(r[1]).toHaveTextContent('a reason from a newer server');
  });

  it('leaves out the refused-documents card when nothing was refused', async () => {
    mockCommands({ sync_status: () => state() });
    render(SyncScreen);
    await screen.findByTestId('sync-pending');
    expect(screen.queryByTestId('sync-attachments-refused')).toBeNull();
  });

  it('starts a round on "sync now" and shows its phase and progress while it runs', async () => {
    let running = false;
    let progress: SyncProgress = { phase: 'push', done: 3, total: 12 };
    const calls = mockCommands({
      sync_status: () => state({ running, progress: running ? progress : null, last_summary: running ? null : summary }, { pending: running ? 9 : 0 }),
      sync_now: () => {
        running = true;
        return state({ running, progress: null }, { pending: 12 });
      },
    });
    render(SyncScreen);
    expect(await screen.findByTestId('sync-pending')).toHaveTextContent('Svi zapisi su poslati');
    await fireEvent.click(screen.getByTestId('sync-now'));
    expect(calls.filter((c) => c.cmd === 'sync_now')).toHaveLength(1);
    await screen.findByTestId('sync-progress');
    expect(screen.getByTestId('sync-now')).toBeDisabled();
    // The screen polls about once a second while the round runs.
    await waitFor(() => expect(screen.getByTestId('sync-progress')).toHaveTextContent('Slanje zapisa'), { timeout: 3000 });
    expect(screen.getByTestId('sync-progress-count')).toHaveTextContent('3 od 12');
    expect(screen.getByRole('progressbar')).toHaveAttribute('value', '25');
    progress = { phase: 'feed', done: 1, total: null };
    await waitFor(() => expect(screen.getByTestId('sync-progress')).toHaveTextContent('Preuzimanje izmena'), { timeout: 3000 });
    running = false;
    await waitFor(() => expect(screen.getByTestId('sync-summary')).toHaveTextContent('poslato 12, primljeno izmena 2'), { timeout: 3000 });
    expect(screen.getByTestId('sync-now')).toBeEnabled();
    expect(sync.finished).toBeGreaterThan(0);
  });
});

describe('header badge', () => {
  it('shows the pending count, a spinner while syncing, and a warning for quarantine', async () => {
    sync.state = state({}, { pending: 2 });
    const { container } = render(SyncBadge);
    const badge = screen.getByTestId('sync-badge');
    expect(badge.dataset.state).toBe('pending');
    expect(badge).toHaveTextContent('2 na čekanju');
    expect(badge).toHaveAttribute('aria-label', 'Stanje sinhronizacije: 2 na čekanju');
    sync.state = state({ running: true }, { pending: 2 });
    await waitFor(() => expect(badge.dataset.state).toBe('syncing'));
    expect(container.querySelector('.spinner')).not.toBeNull();
    sync.state = state({}, { quarantined: [quarantined] });
    await waitFor(() => expect(badge.dataset.state).toBe('quarantine'));
    expect(badge).toHaveClass('warn');
    setLanguage('en');
    await waitFor(() => expect(badge).toHaveTextContent('1 record refused'));
  });
});

describe('official case numbers', () => {
  const row = (official_number?: string): CaseSummary => ({
    id: 'c1', status: 'recorded', version: 1, has_draft: false, sort_at: '2026-11-28T21:00:00Z',
    reported_at: '2026-11-28T21:00:00Z', address: 'Bulevar 1', municipality: 'Novi Sad',
    victims: ['Jelena'], perpetrators: [], firearm: false, legal: { orders: [], risk: null, repeat_perpetrator: false },
    ...(official_number ? { official_number } : {}),
  });

  it('appear on the case list once a sync round brings them, and the list links to sync', async () => {
    let number: string | undefined;
    let running = false;
    const calls = mockCommands({
      list_cases: () => [row(number)],
      sync_status: () => state({ running, last_summary: running ? null : summary }),
    });
    render(CaseList);
    await screen.findByTestId('case-row');
    expect(screen.queryByTestId('case-official-number')).toBeNull();
    // A round runs and applies the central record's changes: the list reloads by itself.
    sync.state = state({ running: true });
    running = false;
    number = 'NS-2026-000017';
    const { refreshSync } = await import('$lib/sync.svelte');
    await refreshSync();
    expect(await screen.findByTestId('case-official-number')).toHaveTextContent('Broj predmeta: NS-2026-000017');
    expect(calls.filter((c) => c.cmd === 'list_cases')).toHaveLength(2);
    await fireEvent.click(screen.getByTestId('case-list-sync'));
    const { app } = await import('$lib/app.svelte');
    expect(app.screen).toEqual({ name: 'sync' });
  });

  it('shows on the case view, or that there is none yet', async () => {
    mockCommands({
      open_case: () => caseView({ official_number: 'NS-2026-000017' }),
      case_timeline: () => [],
      case_documents: () => [],
      list_instruments: () => [],
    });
    render(CaseView, { id: 'c1' });
    expect(await screen.findByTestId('case-official-number')).toHaveTextContent('NS-2026-000017');
  });

  it('says a recorded case has no number yet only on an enrolled device', async () => {
    mockCommands({
      open_case: () => caseView({ status: 'recorded', version: 1 }),
      case_timeline: () => [],
      case_documents: () => [],
      list_instruments: () => [],
    });
    sync.state = state({}, { enrolled: false });
    const first = render(CaseView, { id: 'c1' });
    await screen.findByTestId('case-status');
    expect(screen.queryByTestId('case-no-official-number')).toBeNull();
    first.unmount();
    sync.state = state();
    render(CaseView, { id: 'c1' });
    expect(await screen.findByTestId('case-no-official-number')).toHaveTextContent('Još bez broja centralne evidencije');
  });
});
