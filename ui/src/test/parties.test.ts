// Every party of a case: statements of the victim, the perpetrator (his hearing), a witness and a
// child, labelled by role; and who the law covers (Art. 3) — the kinship degree, the common
// household, and core's coverage warning on the person in the form and on the case view.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaseContent, Person, Statement } from '$lib/bindings';
import { app } from '$lib/app.svelte';
import { setLanguage } from '$lib/i18n.svelte';
import { mockCommands } from './mock';
import { caseView, person } from './fixtures';
import CaseView from '../screens/CaseView.svelte';
import CaseForm from '../screens/CaseForm.svelte';
import StatementScreen from '../screens/StatementScreen.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => setLanguage('sr-Latn'));

const witness: Person = { ...person('p-w', 'witness', 'Ana'), family_name: 'Kovač', relationship_to_victim: 'none' };
const cousin: Person = { ...person('p-p', 'perpetrator', 'Marko'), relationship_to_victim: 'other_blood_relative', kinship_degree: 4, household_with_victim: 'no' };
const parties = [person('p-v', 'victim', 'Jelena'), cousin, witness, person('p-c', 'child', 'Luka')];

function statement(id: string, person_id: string, over: Partial<Statement> = {}): Statement {
  return {
    id, person_id, amends: null, taken_at: '2026-10-24T08:10:00Z', taken_by: 'NS1234', place: 'PS Liman', language: 'sr',
    interpreter: null, text: 'Izjava.', victim_signature: null, victim_not_signed_reason: 'odbio da potpiše',
    officer_signature: { width: 10, height: 10, strokes: [[{ x: 1, y: 1, t: 0 }, { x: 2, y: 2, t: 5 }]] },
    signed_at: '2026-10-24T08:20:00Z', content_sha256: 'a'.repeat(64), ...over,
  };
}

function viewWith(statements: Statement[]) {
  return {
    ...caseView({ people: parties, statements }),
    coverage: [{ person_id: 'p-p', reason: 'collateral_beyond_second' }],
  };
}

describe('case view: every party', () => {
  it('offers a statement for every person, labelled by role, with the child note and the coverage warning', async () => {
    const calls = mockCommands({
      open_case: () => viewWith([statement('s-p', 'p-p'), statement('s-w', 'p-w', { signed_at: null, content_sha256: null })]),
      case_timeline: () => [],
      case_documents: () => [],
      list_instruments: () => [],
      start_statement: (a) => {
        const req = (a as { req: { person_id: string } }).req;
        return { case_id: 'c1', statement: statement('s-new', req.person_id, { signed_at: null }), issues: [] };
      },
    });
    render(CaseView, { id: 'c1' });
    const buttons = await screen.findAllByTestId('statement-new');
    expect(buttons.map((b) => [b.dataset.role, b.textContent?.trim()])).toEqual([
      ['victim', 'Uzmi izjavu žrtve'],
      ['perpetrator', 'Uzmi izjašnjenje učinioca'],
      ['witness', 'Uzmi izjavu svedoka'],
      ['child', 'Uzmi izjavu deteta'],
    ]);
    // The child's statement is allowed, with a note; nothing is blocked.
    const child = document.querySelector('.person-summary[data-role="child"]') as HTMLElement;
    expect(within(child).getByTestId('statement-child-note')).toHaveTextContent('centra za socijalni rad');
    expect(within(child).getByTestId('statement-new')).toBeEnabled();

    // Each statement is listed under the person who gave it, with its kind.
    const perp = document.querySelector('.person-summary[data-role="perpetrator"]') as HTMLElement;
    expect(within(perp).getByTestId('statement-row').dataset.statementId).toBe('s-p');
    expect(within(perp).getByTestId('statement-kind')).toHaveTextContent('Izjašnjenje učinioca');
    const wit = document.querySelector('.person-summary[data-role="witness"]') as HTMLElement;
    expect(within(wit).getByTestId('statement-kind')).toHaveTextContent('Izjava svedoka');
    expect(within(wit).getByTestId('statement-row').dataset.signed).toBe('false');

    // Core's warning, with its reason, on the perpetrator only; the degree and household shown.
    const warnings = screen.getAllByTestId('coverage-warning');
    expect(warnings).toHaveLength(1);
    expect(perp).toContainElement(warnings[0]);
    expect(warnings[0].dataset.reason).toBe('collateral_beyond_second');
    expect(warnings[0]).toHaveTextContent('Možda nije nasilje u porodici u smislu zakona (čl. 3).');
    expect(perp).toHaveTextContent('Drugi krvni srodnik, 4. stepen');
    expect(within(perp).getByTestId('person-household-summary')).toHaveTextContent('Nije živeo sa žrtvom');

    await fireEvent.click(within(perp).getByTestId('statement-new'));
    await waitFor(() => expect(app.screen).toEqual({ name: 'statement', caseId: 'c1', statementId: 's-new' }));
    const start = calls.find((c) => c.cmd === 'start_statement');
    expect((start?.args as { req: { person_id: string } }).req.person_id).toBe('p-p');
  });

  it('shows the warning in the officer’s language', async () => {
    setLanguage('hu');
    mockCommands({ open_case: () => viewWith([]), case_timeline: () => [], case_documents: () => [], list_instruments: () => [] });
    render(CaseView, { id: 'c1' });
    const w = await screen.findByTestId('coverage-warning');
    expect(w).toHaveTextContent('Másodfokúnál távolabbi oldalági vérrokon');
    expect(screen.getAllByTestId('statement-new')[1]).toHaveTextContent('Az elkövető meghallgatása');
  });
});

describe('statement screen: titled by role', () => {
  const open = (st: Statement) =>
    mockCommands({ open_case: () => viewWith([st]), save_statement_draft: () => ({ case_id: 'c1', statement: st, issues: [] }) });

  it.each([
    ['p-p', 'Izjašnjenje učinioca: Marko Petrović', false],
    ['p-w', 'Izjava svedoka: Ana Kovač', false],
    ['p-v', 'Izjava žrtve: Jelena Petrović', false],
    ['p-c', 'Izjava deteta: Luka Petrović', true],
  ])('%s → %s', async (personId, title, childNote) => {
    open(statement('s1', personId, { signed_at: null, content_sha256: null, victim_not_signed_reason: null }));
    render(StatementScreen, { caseId: 'c1', statementId: 's1' });
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(title));
    expect(screen.queryByTestId('statement-child-note') !== null).toBe(childNote);
    // The signature pad is the person's, whoever they are.
    expect(screen.getByText('Potpis lica koje daje izjavu')).toBeInTheDocument();
  });

  it('labels an addendum of the perpetrator’s hearing, signed with the reason he did not sign', async () => {
    setLanguage('en');
    open(statement('s1', 'p-p', { amends: 's0' }));
    render(StatementScreen, { caseId: 'c1', statementId: 's1' });
    await waitFor(() =>
      expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent("Addendum – Perpetrator's statement (hearing): Marko Petrović"),
    );
    expect(screen.getByTestId('statement-signed')).toHaveTextContent('odbio da potpiše');
  });
});

describe('case form: kinship degree and common household', () => {
  it('asks the degree for a collateral relative, sends the household answer and shows core’s warning on the person', async () => {
    const saved: CaseContent[] = [];
    mockCommands({
      new_person: (a) => person('p-new', (a as { role: Person['role'] }).role, ''),
      save_case_draft: (args) => {
        const content = (args as { req: { content: CaseContent } }).req.content;
        saved.push(content);
        const p = content.people[0];
        const far = p?.relationship_to_victim === 'other_blood_relative' && (p.kinship_degree ?? 0) > 2 && p.household_with_victim !== 'lived';
        return { id: 'c1', saved_at: '2026-10-24T08:00:00Z', issues: [], coverage: far ? [{ person_id: p.id, reason: 'collateral_beyond_second' }] : [] };
      },
    });
    render(CaseForm, { id: null });
    await fireEvent.click(await screen.findByTestId('person-add-perpetrator'));
    const card = await screen.findByTestId('person');
    expect(within(card).queryByTestId('person-kinship-degree')).toBeNull();
    await fireEvent.change(within(card).getByTestId('person-relationship'), { target: { value: 'other_blood_relative' } });
    const degree = await within(card).findByTestId('person-kinship-degree');
    // The collateral line starts at the 2nd degree (siblings).
    expect([...(degree as HTMLSelectElement).options].map((o) => o.textContent)).toEqual([
      '— nije poznat —', '2. stepen', '3. stepen', '4. stepen', '5. stepen', '6. stepen',
    ]);
    expect(card).toHaveTextContent('4 = brat ili sestra od strica');
    await fireEvent.change(degree, { target: { value: '4' } });
    await fireEvent.change(within(card).getByTestId('person-household'), { target: { value: 'no' } });
    const warning = await within(card).findByTestId('coverage-warning', {}, { timeout: 5000 });
    expect(warning.dataset.reason).toBe('collateral_beyond_second');
    const last = saved.at(-1)!.people[0];
    expect(last.kinship_degree).toBe(4);
    expect(last.household_with_victim).toBe('no');

    // Living together once brings him under the law: core drops the warning.
    await fireEvent.change(within(card).getByTestId('person-household'), { target: { value: 'lived' } });
    await waitFor(() => expect(within(card).queryByTestId('coverage-warning')).toBeNull(), { timeout: 5000 });

    // Another kind of relationship drops the degree it no longer takes.
    await fireEvent.change(within(card).getByTestId('person-relationship'), { target: { value: 'spouse' } });
    expect(within(card).queryByTestId('person-kinship-degree')).toBeNull();
    await waitFor(() => expect(saved.at(-1)!.people[0].relationship_to_victim).toBe('spouse'), { timeout: 5000 });
    expect(saved.at(-1)!.people[0].kinship_degree).toBeUndefined();
  }, 30_000);
});
