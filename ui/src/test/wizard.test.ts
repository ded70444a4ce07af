// The order wizard: each step keeps the officer until it has what it needs; the draft autosaves;
// the review says the measures last 48 hours from service; issuing opens the order.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { OrderContent } from '$lib/bindings';
import { app } from '$lib/app.svelte';
import { setLanguage } from '$lib/i18n.svelte';
import { firstIncomplete, stepOfField, stepProblems, type WizardContext } from '$lib/orderWizard';
import { mockCommands } from './mock';
import { caseView, instrument, order, orderView, people, person, wizardStart } from './fixtures';
import OrderWizard from '../screens/OrderWizard.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => setLanguage('sr-Latn'));

const empty: OrderContent = {
  measures: [], perpetrator: null, protected: [], dwelling: '', perpetrator_adult_confirmed: false, legal_basis: 'zsnp2016_art17',
  reasons: '', assessment: null, police_administration: '', police_station: '', victim_municipality: '',
};
const ctx: WizardContext = { assessments: ['a0'], perpetrators: ['p-p'], protectable: ['p-v', 'p-c'] };

describe('order wizard steps', () => {
  const fields = (step: Parameters<typeof stepProblems>[0], c: OrderContent) => stepProblems(step, c, ctx).map((p) => p.field);

  it('checks each step for what it needs', () => {
    expect(fields('basis', empty)).toEqual(['order.assessment']);
    expect(fields('basis', { ...empty, assessment: 'other-case' })).toEqual(['order.assessment']);
    expect(fields('basis', { ...empty, assessment: 'a0' })).toEqual([]);
    expect(fields('measures', empty)).toEqual(['order.measures']);
    expect(fields('measures', { ...empty, measures: ['contact_ban'] })).toEqual([]);
    // The removal names the dwelling to leave.
    expect(fields('measures', { ...empty, measures: ['removal_from_dwelling'] })).toEqual(['order.dwelling']);
    expect(fields('measures', { ...empty, measures: ['removal_from_dwelling'], dwelling: '  ' })).toEqual(['order.dwelling']);
    expect(fields('measures', { ...empty, measures: ['removal_from_dwelling'], dwelling: 'Bulevar 1, stan 4' })).toEqual([]);
    expect(fields('people', empty)).toEqual(['order.perpetrator', 'order.protected']);
    expect(fields('people', { ...empty, perpetrator: 'p-v', protected: ['p-p'] })).toEqual(['order.perpetrator', 'order.protected']);
    expect(fields('people', { ...empty, perpetrator: 'p-p', protected: ['p-c'] })).toEqual([]);
    // A perpetrator of unknown age needs the officer's confirmation that he was an adult.
    const unknownAge: WizardContext = { ...ctx, ageUnknown: ['p-p'] };
    expect(stepProblems('people', { ...empty, perpetrator: 'p-p', protected: ['p-c'] }, unknownAge).map((p) => p.field)).toEqual([
      'order.perpetrator_adult_confirmed',
    ]);
    expect(stepProblems('people', { ...empty, perpetrator: 'p-p', protected: ['p-c'], perpetrator_adult_confirmed: true }, unknownAge)).toEqual([]);
    expect(fields('reasons', { ...empty, reasons: '  ' })).toEqual(['order.reasons', 'order.police_administration']);
    expect(fields('reasons', { ...empty, reasons: 'Pretnje.', police_administration: 'PU Novi Sad' })).toEqual([]);
    expect(fields('review', empty)).toHaveLength(6);
    expect(firstIncomplete(empty, ctx)).toBe('basis');
    expect(firstIncomplete({ ...empty, assessment: 'a0', measures: ['contact_ban'] }, ctx)).toBe('people');
  });

  it('sends each field of the server’s issues to its step', () => {
    expect(stepOfField('order.assessment')).toBe('basis');
    expect(stepOfField('order.measures')).toBe('measures');
    expect(stepOfField('order.dwelling')).toBe('measures');
    expect(stepOfField('order.perpetrator_adult_confirmed')).toBe('people');
    expect(stepOfField('order.protected[1]')).toBe('people');
    expect(stepOfField('order.police_station')).toBe('reasons');
    expect(stepOfField('order')).toBe('review');
  });
});

describe('order wizard screen', () => {
  it('walks the steps, refuses to go on from an empty one, and issues', async () => {
    const saved: OrderContent[] = [];
    const home = 'Bulevar oslobođenja 12, stan 4';
    const calls = mockCommands({
      open_case: () => caseView({ people: people.map((p) => (p.role === 'perpetrator' ? { ...p, address: home } : p)) }),
      list_instruments: () => [instrument],
      save_order_draft: (args) => {
        const req = (args as { req: { content: OrderContent } }).req;
        saved.push(req.content);
        return { ...orderView(), order: { ...order({ issued: null, events: [] }), content: req.content }, issues: [] };
      },
      issue_order: () => orderView(),
    });
    app.screen = { name: 'order-wizard', caseId: 'c1', orderId: null };
    render(OrderWizard, { caseId: 'c1', orderId: null });

    // (a) The completed assessment is chosen already.
    const basis = await screen.findByTestId('wizard-assessment');
    expect((basis as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(screen.getByTestId('wizard-next'));
    expect(screen.getByTestId('order-wizard').dataset.step).toBe('measures');

    // (b) Nothing chosen: stays, says why.
    await fireEvent.click(screen.getByTestId('wizard-next'));
    expect(screen.getByTestId('order-wizard').dataset.step).toBe('measures');
    expect(document.querySelector('[data-field="order.measures"]')).toHaveTextContent('Obavezno polje');
    expect(screen.getByText('Privremeno udaljenje učinioca iz stana')).toBeInTheDocument();
    expect(screen.queryByTestId('wizard-dwelling')).toBeNull();
    await fireEvent.click(screen.getByTestId('wizard-measure-removal_from_dwelling'));
    await fireEvent.click(screen.getByTestId('wizard-measure-contact_ban'));
    // The removal names the dwelling: the (only) perpetrator's address, editable.
    expect((screen.getByTestId('wizard-dwelling') as HTMLInputElement).value).toBe(home);
    await fireEvent.input(screen.getByTestId('wizard-dwelling'), { target: { value: `${home}, Novi Sad` } });
    await fireEvent.click(screen.getByTestId('wizard-next'));

    // (c) The only perpetrator and the victim are chosen; the child can be added.
    expect(screen.getByTestId('order-wizard').dataset.step).toBe('people');
    expect((screen.getByTestId('wizard-perpetrator') as HTMLInputElement).checked).toBe(true);
    const protectedBoxes = screen.getAllByTestId('wizard-protected') as HTMLInputElement[];
    expect(protectedBoxes.map((b) => [b.dataset.personId, b.checked])).toEqual([['p-v', true], ['p-c', false]]);
    await fireEvent.click(protectedBoxes[1]);
    // Neither a date of birth nor a JMBG: the officer confirms he was an adult, or stays.
    const adult = screen.getByTestId('wizard-adult-confirmed') as HTMLInputElement;
    expect(adult.checked).toBe(false);
    await fireEvent.click(screen.getByTestId('wizard-next'));
    expect(screen.getByTestId('order-wizard').dataset.step).toBe('people');
    expect(document.querySelector('[data-field="order.perpetrator_adult_confirmed"]')).toHaveTextContent('Obavezno polje');
    await fireEvent.click(adult);
    await fireEvent.click(screen.getByTestId('wizard-next'));

    // (d) Reasons are required; the police administration follows the municipality.
    expect(screen.getByTestId('order-wizard').dataset.step).toBe('reasons');
    expect((screen.getByTestId('wizard-police-administration') as HTMLSelectElement).value).toBe('PU Novi Sad');
    await fireEvent.click(screen.getByTestId('wizard-next'));
    expect(screen.getByTestId('order-wizard').dataset.step).toBe('reasons');
    await fireEvent.input(screen.getByTestId('wizard-reasons'), { target: { value: 'Pretnje ubistvom, puška u stanu.' } });
    await fireEvent.input(screen.getByTestId('wizard-police-station'), { target: { value: 'PS Liman' } });
    await fireEvent.click(screen.getByTestId('wizard-next'));

    // (e) Review and issue.
    expect(screen.getByTestId('order-wizard').dataset.step).toBe('review');
    expect(screen.getByTestId('wizard-duration')).toHaveTextContent('Mere traju 48 sati od uručenja naređenja učiniocu.');
    expect(screen.getByTestId('wizard-review')).toHaveTextContent('Marko Petrović');
    expect(screen.getByTestId('wizard-review-dwelling')).toHaveTextContent(`${home}, Novi Sad`);
    expect(screen.getByTestId('wizard-review')).toHaveTextContent('Jelena Petrović, Ana Petrović');
    await fireEvent.click(screen.getByTestId('wizard-issue'));
    await waitFor(() => expect(app.screen).toEqual({ name: 'order', caseId: 'c1', orderId: 'o1' }));
    expect(saved.at(-1)).toEqual({
      measures: ['removal_from_dwelling', 'contact_ban'], perpetrator: 'p-p', protected: ['p-v', 'p-c'], dwelling: `${home}, Novi Sad`,
      perpetrator_adult_confirmed: true, legal_basis: 'zsnp2016_art17',
      reasons: 'Pretnje ubistvom, puška u stanu.', assessment: 'a0', police_administration: 'PU Novi Sad', police_station: 'PS Liman',
      victim_municipality: 'Novi Sad',
    });
    const order_ = calls.map((c) => c.cmd);
    expect(order_.lastIndexOf('save_order_draft')).toBeLessThan(order_.indexOf('issue_order'));
    // The first save created the draft; later saves name it.
    const ids = calls.filter((c) => c.cmd === 'save_order_draft').map((c) => (c.args as { req: { id: string | null } }).req.id);
    expect(ids[0]).toBeNull();
    expect(ids.slice(1).every((id) => id === 'o1')).toBe(true);
  });

  it('takes the incident address for the dwelling when the only perpetrator has none recorded', async () => {
    mockCommands({
      open_case: () => caseView({ people }),
      list_instruments: () => [instrument],
      save_order_draft: () => orderView(),
    });
    render(OrderWizard, { caseId: 'c1', orderId: null });
    await screen.findByTestId('wizard-assessment');
    await fireEvent.click(screen.getByTestId('wizard-next'));
    await fireEvent.click(screen.getByTestId('wizard-measure-removal_from_dwelling'));
    expect((screen.getByTestId('wizard-dwelling') as HTMLInputElement).value).toBe('Bulevar oslobođenja 12');
  });

  it('prefills the dwelling once a perpetrator is chosen, asks for it when there is no address, and asks adulthood only when nothing tells it', async () => {
    const saved: OrderContent[] = [];
    const withJmbg = { ...person('p-q', 'perpetrator', 'Petar'), jmbg: '0101990710006', address: 'Njegoševa 5' };
    mockCommands({
      open_case: () => caseView({ people: [...people, withJmbg] }),
      list_instruments: () => [instrument],
      // Two perpetrators: core proposes neither.
      order_wizard: () => wizardStart({ perpetrator: null }),
      save_order_draft: (args) => {
        const req = (args as { req: { content: OrderContent } }).req;
        saved.push(req.content);
        return { ...orderView(), order: { ...order({ issued: null, events: [] }), content: req.content }, issues: req.content.dwelling ? [{ field: 'order.dwelling', code: 'too_long', max_chars: 200 }] : [] };
      },
    });
    render(OrderWizard, { caseId: 'c1', orderId: null });
    await screen.findByTestId('wizard-assessment');
    await fireEvent.click(screen.getByTestId('wizard-next'));
    // Two perpetrators: none is chosen yet, so nothing to prefill from; the field is required.
    await fireEvent.click(screen.getByTestId('wizard-measure-removal_from_dwelling'));
    expect((screen.getByTestId('wizard-dwelling') as HTMLInputElement).value).toBe('');
    await fireEvent.click(screen.getByTestId('wizard-next'));
    expect(screen.getByTestId('order-wizard').dataset.step).toBe('measures');
    expect(document.querySelector('[data-testid="field-error"][data-field="order.dwelling"]')).toHaveTextContent('Obavezno polje');
    // Back to contact ban only; the people step, then the removal again once Petar is chosen.
    await fireEvent.click(screen.getByTestId('wizard-measure-removal_from_dwelling'));
    await fireEvent.click(screen.getByTestId('wizard-measure-contact_ban'));
    await fireEvent.click(screen.getByTestId('wizard-next'));
    expect(screen.getByTestId('order-wizard').dataset.step).toBe('people');
    const petar = screen.getAllByTestId('wizard-perpetrator').find((r) => r.dataset.personId === 'p-q')!;
    await fireEvent.click(petar);
    // His JMBG tells his age: no confirmation asked.
    expect(screen.queryByTestId('wizard-adult-confirmed')).toBeNull();
    const marko = screen.getAllByTestId('wizard-perpetrator').find((r) => r.dataset.personId === 'p-p')!;
    await fireEvent.click(marko);
    expect(screen.getByTestId('wizard-adult-confirmed')).toBeInTheDocument();
    await fireEvent.click(petar);
    await fireEvent.click(screen.getByTestId('wizard-step-measures'));
    await fireEvent.click(screen.getByTestId('wizard-measure-removal_from_dwelling'));
    expect((screen.getByTestId('wizard-dwelling') as HTMLInputElement).value).toBe('Njegoševa 5');
    // The server's problem with the dwelling is shown on the measures step.
    await fireEvent.click(screen.getByTestId('wizard-next'));
    await waitFor(() => expect(saved.at(-1)?.dwelling).toBe('Njegoševa 5'));
    expect(saved.at(-1)?.perpetrator).toBe('p-q');
    expect(screen.getByTestId('order-wizard').dataset.step).toBe('people');
    await fireEvent.click(screen.getByTestId('wizard-step-measures'));
    await waitFor(() => expect(document.querySelector('[data-testid="field-error"][data-field="order.dwelling"]')).toHaveTextContent('Duže od 200 znakova'));
  });

  it('explains when there is no completed assessment and offers to assess the risk', async () => {
    mockCommands({ open_case: () => caseView({ assessments: [] }), list_instruments: () => [instrument] });
    render(OrderWizard, { caseId: 'c1', orderId: null });
    expect(await screen.findByTestId('wizard-no-assessment')).toHaveTextContent('Prvo procenite rizik.');
    expect(screen.getByTestId('wizard-assess')).toBeEnabled();
  });

  it('does not start an order on a case that is not recorded', async () => {
    mockCommands({ open_case: () => caseView({ version: 0, status: 'draft' }), list_instruments: () => [instrument] });
    render(OrderWizard, { caseId: 'c1', orderId: null });
    expect(await screen.findByTestId('wizard-not-recorded')).toBeInTheDocument();
    expect(screen.queryByTestId('wizard-next')).toBeNull();
  });
});

describe('order wizard: core’s starting point', () => {
  it('starts a new order from core’s proposal and offers core’s police administrations', async () => {
    const saved: OrderContent[] = [];
    mockCommands({
      open_case: () => caseView(),
      list_instruments: () => [instrument],
      order_wizard: () => wizardStart({ police_administration: 'PU Sombor', victim_municipality: 'Sombor' }),
      save_order_draft: (args) => {
        const req = (args as { req: { content: OrderContent } }).req;
        saved.push(req.content);
        return { ...orderView(), order: { ...order({ issued: null, events: [] }), content: req.content }, issues: [] };
      },
    });
    render(OrderWizard, { caseId: 'c1', orderId: null });
    expect(((await screen.findByTestId('wizard-assessment')) as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(screen.getByTestId('wizard-next'));
    await waitFor(() => expect(saved.length).toBeGreaterThan(0));
    expect(saved[0]).toMatchObject({ perpetrator: 'p-p', protected: ['p-v'], assessment: 'a0', police_administration: 'PU Sombor', victim_municipality: 'Sombor' });
    await fireEvent.click(screen.getByTestId('wizard-measure-contact_ban'));
    await fireEvent.click(screen.getByTestId('wizard-next'));
    await fireEvent.click(screen.getByTestId('wizard-adult-confirmed'));
    await fireEvent.click(screen.getByTestId('wizard-next'));
    expect(screen.getByTestId('order-wizard').dataset.step).toBe('reasons');
    const pu = (await screen.findByTestId('wizard-police-administration')) as HTMLSelectElement;
    expect([...pu.options].map((o) => o.value).filter(Boolean)).toEqual(['PU za grad Beograd', 'PU Novi Sad', 'PU Subotica', 'PU Sombor']);
    expect(pu.value).toBe('PU Sombor');
  });
});
