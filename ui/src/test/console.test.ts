// The console's screens against a mocked API: sign-in and its refusals in the operator's
// language, the session's limits, the purpose before any view, the board's clocks, the order file
// with the acts the chain admits (and the CSRF token on every change), setup's QR code, the
// administrator's operators and the auditor's search.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Console from '../console/Console.svelte';
import { checkExpiry, consoleState } from '../console/lib/console.svelte';
import { setLanguage } from '$lib/i18n.svelte';
import { mockFetch, problem, type Sent } from './console-fetch';
import type { Board, OrderFile, SessionInfo } from '../console/bindings';

const NOW = Date.parse('2026-10-26T08:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function session(role: SessionInfo['operator']['role'] = 'prosecutor', language = 'sr-Latn'): SessionInfo {
  return {
    operator: {
      id: '0190f0f0-0000-7000-8000-000000000001',
      login: 'tuzilac',
      name: 'Jovana Petrović',
      role,
      institution: { kind: 'basic_prosecutor', key: 'Osnovno javno tužilaštvo u Novom Sadu' },
      municipalities: ['Novi Sad'],
      language,
    },
    csrf_token: 'csrf-123',
    idle_expires_at: iso(NOW + 15 * 60_000),
    absolute_expires_at: iso(NOW + 8 * 3600_000),
    server_time: iso(NOW),
  };
}

const ORDER_ID = '0190f0f0-0000-7000-8000-0000000000aa';

function entry(): Board['entries'][number] {
  return {
    order_id: ORDER_ID,
    case_id: '0190f0f0-0000-7000-8000-0000000000bb',
    number: 'NS-2026-HM-00042',
    provisional: false,
    police_administration: 'NS',
    municipality: 'Novi Sad',
    prosecutor_office: 'Osnovno javno tužilaštvo u Novom Sadu',
    basic_court: 'Osnovni sud u Novom Sadu',
    measures: ['contact_ban'],
    served_at: iso(NOW - 20 * 3600_000),
    status: 'in_force',
    stage: 'received',
    clocks: [
      // Due in 4 h, warning since an hour ago.
      { kind: 'prosecutor_proposal', party: null, due_at: iso(NOW + 4 * 3600_000), met_at: null, warning_from: iso(NOW - 3600_000) },
      { kind: 'measures_end', party: null, due_at: iso(NOW + 28 * 3600_000), met_at: null, warning_from: iso(NOW + 20 * 3600_000) },
    ],
    next_due: iso(NOW + 4 * 3600_000),
    warnings: ['no_proposal'],
  };
}

function board(): Board {
  return { entries: [entry()], total: 1, page: 0, page_size: 50, server_time: iso(NOW) };
}

function orderFile(admissible: OrderFile['chain']['admissible']): OrderFile {
  const victim = '0190f0f0-0000-7000-8000-0000000000c1';
  const perp = '0190f0f0-0000-7000-8000-0000000000c2';
  return {
    entry: entry(),
    order: {
      id: ORDER_ID,
      case_id: entry().case_id,
      version: 2,
      created_at: iso(NOW - 21 * 3600_000),
      created_by: '12345',
      content: {
        measures: ['contact_ban'],
        perpetrator: perp,
        protected: [victim],
        dwelling: '',
        victim_municipality: 'Novi Sad',
        perpetrator_adult_confirmed: false,
        legal_basis: 'zsnp2016_art17',
        reasons: 'Pretnje nožem.',
        assessment: null,
        police_administration: 'PU za Grad Novi Sad',
        police_station: 'PS Liman',
      },
      issued: null,
      events: [],
    } as unknown as OrderFile['order'],
    clocks: { status: 'in_force', warnings: [] } as unknown as OrderFile['clocks'],
    incident: null,
    people: [
      { id: victim, role: 'victim', given_name: 'Ana', family_name: 'Anić' },
      { id: perp, role: 'perpetrator', given_name: 'Boris', family_name: 'Borić', relationship_to_victim: 'spouse' },
    ] as unknown as OrderFile['people'],
    assessments: [
      {
        id: 'a1',
        case_id: entry().case_id,
        instrument: { id: 'art16', version: 2 },
        started_at: iso(NOW - 22 * 3600_000),
        started_by: '12345',
        answers: { weapon_threat: { answer: 'yes', note: 'nož' }, prior_violence: { answer: 'unknown', note: '' } },
        officer_believes_in_danger: true,
        judgement_reasons: 'Ponovljene pretnje.',
        completed: null,
      },
    ] as unknown as OrderFile['assessments'],
    statements: [],
    documents: [{ record_id: '0190f0f0-0000-7000-8000-0000000000d1', sha256: 'ab'.repeat(32), kind: 'order', created_at: iso(NOW - 21 * 3600_000) }],
    chain: {
      prosecutor_received: { at: iso(NOW - 3600_000), by: 'Osnovno javno tužilaštvo u Novom Sadu', operator: 'tuzilac' },
      evaluation: null,
      proposal: null,
      declined: null,
      court_received: null,
      acts: [],
      admissible,
    },
    server_time: iso(NOW),
  };
}

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

async function signIn(sent: Sent[]) {
  render(Console);
  await screen.findByTestId('sign-in-form');
  await fireEvent.input(screen.getByTestId('login'), { target: { value: 'tuzilac' } });
  await fireEvent.input(screen.getByTestId('passphrase'), { target: { value: 'dugacka lozinka 1' } });
  await fireEvent.input(screen.getByTestId('totp'), { target: { value: '123456' } });
  await fireEvent.submit(screen.getByTestId('sign-in-form'));
  return sent;
}

describe('sign-in', () => {
  it('signs in with the three factors, asks the purpose, then shows the board with live clocks', async () => {
    const sent = mockFetch({
      'GET /session': () => problem(401, 'session_expired'),
      'POST /session': () => session(),
      'GET /board': () => board(),
    });
    await signIn(sent);
    await screen.findByTestId('purpose-form');
    expect(sent.find((r) => r.method === 'POST' && r.path === '/session')?.body).toEqual({ login: 'tuzilac', passphrase: 'dugacka lozinka 1', totp: '123456' });
    // No view before the purpose.
    expect(sent.some((r) => r.path === '/board')).toBe(false);
    await fireEvent.click(screen.getByTestId('purpose-acting_on_order'));
    await fireEvent.input(screen.getByTestId('purpose-text'), { target: { value: 'dežurstvo' } });
    await fireEvent.submit(screen.getByTestId('purpose-form'));
    const row = await screen.findByTestId('board-row');
    const req = sent.find((r) => r.path === '/board')!;
    expect(req.query.get('purpose')).toBe('acting_on_order');
    expect(req.query.get('purpose_text')).toBe('dežurstvo');
    expect(within(row).getByText('NS-2026-HM-00042')).toBeInTheDocument();
    expect(within(row).getByTestId('board-stage')).toHaveTextContent('primljeno u tužilaštvu');
    const clocks = within(row).getAllByTestId('clock');
    expect(clocks.map((c) => c.dataset.clock)).toEqual(['prosecutor_proposal', 'measures_end']);
    // The proposal's clock is past its warning instant; the end of the measures is not yet.
    expect(clocks.map((c) => c.dataset.warning)).toEqual(['true', 'false']);
    expect(within(clocks[0]).getByTestId('clock-countdown')).toHaveAttribute('data-hours', '4');
    expect(within(row).getByTestId('board-warning')).toBeInTheDocument();
  });

  it('says a refused sign-in in the operator language, the same for any factor', async () => {
    mockFetch({ 'GET /session': () => problem(401, 'session_expired'), 'POST /session': () => problem(401, 'sign_in_failed') });
    await signIn([]);
    expect(await screen.findByTestId('sign-in-error')).toHaveTextContent('Prijava nije uspela');
    expect(screen.getByTestId('passphrase')).toHaveValue('');
  });

  it('says until when a locked-out login must wait, in Belgrade time', async () => {
    mockFetch({
      'GET /session': () => problem(401, 'session_expired'),
      'POST /session': () => problem(429, 'locked_out', { 'Retry-After': '900' }),
    });
    await signIn([]);
    // 08:00 UTC + 15 min = 09:15 in Belgrade (UTC+1 on 26 October 2026).
    expect(await screen.findByTestId('sign-in-error')).toHaveTextContent('Pokušajte ponovo posle 09:15');
  });
});

describe('the session', () => {
  it('goes back to sign-in with the reason when the server says the session ended', async () => {
    consoleState.purpose = { code: 'duty_review' };
    mockFetch({ 'GET /session': () => session(), 'GET /board': () => problem(401, 'session_expired') });
    render(Console);
    expect(await screen.findByTestId('notice')).toHaveTextContent('Sesija je istekla');
    expect(screen.getByTestId('sign-in-form')).toBeInTheDocument();
    expect(consoleState.purpose).toBeNull();
  });

  it('ends itself at the idle limit without asking the server', async () => {
    mockFetch({ 'GET /session': () => session(), 'GET /board': () => board() });
    render(Console);
    await screen.findByTestId('purpose-form');
    checkExpiry(NOW + 14 * 60_000);
    expect(screen.getByTestId('purpose-form')).toBeInTheDocument();
    checkExpiry(NOW + 15 * 60_000);
    expect(await screen.findByTestId('notice')).toHaveTextContent('Sesija je istekla');
  });

  it("keeps the server's own idle window after each answer, however short (`serve --console-idle`)", async () => {
    mockFetch({ 'GET /session': () => ({ ...session(), idle_expires_at: iso(NOW + 6_000) }), 'GET /board': () => board() });
    render(Console);
    await screen.findByTestId('purpose-form');
    await fireEvent.click(screen.getByTestId('purpose-duty_review'));
    await fireEvent.submit(screen.getByTestId('purpose-form'));
    // The board's answer is the session's use: its 6 seconds start again from it.
    await screen.findByTestId('board-row');
    checkExpiry(NOW + 5_000);
    expect(screen.getByTestId('board-row')).toBeInTheDocument();
    checkExpiry(NOW + 6_000);
    expect(await screen.findByTestId('notice')).toHaveTextContent('Sesija je istekla');
  });

  it('signs out everywhere with the CSRF token', async () => {
    const sent = mockFetch({ 'GET /session': () => session(), 'POST /session/everywhere': () => ({ status: 204 }) });
    render(Console);
    await fireEvent.click(await screen.findByTestId('sign-out-everywhere'));
    expect(await screen.findByTestId('notice')).toHaveTextContent('Odjavljeni ste');
    const req = sent.find((r) => r.path === '/session/everywhere')!;
    expect(req.method).toBe('POST');
    expect(req.headers['X-CSRF-Token']).toBe('csrf-123');
  });

  it('speaks the operator language and switches on request', async () => {
    mockFetch({ 'GET /session': () => session('prosecutor', 'hu') });
    render(Console);
    expect(await screen.findByText('A hozzáférés célja')).toBeInTheDocument();
    await fireEvent.change(screen.getByTestId('language'), { target: { value: 'sr-Cyrl' } });
    expect(await screen.findByText('Сврха приступа')).toBeInTheDocument();
  });
});

describe('the order file', () => {
  function openOrder(admissible: OrderFile['chain']['admissible'], act?: (r: Sent) => unknown, chain?: Partial<OrderFile['chain']>) {
    consoleState.purpose = { code: 'acting_on_order' };
    history.replaceState(null, '', `/console/orders/${ORDER_ID}`);
    consoleState.view = { name: 'order', id: ORDER_ID };
    const sent = mockFetch({
      'GET /session': () => session(),
      [`POST /orders/${ORDER_ID}/open`]: () => {
        const f = orderFile(admissible);
        return { ...f, chain: { ...f.chain, ...chain } };
      },
      [`POST /orders/${ORDER_ID}/acts`]: act ?? (() => orderFile([])),
    });
    render(Console);
    return sent;
  }

  it('shows what the prosecutor received and offers exactly the admissible acts', async () => {
    const sent = openOrder(['evaluate', 'propose', 'decline']);
    expect(await screen.findByTestId('order-number')).toHaveTextContent('NS-2026-HM-00042');
    const open = sent.find((r) => r.path.endsWith('/open'))!;
    expect(open.body).toEqual({ purpose: { code: 'acting_on_order' } });
    expect(open.headers['X-CSRF-Token']).toBe('csrf-123');
    expect(screen.getByTestId('act-form-evaluate')).toBeInTheDocument();
    expect(screen.getByTestId('act-form-propose')).toBeInTheDocument();
    expect(screen.queryByTestId('act-form-decide')).toBeNull();
    expect(screen.getByTestId('finding')).toHaveTextContent('postoji neposredna opasnost');
    expect(screen.getByText('weapon_threat')).toBeInTheDocument();
    expect(screen.getByTestId('document-link').getAttribute('href')).toBe(
      `/console/api/orders/${ORDER_ID}/documents/0190f0f0-0000-7000-8000-0000000000d1/${'ab'.repeat(32)}?purpose=acting_on_order`,
    );
    expect(screen.getByTestId('chain')).toHaveTextContent('Primljeno: Osnovno javno tužilaštvo u Novom Sadu');
  });

  it('records an evaluation and a proposal with their reasons and evidence', async () => {
    const sent = openOrder(['evaluate', 'propose']);
    const form = await screen.findByTestId('act-form-evaluate');
    const submit = within(form).getByTestId('act-submit-evaluate');
    expect(submit).toBeDisabled();
    await fireEvent.click(within(form).getByTestId('act-disagrees'));
    await fireEvent.input(within(form).getByTestId('act-reasons'), { target: { value: 'Procena potcenjuje rizik.' } });
    expect(submit).toBeEnabled();
    await fireEvent.submit(form);
    expect(await screen.findByTestId('act-recorded')).toBeInTheDocument();
    const req = sent.find((r) => r.path.endsWith('/acts'))!;
    expect(req.headers['X-CSRF-Token']).toBe('csrf-123');
    expect(req.body).toEqual({ purpose: { code: 'acting_on_order' }, act: { act: 'evaluate', agrees: false, reasons: 'Procena potcenjuje rizik.' } });
  });

  it("records the court's extension with an end typed in Belgrade time", async () => {
    const sent = openOrder(['decide']);
    const form = await screen.findByTestId('act-form-decide');
    await fireEvent.input(within(form).getByTestId('act-number'), { target: { value: 'R1 123/2026' } });
    await fireEvent.input(within(form).getByTestId('act-decided-on'), { target: { value: '26.10.2026.' } });
    await fireEvent.click(within(form).getByTestId('act-extended'));
    await fireEvent.input(await within(form).findByTestId('act-ends-at'), { target: { value: '25.11.2026. 08:00' } });
    await fireEvent.submit(form);
    await waitFor(() => expect(sent.some((r) => r.path.endsWith('/acts'))).toBe(true));
    expect(sent.find((r) => r.path.endsWith('/acts'))!.body).toEqual({
      purpose: { code: 'acting_on_order' },
      act: { act: 'decide', number: 'R1 123/2026', decided_on: '2026-10-26', extended: true, ends_at: '2026-11-25T07:00:00Z' },
    });
  });

  it("says each act of the chain once, and the court's decision with its number and end", async () => {
    const received = { kind: 'prosecutor_received', at: iso(NOW - 3600_000), office: 'Osnovno javno tužilaštvo u Novom Sadu' } as const;
    const decided = {
      kind: 'court_decision',
      court: 'Osnovni sud u Novom Sadu',
      number: 'R1 123/2026',
      decided_on: '2026-10-26',
      outcome: 'extended',
      ends_at: '2026-11-25T07:00:00Z',
    } as const;
    openOrder([], undefined, { acts: [received, decided] });
    const chain = await screen.findByTestId('chain');
    expect(chain.textContent!.match(/Primljen/g)).toHaveLength(1);
    expect(screen.getAllByTestId('chain-act').map((li) => li.dataset.kind)).toEqual(['court_decision']);
    expect(screen.getByTestId('chain-act')).toHaveTextContent('Odluka br. R1 123/2026, Osnovni sud u Novom Sadu, od 26.10.2026.: mere produžene do');
    expect(screen.getByTestId('chain-act')).toHaveTextContent('25. 11. 2026. 08:00');
  });

  it('says a refusal of the law or of the jurisdiction', async () => {
    openOrder(['decline'], () => problem(409, 'not_admitted'));
    const form = await screen.findByTestId('act-form-decline');
    await fireEvent.input(within(form).getByTestId('act-reasons'), { target: { value: 'Nema osnova.' } });
    await fireEvent.submit(form);
    expect(await screen.findByTestId('act-error')).toHaveTextContent('Zakon ne dozvoljava');
  });
});

describe('setup, operators and audit', () => {
  it('shows the TOTP QR code as an image, never as markup in the page', async () => {
    history.replaceState(null, '', '/console/setup');
    consoleState.view = { name: 'setup' };
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    const sent = mockFetch({
      'GET /session': () => problem(401, 'session_expired'),
      'POST /setup': () => ({ otpauth_uri: 'otpauth://totp/x', secret_base32: 'JBSWY3DPEHPK3PXP', qr_svg: svg }),
      'POST /setup/confirm': () => ({ status: 204 }),
    });
    render(Console);
    await fireEvent.input(await screen.findByTestId('setup-login'), { target: { value: 'sudija' } });
    await fireEvent.input(screen.getByTestId('setup-code'), { target: { value: 'ABCD-EFGH' } });
    await fireEvent.input(screen.getByTestId('setup-passphrase'), { target: { value: 'nova duga lozinka' } });
    await fireEvent.input(screen.getByTestId('setup-repeat'), { target: { value: 'nova duga lozinka' } });
    await fireEvent.submit(screen.getByTestId('setup-form'));
    const img = await screen.findByTestId('setup-qr');
    expect(img.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,/);
    expect(document.querySelector('main svg script')).toBeNull();
    expect(screen.getByTestId('setup-secret')).toHaveTextContent('JBSWY3DPEHPK3PXP');
    await fireEvent.input(screen.getByTestId('setup-totp'), { target: { value: '654321' } });
    await fireEvent.submit(screen.getByTestId('setup-confirm-form'));
    expect(await screen.findByTestId('notice')).toHaveTextContent('Nalog je aktiviran');
    expect(sent.find((r) => r.path === '/setup/confirm')!.body).toEqual({ login: 'sudija', setup_code: 'ABCD-EFGH', totp: '654321' });
  });

  it("lists the institution's operators and hands over a new one's setup code", async () => {
    const admin = session('institution_admin');
    const op = { id: 'o1', login: 'sud1', name: 'Sud Jedan', role: 'court', institution: admin.operator.institution, state: 'active', created_at: iso(NOW), last_sign_in_at: null };
    const sent = mockFetch({
      'GET /session': () => admin,
      'GET /operators': () => [op],
      'POST /operators': () => ({ operator: { ...op, login: 'novi' }, setup_code: 'SETUP-1', setup_expires_at: iso(NOW + 72 * 3600_000) }),
    });
    render(Console);
    // The list is a consultation: the purpose first (the administrator's is offered first).
    expect(await screen.findByTestId('purpose-administration')).toBeChecked();
    await fireEvent.submit(screen.getByTestId('purpose-form'));
    expect(await screen.findByTestId('operator-row')).toHaveTextContent('sud1');
    expect(sent.find((r) => r.method === 'GET' && r.path === '/operators')!.query.get('purpose')).toBe('administration');
    await fireEvent.input(screen.getByTestId('new-login'), { target: { value: 'novi' } });
    await fireEvent.input(screen.getByTestId('new-name'), { target: { value: 'Novi Operater' } });
    await fireEvent.submit(screen.getByTestId('new-operator'));
    expect(await screen.findByTestId('issued-code')).toHaveTextContent('SETUP-1');
    expect(sent.find((r) => r.method === 'POST' && r.path === '/operators')!.body).toEqual({ login: 'novi', name: 'Novi Operater', role: 'prosecutor', language: 'sr-Latn' });
  });

  it('searches the admin audit for the auditor', async () => {
    const sent = mockFetch({
      'GET /session': () => session('auditor'),
      'GET /audit': () => ({
        entries: [{ seq: 7, at: iso(NOW), actor_kind: 'console', actor_id: 'x', actor_name: 'tuzilac', action: 'order_opened', target: ORDER_ID, purpose: 'duty_review', detail: {} }],
        before: null,
      }),
    });
    render(Console);
    await fireEvent.input(await screen.findByTestId('audit-actor'), { target: { value: 'tuzilac' } });
    await fireEvent.change(screen.getByTestId('audit-purpose'), { target: { value: 'duty_review' } });
    await fireEvent.submit(screen.getByTestId('audit-form'));
    expect(await screen.findByTestId('audit-row')).toHaveTextContent('order_opened');
    const q = sent.find((r) => r.path === '/audit')!.query;
    expect([q.get('actor'), q.get('purpose')]).toEqual(['tuzilac', 'duty_review']);
  });

  it('marks a refused attempt apart from the act itself, and names the purpose', async () => {
    const row = (seq: number, detail: unknown) => ({ seq, at: iso(NOW), actor_kind: 'console', actor_id: 'x', actor_name: 'tuzilac', action: 'console.order.open', target: `order:${ORDER_ID}`, purpose: 'duty_review', detail });
    mockFetch({
      'GET /session': () => session('auditor'),
      'GET /audit': () => ({ entries: [row(8, { code: 'outside_jurisdiction', action: 'order.open' }), row(7, { receipt: true })], before: null }),
    });
    render(Console);
    await fireEvent.submit(await screen.findByTestId('audit-form'));
    const rows = await screen.findAllByTestId('audit-row');
    expect(within(rows[0]).getByTestId('audit-refused')).toHaveTextContent('odbijeno (outside_jurisdiction)');
    expect(within(rows[1]).queryByTestId('audit-refused')).toBeNull();
    expect(rows[1]).toHaveTextContent('dežurstvo: nalozi koji čekaju');
    expect(rows[1]).not.toHaveTextContent('duty_review');
  });
});
