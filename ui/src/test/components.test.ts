import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaseSummary, CaseView, Person, Signature } from '$lib/bindings';
import { app } from '$lib/app.svelte';
import { setLanguage } from '$lib/i18n.svelte';
import { mockCommands } from './mock';
import CaseForm from '../screens/CaseForm.svelte';
import CaseList from '../screens/CaseList.svelte';
import Setup from '../screens/Setup.svelte';
import Unlock from '../screens/Unlock.svelte';
import SigHarness from './SigHarness.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => setLanguage('sr-Latn'));
afterEach(() => vi.useRealTimers());

function person(role: Person['role'], jmbg = ''): Person {
  return {
    id: `p-${role}`,
    role,
    given_name: 'Ana',
    family_name: 'Anić',
    jmbg,
    date_of_birth: null,
    address: '',
    phone: '',
    relationship_to_victim: null,
    language: 'sr',
    interpreter_needed: false,
  };
}

function caseView(people: Person[]): CaseView {
  const incident = {
    reported_at: null, police_arrived_at: null, address: 'Bulevar 1', municipality: 'Novi Sad',
    location: null, reported_by: null, forms_of_violence: [], weapons_present: null, weapons: [],
    injuries: '', children_present: null, narrative: '', danger_without_act: '', welfare_notification: null,
  };
  return {
    file: {
      format: 'zastita-case', format_version: 1, id: 'c1', status: 'draft', version: 0,
      created_at: '2024-07-01T10:00:00Z', created_by: '12345', incident, people, statements: [], assessments: [], orders: [],
    },
    draft: null,
    warnings: [],
    issues: [
      { field: 'people[0].jmbg', code: 'jmbg_checksum' },
      { field: 'incident.location.lat', code: 'out_of_range' },
    ],
    coverage: [],
    instruments_not_offered: [],
    order_numbers: {},
  };
}

describe('case form validation messages', () => {
  it('shows a translated error next to the field the issue names, and re-translates on switch', async () => {
    mockCommands({ open_case: () => caseView([person('victim', '0101990710006')]) });
    render(CaseForm, { id: 'c1' });
    const err = await waitFor(() => {
      const e = document.querySelector('[data-testid="field-error"][data-field="people[0].jmbg"]');
      expect(e).not.toBeNull();
      return e as HTMLElement;
    });
    expect(err).toHaveTextContent('Kontrolna cifra se ne slaže');
    // Next to the JMBG input of the first person.
    const block = err.closest('[data-testid="person"]') as HTMLElement;
    expect(block.dataset.role).toBe('victim');
    const input = within(block).getByTestId('person-jmbg');
    expect(input.closest('.field')).toContainElement(err);
    expect(input.getAttribute('aria-describedby')).toBe(err.parentElement!.id);
    // A path with no input goes to the summary list.
    expect(screen.getByTestId('case-issues')).toHaveTextContent('incident.location.lat');

    setLanguage('en');
    await tick();
    expect(err).toHaveTextContent('The check digit does not match');
    setLanguage('sr-Cyrl');
    await tick();
    expect(err).toHaveTextContent('Контролна цифра се не слаже');
  });

  it('autosaves after edits and shows the save state', async () => {
    const calls = mockCommands({
      save_case_draft: () => ({ id: 'new-1', saved_at: '2024-07-01T10:05:00Z', issues: [{ field: 'incident.address', code: 'required' }] }),
    });
    render(CaseForm, { id: null });
    const address = await screen.findByTestId('incident-address');
    await fireEvent.input(address, { target: { value: 'Njegoševa 5' } });
    expect(screen.getByTestId('case-save-state').dataset.state).toBe('dirty');
    await waitFor(() => expect(screen.getByTestId('case-save-state').dataset.state).toBe('saved'), { timeout: 4000 });
    const save = calls.find((c) => c.cmd === 'save_case_draft')!;
    expect(save.args).toMatchObject({ req: { id: null, content: { incident: { address: 'Njegoševa 5' } } } });
    expect(screen.getByTestId('case-save-state')).toHaveTextContent('Sačuvano u 12:05');
    expect(document.querySelector('[data-field="incident.address"]')).toHaveTextContent('Obavezno polje');
  });

  it('takes the date of birth as a date and the incident times as Belgrade dates and times, and saves them', async () => {
    const calls = mockCommands({
      open_case: () => caseView([person('victim')]),
      save_case_draft: () => ({ id: 'c1', saved_at: '2024-07-01T10:05:00Z', issues: [] }),
    });
    render(CaseForm, { id: 'c1' });
    const birth = (await screen.findByTestId('person-birth-date')) as HTMLInputElement;
    expect(birth).toHaveAttribute('placeholder', 'DD.MM.GGGG.');
    expect(screen.queryByTestId('person-birth-date-now')).toBeNull();
    for (const f of ['incident-reported-at', 'incident-arrived-at']) {
      expect(screen.getByTestId(f)).toHaveAttribute('placeholder', 'DD.MM.GGGG. ČČ:MM');
      expect(screen.getByTestId(`${f}-now`)).toBeInTheDocument();
    }
    await fireEvent.input(birth, { target: { value: '1.2.1990.' } });
    await fireEvent.input(screen.getByTestId('incident-reported-at'), { target: { value: '15.07.2024. 14:30' } });
    await waitFor(() => expect(calls.some((c) => c.cmd === 'save_case_draft')).toBe(true), { timeout: 4000 });
    const save = calls.filter((c) => c.cmd === 'save_case_draft').at(-1)!;
    expect(save.args).toMatchObject({
      req: { id: 'c1', content: { incident: { reported_at: '2024-07-15T12:30:00Z' }, people: [{ date_of_birth: '1990-02-01' }] } },
    });
  });
});

function pointer(type: string, init: { x: number; y: number; pointerType?: string; pressure?: number }) {
  const e = new MouseEvent(type, { bubbles: true, cancelable: true, clientX: init.x, clientY: init.y });
  Object.defineProperty(e, 'pointerId', { value: 7 });
  Object.defineProperty(e, 'pointerType', { value: init.pointerType ?? 'mouse' });
  Object.defineProperty(e, 'pressure', { value: init.pressure ?? 0.5 });
  return e;
}

describe('signature pad', () => {
  it('records strokes from pointer events, with pressure only for a pen, and clears', async () => {
    const reports: (Signature | null)[] = [];
    render(SigHarness, { report: (s: Signature | null) => reports.push(s) });
    const canvas = screen.getByTestId('sigpad-victim');

    canvas.dispatchEvent(pointer('pointerdown', { x: 10, y: 20 }));
    canvas.dispatchEvent(pointer('pointermove', { x: 15, y: 25 }));
    canvas.dispatchEvent(pointer('pointermove', { x: 20, y: 30 }));
    canvas.dispatchEvent(pointer('pointerup', { x: 25, y: 30 }));
    await tick();
    let sig = reports.at(-1)!;
    expect(sig.strokes).toHaveLength(1);
    expect(sig.strokes[0].map((p) => [p.x, p.y])).toEqual([[10, 20], [15, 25], [20, 30], [25, 30]]);
    expect(sig.strokes[0][0].t).toBe(0);
    expect(sig.strokes[0].every((p) => Number.isInteger(p.t) && p.p === undefined)).toBe(true);
    expect(sig.width).toBeGreaterThan(0);
    expect(sig.height).toBeGreaterThan(0);

    canvas.dispatchEvent(pointer('pointerdown', { x: 50, y: 50, pointerType: 'pen', pressure: 0.25 }));
    canvas.dispatchEvent(pointer('pointerup', { x: 60, y: 55, pointerType: 'pen', pressure: 0.75 }));
    await tick();
    sig = reports.at(-1)!;
    expect(sig.strokes).toHaveLength(2);
    expect(sig.strokes[1].map((p) => p.p)).toEqual([0.25, 0.75]);
    expect(canvas.dataset.strokes).toBe('2');

    await fireEvent.click(screen.getByTestId('sigpad-clear'));
    expect(reports.at(-1)).toBeNull();
  });
});

describe('unlock screen', () => {
  beforeEach(() => {
    app.status = {
      store_dir: '/tmp/z',
      store_exists: true,
      officer: null,
      device: { device_id: 'd', officers: ['12345'], consecutive_failures: 0, locked_until: null, attempts_before_wipe: null, wiped: false, revoked: false },
    };
  });

  it('shows attempts left after a wrong passphrase', async () => {
    mockCommands({
      unlock: () => {
        throw { code: 'wrong_passphrase', message: 'wrong passphrase', attempts_before_lock: 2 };
      },
      app_status: () => app.status,
    });
    render(Unlock);
    expect((screen.getByTestId('unlock-officer') as HTMLSelectElement).value).toBe('12345');
    await fireEvent.input(screen.getByTestId('unlock-passphrase'), { target: { value: 'nije-ta-lozinka' } });
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    const err = await screen.findByTestId('unlock-error');
    expect(err).toHaveTextContent('Pogrešna lozinka. Preostala su još 2 pokušaja');
    expect(screen.queryByTestId('unlock-wipe-warning')).toBeNull();
  });

  it('shows a live lockout countdown, disables submit, and warns before a wipe', async () => {
    const until = new Date(Date.now() + 90_000).toISOString();
    mockCommands({
      unlock: () => {
        throw { code: 'locked_out', message: 'locked', until, attempts_before_wipe: 3 };
      },
      app_status: () => app.status,
    });
    render(Unlock);
    await fireEvent.input(screen.getByTestId('unlock-passphrase'), { target: { value: 'pogresna-lozinka' } });
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    const lockout = await screen.findByTestId('unlock-lockout');
    expect(lockout).toHaveTextContent(/Pokušajte ponovo za 1:(30|29)/);
    expect(screen.getByTestId('unlock-submit')).toBeDisabled();
    expect(screen.getByTestId('unlock-wipe-warning')).toHaveTextContent('UPOZORENJE: još 3 pogrešne lozinke');
    const first = lockout.textContent;
    await waitFor(() => expect(screen.getByTestId('unlock-lockout').textContent).not.toBe(first), { timeout: 2500 });
  });

  it('says a revoked device was revoked, distinct from a wipe after wrong passphrases, with no form', () => {
    mockCommands({ app_status: () => app.status });
    app.status!.device = { ...app.status!.device!, officers: [], wiped: true, revoked: true };
    const { unmount } = render(Unlock);
    expect(screen.getByTestId('unlock-revoked')).toHaveTextContent('Centralna evidencija je opozvala ovaj uređaj');
    expect(screen.queryByTestId('unlock-wiped')).toBeNull();
    expect(screen.queryByTestId('unlock-submit')).toBeNull();
    unmount();

    app.status!.device = { ...app.status!.device!, revoked: false };
    render(Unlock);
    expect(screen.getByTestId('unlock-wiped')).toHaveTextContent('posle previše pogrešnih lozinki');
    expect(screen.queryByTestId('unlock-revoked')).toBeNull();
  });

  it('shows the revocation when the unlock is refused with device_revoked', async () => {
    mockCommands({
      unlock: () => {
        throw { code: 'device_revoked', message: 'revoked' };
      },
      app_status: () => app.status,
    });
    render(Unlock);
    await fireEvent.input(screen.getByTestId('unlock-passphrase'), { target: { value: 'Zelena livada 7' } });
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    expect(await screen.findByTestId('unlock-revoked')).toBeInTheDocument();
  });
});

describe('first run', () => {
  it('shows the passphrase rules as a live checklist from passphrase_problems', async () => {
    mockCommands({
      passphrase_problems: (args) => {
        const p = String(args?.passphrase ?? '');
        const out: unknown[] = [];
        if (p.length < 8) out.push({ code: 'too_short', min: 8 });
        if (p === '12345678') out.push({ code: 'sequence' });
        return out;
      },
    });
    app.status = { store_dir: '/home/ana/.local/share/zastita', store_exists: false, device: null, officer: null };
    render(Setup);
    expect(screen.getByText(/\/home\/ana\/.local\/share\/zastita/)).toBeInTheDocument();
    const rules = screen.getByTestId('setup-rules');
    const rule = (code: string) => rules.querySelector(`[data-rule="${code}"]`) as HTMLElement;

    await fireEvent.input(screen.getByTestId('setup-badge'), { target: { value: '12345' } });
    await fireEvent.input(screen.getByTestId('setup-name'), { target: { value: 'Ana Anić' } });
    await fireEvent.input(screen.getByTestId('setup-passphrase'), { target: { value: 'abc' } });
    await waitFor(() => expect(rule('too_short').dataset.met).toBe('false'));
    expect(rule('too_short')).toHaveTextContent('Najmanje 8 znakova');
    expect(screen.getByTestId('setup-submit')).toBeDisabled();

    await fireEvent.input(screen.getByTestId('setup-passphrase'), { target: { value: '12345678' } });
    await waitFor(() => expect(rule('too_short').dataset.met).toBe('true'));
    expect(rule('sequence').dataset.met).toBe('false');

    await fireEvent.input(screen.getByTestId('setup-passphrase'), { target: { value: 'plava kuća na brdu' } });
    await waitFor(() => expect(rule('sequence').dataset.met).toBe('true'));
    expect(rule('match').dataset.met).toBe('false');
    await fireEvent.input(screen.getByTestId('setup-passphrase-confirm'), { target: { value: 'plava kuća na brdu' } });
    expect(rule('match').dataset.met).toBe('true');
    expect(screen.getByTestId('setup-submit')).toBeEnabled();
  });
});

describe('case list', () => {
  const summary = (i: number): CaseSummary => ({
    id: `c${i}`, status: 'recorded', version: 1, has_draft: false, sort_at: '2026-11-28T21:00:00Z',
    reported_at: '2026-11-28T21:00:00Z', address: `Bulevar ${i}`, municipality: 'Novi Sad',
    victims: [`Žrtva ${i}`], perpetrators: [], firearm: false, legal: { orders: [], risk: null, repeat_perpetrator: false },
  });

  it('pages older cases in on request and stops offering more at the end', async () => {
    const all = Array.from({ length: 130 }, (_, i) => summary(i));
    const calls = mockCommands({
      list_cases: (args) => {
        const req = (args as { req: { limit: number; offset: number } }).req;
        return all.slice(req.offset, req.offset + req.limit);
      },
    });
    render(CaseList);
    await waitFor(() => expect(screen.getAllByTestId('case-row')).toHaveLength(100));
    await fireEvent.click(screen.getByTestId('case-list-more'));
    await waitFor(() => expect(screen.getAllByTestId('case-row')).toHaveLength(130));
    expect(screen.queryByTestId('case-list-more')).toBeNull();
    const offsets = calls.filter((c) => c.cmd === 'list_cases').map((c) => (c.args as { req: { offset: number } }).req.offset);
    expect(offsets).toEqual([0, 100]);
  });
});
