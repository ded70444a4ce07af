// The station's screens of the console against a mocked API: its police administration's
// devices (the list with each one's state, a new enrolment code as a QR image and text with its
// expiry, revocation only after a confirmation), its officers (the roster, adding, removing after
// a confirmation, moving to another administration, a refusal said), its cases' official numbers
// (the list, the next number or one typed, given only after a confirmation), and the administrator's
// operators screen asking before it disables or resets an account.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Console from '../console/Console.svelte';
import { consoleState, viewOf, viewsFor } from '../console/lib/console.svelte';
import { OFFICER_ROLES } from '../console/lib/enums';
import { LANGUAGES, hasMessage, setLanguage } from '$lib/i18n.svelte';
import { mockFetch, problem, type Sent } from './console-fetch';
import type { EnrolmentCodeView, OperatorSummary, SessionInfo, StationCase, StationDevice, StationOfficer } from '../console/bindings';

const NOW = Date.parse('2026-10-26T08:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const DEVICE = '0190f0f0-0000-7000-8000-0000000000e1';

function session(role: SessionInfo['operator']['role']): SessionInfo {
  const station = role === 'station';
  return {
    operator: {
      id: '0190f0f0-0000-7000-8000-000000000002',
      login: station ? 'dezurni.ns' : 'ana.admin',
      name: 'Marko Marković',
      role,
      institution: station
        ? { kind: 'police_administration', key: 'NS' }
        : { kind: 'basic_prosecutor', key: 'Osnovno javno tužilaštvo u Novom Sadu' },
      municipalities: ['Novi Sad'],
      language: 'sr-Latn',
    },
    csrf_token: 'csrf-station',
    idle_expires_at: iso(NOW + 15 * 60_000),
    absolute_expires_at: iso(NOW + 8 * 3600_000),
    server_time: iso(NOW),
  };
}

function device(revoked_at: string | null = null): StationDevice {
  return { id: DEVICE, label: 'Tablet NS-07', enrolled_at: iso(NOW - 30 * 86_400_000), revoked_at, acked_seq: 412 };
}

function officer(badge: string, removed_at: string | null = null): StationOfficer {
  return { badge, name: `Službenik ${badge}`, role: 'competent', rank: 'viši policijski narednik', added_at: iso(NOW - 86_400_000), removed_at };
}

/** Opens a view of the console signed in, past the purpose prompt (the station's own offered first). */
async function open(view: 'devices' | 'officers' | 'cases' | 'operators', sent: Sent[]) {
  history.replaceState(null, '', `/console/${view}`);
  consoleState.view = viewOf(`/console/${view}`);
  render(Console);
  await fireEvent.submit(await screen.findByTestId('purpose-form'));
  return sent;
}

const changes = (sent: Sent[]) => sent.filter((r) => r.method !== 'GET');

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
  setLanguage('sr-Latn');
  consoleState.session = null;
  consoleState.ready = false;
  consoleState.purpose = null;
  consoleState.notice = null;
  consoleState.view = { name: 'board' };
  history.replaceState(null, '', '/console/');
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("the station's devices", () => {
  it('are in the station operator\'s navigation, and only in it', async () => {
    expect(viewsFor('station')).toEqual(expect.arrayContaining(['devices', 'officers', 'cases']));
    for (const role of ['prosecutor', 'court', 'institution_admin', 'auditor'] as const) {
      expect(viewsFor(role)).not.toContain('devices');
      expect(viewsFor(role)).not.toContain('officers');
      expect(viewsFor(role)).not.toContain('cases');
    }
    mockFetch({ 'GET /session': () => session('station'), 'GET /station/devices': () => [device()] });
    await open('devices', []);
    expect(await screen.findByTestId('nav-devices')).toHaveAttribute('aria-current', 'page');
    expect(screen.getByTestId('nav-officers')).toHaveTextContent('Policijski službenici');
    expect(screen.getByTestId('nav-cases')).toHaveTextContent('Brojevi predmeta');
  });

  it('lists the devices with their state, with the purpose given for the session', async () => {
    const sent = mockFetch({
      'GET /session': () => session('station'),
      'GET /station/devices': () => [device(), { ...device(iso(NOW - 3600_000)), id: 'x', label: 'Tablet NS-01' }],
    });
    await open('devices', sent);
    const [row, old] = await screen.findAllByTestId('device-row');
    expect(row).toHaveTextContent('Tablet NS-07');
    expect(row).toHaveTextContent('412');
    expect(within(row).getByTestId('device-state')).toHaveTextContent('aktivan');
    // 07:00 UTC is 08:00 in Belgrade; a revoked device has nothing left to revoke.
    expect(within(old).getByTestId('device-state')).toHaveTextContent('opozvan 26. 10. 2026. 08:00');
    expect(within(old).queryByTestId('device-revoke')).toBeNull();
    const list = sent.find((r) => r.method === 'GET' && r.path === '/station/devices')!;
    expect(list.query.get('purpose')).toBe('supervision');
  });

  it('shows a new enrolment code as a QR image and as text, with its expiry in Belgrade time', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect/></svg>';
    const code: EnrolmentCodeView = { code: 'zastita-enroll:v1:abc.def', expires_at: iso(NOW + 24 * 3600_000), qr_svg: svg };
    const sent = mockFetch({
      'GET /session': () => session('station'),
      'GET /station/devices': () => [],
      'POST /station/enrolments': () => code,
    });
    await open('devices', sent);
    expect(await screen.findByTestId('devices-empty')).toBeInTheDocument();
    await fireEvent.input(screen.getByTestId('enrolment-label'), { target: { value: '  Tablet NS-08 ' } });
    await fireEvent.input(screen.getByTestId('enrolment-hours'), { target: { value: '12' } });
    await fireEvent.submit(screen.getByTestId('new-enrolment'));
    const img = await screen.findByTestId('enrolment-qr');
    expect(img.getAttribute('src')).toBe(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    expect(img).toHaveAccessibleName('QR kod koda za upis uređaja');
    // Never markup of the server's inserted into the page.
    expect(document.querySelector('main svg')).toBeNull();
    expect(screen.getByTestId('enrolment-code')).toHaveTextContent('zastita-enroll:v1:abc.def');
    // 08:00 UTC the next day is 09:00 in Belgrade (winter time).
    expect(screen.getByTestId('enrolment-expires')).toHaveTextContent('27. 10. 2026. 09:00');
    expect(document.activeElement).toBe(screen.getByTestId('enrolment-issued'));
    const post = changes(sent)[0];
    expect(post.path).toBe('/station/enrolments');
    expect(post.body).toEqual({ label: 'Tablet NS-08', valid_hours: 12 });
    expect(post.headers['X-CSRF-Token']).toBe('csrf-station');
    await fireEvent.click(screen.getByTestId('enrolment-close'));
    expect(screen.queryByTestId('enrolment-code')).toBeNull();
  });

  it('revokes a device only after a confirmation, which Escape or cancel withdraw', async () => {
    let revoked = false;
    const sent = mockFetch({
      'GET /session': () => session('station'),
      'GET /station/devices': () => [device(revoked ? iso(NOW) : null)],
      [`POST /station/devices/${DEVICE}/revoke`]: () => {
        revoked = true;
        return { status: 204 };
      },
    });
    await open('devices', sent);
    const revoke = await screen.findByTestId('device-revoke');
    expect(revoke).toHaveAccessibleName('Opozovi uređaj Tablet NS-07');
    await fireEvent.click(revoke);
    const dialog = screen.getByRole('alertdialog', { name: 'Opozvati uređaj?' });
    expect(dialog).toHaveAccessibleDescription(/Tablet NS-07/);
    // The safe choice has the focus; Escape withdraws and gives the focus back.
    expect(document.activeElement).toBe(screen.getByTestId('confirm-no'));
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByTestId('confirm')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(revoke));
    await fireEvent.click(revoke);
    await fireEvent.click(screen.getByTestId('confirm-no'));
    expect(changes(sent)).toEqual([]);
    await fireEvent.click(revoke);
    await fireEvent.click(screen.getByTestId('confirm-yes'));
    expect(await screen.findByTestId('devices-done')).toHaveTextContent('Uređaj Tablet NS-07 je opozvan.');
    expect(changes(sent).map((r) => [r.path, r.headers['X-CSRF-Token']])).toEqual([[`/station/devices/${DEVICE}/revoke`, 'csrf-station']]);
    await waitFor(() => expect(screen.getByTestId('device-state')).toHaveTextContent('opozvan'));
    expect(screen.queryByTestId('device-revoke')).toBeNull();
  });

  it("says the server's refusal", async () => {
    mockFetch({
      'GET /session': () => session('station'),
      'GET /station/devices': () => problem(403, 'forbidden_role'),
    });
    await open('devices', []);
    expect(await screen.findByTestId('devices-error')).toHaveTextContent('Vaša uloga');
  });
});

describe("the station's officers", () => {
  it('lists the roster and adds an officer with badge, name, role and rank', async () => {
    const roster = [officer('1001'), officer('0999', iso(NOW - 3600_000))];
    const sent = mockFetch({
      'GET /session': () => session('station'),
      'GET /station/officers': () => roster,
      'POST /station/officers': (r) => {
        const b = r.body as StationOfficer;
        roster.push({ ...officer(b.badge), name: b.name, role: b.role, rank: b.rank ?? null });
        return { status: 204 };
      },
    });
    await open('officers', sent);
    const rows = await screen.findAllByTestId('officer-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('nadležni službenik');
    expect(within(rows[1]).getByTestId('officer-state')).toHaveTextContent('uklonjen');
    // An officer off the roster has nothing to remove or move.
    expect(within(rows[1]).queryByTestId('officer-remove')).toBeNull();
    expect(sent.find((r) => r.path === '/station/officers')!.query.get('purpose')).toBe('supervision');
    await fireEvent.input(screen.getByTestId('officer-badge'), { target: { value: ' 2002 ' } });
    await fireEvent.input(screen.getByTestId('officer-name'), { target: { value: 'Petar Perić' } });
    await fireEvent.change(screen.getByTestId('officer-role'), { target: { value: 'patrol' } });
    await fireEvent.input(screen.getByTestId('officer-rank'), { target: { value: 'policijski narednik' } });
    await fireEvent.submit(screen.getByTestId('new-officer'));
    expect(await screen.findByTestId('officers-done')).toHaveTextContent('2002');
    expect(changes(sent)[0].body).toEqual({ badge: '2002', name: 'Petar Perić', role: 'patrol', rank: 'policijski narednik' });
    expect(changes(sent)[0].headers['X-CSRF-Token']).toBe('csrf-station');
    await waitFor(() => expect(screen.getAllByTestId('officer-row')).toHaveLength(3));
    expect(screen.getByTestId('officer-badge')).toHaveValue('');
  });

  it('sends no rank when none is given, and says a refusal keeping what was typed', async () => {
    const sent = mockFetch({
      'GET /session': () => session('station'),
      'GET /station/officers': () => [],
      'POST /station/officers': () => problem(400, 'invalid'),
    });
    await open('officers', sent);
    await screen.findByTestId('officers-empty');
    await fireEvent.input(screen.getByTestId('officer-badge'), { target: { value: '1001' } });
    await fireEvent.input(screen.getByTestId('officer-name'), { target: { value: 'Ana Anić' } });
    await fireEvent.submit(screen.getByTestId('new-officer'));
    expect(await screen.findByTestId('officers-error')).toHaveTextContent('nije ispravno');
    expect(changes(sent)[0].body).toEqual({ badge: '1001', name: 'Ana Anić', role: 'patrol' });
    expect(screen.getByTestId('officer-badge')).toHaveValue('1001');
  });

  it('removes an officer only after a confirmation', async () => {
    let removed = false;
    const sent = mockFetch({
      'GET /session': () => session('station'),
      'GET /station/officers': () => [officer('10/01', removed ? iso(NOW) : null)],
      'POST /station/officers/10%2F01/remove': () => {
        removed = true;
        return { status: 204 };
      },
    });
    await open('officers', sent);
    await fireEvent.click(await screen.findByTestId('officer-remove'));
    expect(screen.getByRole('alertdialog')).toHaveTextContent('Službenik 10/01 (značka 10/01)');
    await fireEvent.click(screen.getByTestId('confirm-no'));
    expect(changes(sent)).toEqual([]);
    await fireEvent.click(screen.getByTestId('officer-remove'));
    await fireEvent.click(screen.getByTestId('confirm-yes'));
    expect(await screen.findByTestId('officers-done')).toHaveTextContent('uklonjen');
    // The badge is one segment of the path, whatever it holds.
    expect(changes(sent).map((r) => r.path)).toEqual(['/station/officers/10%2F01/remove']);
    await waitFor(() => expect(screen.getByTestId('officer-state')).toHaveTextContent('uklonjen'));
  });

  it('moves an officer to another police administration by its code, and says an outside refusal', async () => {
    let answer: unknown = { status: 204 };
    const sent = mockFetch({
      'GET /session': () => session('station'),
      'GET /station/officers': () => [officer('1001')],
      'POST /station/officers/1001/assign': () => answer,
    });
    await open('officers', sent);
    await fireEvent.click(await screen.findByTestId('officer-move'));
    const input = screen.getByTestId('officer-move-administration');
    await waitFor(() => expect(document.activeElement).toBe(input));
    await fireEvent.input(input, { target: { value: ' su ' } });
    await fireEvent.submit(screen.getByTestId('officer-move-form'));
    expect(await screen.findByTestId('officers-done')).toHaveTextContent('SU');
    expect(changes(sent)[0].body).toEqual({ administration: 'SU' });
    await waitFor(() => expect(screen.queryByTestId('officer-move-form')).toBeNull());
    answer = problem(403, 'outside_jurisdiction');
    await fireEvent.click(screen.getByTestId('officer-move'));
    await fireEvent.input(screen.getByTestId('officer-move-administration'), { target: { value: 'BG' } });
    await fireEvent.submit(screen.getByTestId('officer-move-form'));
    expect(await screen.findByTestId('officers-error')).toHaveTextContent('pripada drugoj policijskoj upravi');
    // Escape in the form withdraws it.
    await fireEvent.keyDown(screen.getByTestId('officer-move-administration'), { key: 'Escape' });
    expect(screen.queryByTestId('officer-move-form')).toBeNull();
  });
});

describe("the station's case numbers", () => {
  const CASE = '0190f0f0-0000-7000-8000-0000000000c1';
  function kase(id: string, number: string | null = null): StationCase {
    return {
      case_id: id,
      number,
      numbered_at: number ? iso(NOW - 3600_000) : null,
      year: 2026,
      received_at: iso(NOW - 2 * 3600_000),
      device_id: DEVICE,
      device_label: 'Tablet NS-07',
    };
  }

  it('lists the cases with their numbers or none, and can show only those awaiting one', async () => {
    const sent = mockFetch({
      'GET /session': () => session('station'),
      'GET /station/cases': () => [kase(CASE), kase('0190f0f0-0000-7000-8000-0000000000c0', 'NS-2026-00007')],
    });
    await open('cases', sent);
    const [waiting, numbered] = await screen.findAllByTestId('case-row');
    expect(screen.getByTestId('cases-summary')).toHaveTextContent('2 predmeta, bez broja: 1.');
    // 06:00 UTC is 07:00 in Belgrade.
    expect(waiting).toHaveTextContent('26. 10. 2026. 07:00');
    expect(waiting).toHaveTextContent('Tablet NS-07');
    expect(within(waiting).getByTestId('case-number')).toHaveTextContent('čeka broj');
    expect(within(numbered).getByTestId('case-number')).toHaveTextContent('NS-2026-00007');
    // A numbered case has nothing left to number.
    expect(within(numbered).queryByTestId('case-assign')).toBeNull();
    expect(within(waiting).getByTestId('case-assign')).toHaveAccessibleName('Daj broj predmetu primljenom 26. 10. 2026. 07:00 sa uređaja Tablet NS-07');
    expect(sent.find((r) => r.path === '/station/cases')!.query.get('purpose')).toBe('supervision');
    await fireEvent.click(screen.getByTestId('cases-awaiting-only'));
    expect(screen.getAllByTestId('case-row')).toHaveLength(1);
  });

  it('gives the next number only after the choice is confirmed, which cancel withdraws', async () => {
    let number: string | null = null;
    const sent = mockFetch({
      'GET /session': () => session('station'),
      'GET /station/cases': () => [kase(CASE, number)],
      [`POST /station/cases/${CASE}/number`]: () => {
        number = 'NS-2026-00008';
        return { case_id: CASE, number };
      },
    });
    await open('cases', sent);
    const assign = await screen.findByTestId('case-assign');
    await fireEvent.click(assign);
    const auto = screen.getByTestId('case-number-auto');
    await waitFor(() => expect(document.activeElement).toBe(auto));
    expect(auto).toBeChecked();
    expect(screen.getByTestId('case-number-form')).toHaveTextContent('Sledeći broj uprave NS za 2026. godinu');
    // Escape in the form withdraws it; nothing is sent.
    await fireEvent.keyDown(auto, { key: 'Escape' });
    expect(screen.queryByTestId('case-number-form')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(assign));
    await fireEvent.click(assign);
    await fireEvent.submit(screen.getByTestId('case-number-form'));
    const dialog = screen.getByRole('alertdialog', { name: 'Dati predmetu službeni broj?' });
    expect(dialog).toHaveAccessibleDescription(/sledeći broj uprave NS za 2026/);
    expect(document.activeElement).toBe(screen.getByTestId('confirm-no'));
    await fireEvent.click(screen.getByTestId('confirm-no'));
    expect(changes(sent)).toEqual([]);
    await fireEvent.click(assign);
    await fireEvent.submit(screen.getByTestId('case-number-form'));
    await fireEvent.click(screen.getByTestId('confirm-yes'));
    expect(await screen.findByTestId('cases-done')).toHaveTextContent('Predmet ima službeni broj NS-2026-00008.');
    expect(changes(sent).map((r) => [r.path, r.body, r.headers['X-CSRF-Token']])).toEqual([[`/station/cases/${CASE}/number`, { auto: true }, 'csrf-station']]);
    await waitFor(() => expect(screen.getByTestId('case-number')).toHaveTextContent('NS-2026-00008'));
    expect(screen.queryByTestId('case-assign')).toBeNull();
  });

  it('gives a number typed, and says one taken, back at the choice', async () => {
    let answer: unknown = problem(409, 'number_taken');
    const sent = mockFetch({
      'GET /session': () => session('station'),
      'GET /station/cases': () => [kase(CASE)],
      [`POST /station/cases/${CASE}/number`]: () => answer,
    });
    await open('cases', sent);
    await fireEvent.click(await screen.findByTestId('case-assign'));
    await fireEvent.click(screen.getByTestId('case-number-typed'));
    await fireEvent.input(await screen.findByTestId('case-number-input'), { target: { value: ' KU-17/26 ' } });
    await fireEvent.submit(screen.getByTestId('case-number-form'));
    expect(screen.getByRole('alertdialog')).toHaveTextContent('dobija broj KU-17/26.');
    await fireEvent.click(screen.getByTestId('confirm-yes'));
    expect(await screen.findByTestId('cases-error')).toHaveTextContent('Ovaj broj već ima drugi predmet.');
    expect(screen.getByTestId('case-number-input')).toHaveValue(' KU-17/26 ');
    answer = { case_id: CASE, number: 'KU-18/26' };
    await fireEvent.input(screen.getByTestId('case-number-input'), { target: { value: 'KU-18/26' } });
    await fireEvent.submit(screen.getByTestId('case-number-form'));
    await fireEvent.click(screen.getByTestId('confirm-yes'));
    expect(await screen.findByTestId('cases-done')).toHaveTextContent('KU-18/26');
    expect(changes(sent).map((r) => r.body)).toEqual([{ number: 'KU-17/26' }, { number: 'KU-18/26' }]);
  });

  it("says another administration's case as such", async () => {
    mockFetch({
      'GET /session': () => session('station'),
      'GET /station/cases': () => [kase(CASE)],
      [`POST /station/cases/${CASE}/number`]: () => problem(403, 'outside_jurisdiction'),
    });
    await open('cases', []);
    await fireEvent.click(await screen.findByTestId('case-assign'));
    await fireEvent.submit(screen.getByTestId('case-number-form'));
    await fireEvent.click(screen.getByTestId('confirm-yes'));
    expect(await screen.findByTestId('cases-error')).toHaveTextContent('pripada drugoj policijskoj upravi');
  });
});

describe("the administrator's operators", () => {
  function operator(): OperatorSummary {
    const admin = session('institution_admin');
    return { id: 'o1', login: 'sud1', name: 'Sud Jedan', role: 'court', institution: admin.operator.institution, state: 'active', created_at: iso(NOW), last_sign_in_at: null } as OperatorSummary;
  }

  it('disables an account only after a confirmation', async () => {
    const sent = mockFetch({
      'GET /session': () => session('institution_admin'),
      'GET /operators': () => [operator()],
      'POST /operators/o1/disable': () => ({ status: 204 }),
    });
    await open('operators', sent);
    const disable = await screen.findByTestId('operator-disable');
    await fireEvent.click(disable);
    const dialog = screen.getByRole('alertdialog', { name: 'Onemogućiti nalog?' });
    expect(dialog).toHaveTextContent('Sud Jedan (sud1)');
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(document.activeElement).toBe(disable));
    expect(changes(sent)).toEqual([]);
    await fireEvent.click(disable);
    await fireEvent.click(screen.getByTestId('confirm-yes'));
    await waitFor(() => expect(changes(sent).map((r) => r.path)).toEqual(['/operators/o1/disable']));
    await waitFor(() => expect(screen.queryByTestId('confirm')).toBeNull());
  });

  it('issues a new activation code only after a confirmation', async () => {
    const sent = mockFetch({
      'GET /session': () => session('institution_admin'),
      'GET /operators': () => [operator()],
      'POST /operators/o1/reset': () => ({ operator: operator(), setup_code: 'RESET-2', setup_expires_at: iso(NOW + 72 * 3600_000) }),
    });
    await open('operators', sent);
    await fireEvent.click(await screen.findByTestId('operator-reset'));
    expect(screen.getByRole('alertdialog', { name: 'Izdati novi aktivacioni kod?' })).toBeInTheDocument();
    expect(changes(sent)).toEqual([]);
    await fireEvent.click(screen.getByTestId('confirm-yes'));
    expect(await screen.findByTestId('issued-code')).toHaveTextContent('RESET-2');
    expect(changes(sent).map((r) => r.path)).toEqual(['/operators/o1/reset']);
  });
});

describe("the station screens' texts", () => {
  it('exist in every language, the keys the screens build included', () => {
    const built = [
      ...['devices', 'officers', 'cases'].map((v) => `console-nav-${v}`),
      ...['reset', 'disable'].flatMap((w) => ['title', 'text', 'confirm'].map((p) => `console-operator-${w}-${p}`)),
      ...OFFICER_ROLES.map((r) => `officer-role-${r}`),
    ];
    for (const lang of LANGUAGES) {
      setLanguage(lang);
      expect(built.filter((k) => !hasMessage(k)), lang).toEqual([]);
    }
  });
});
