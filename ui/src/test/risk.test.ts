// The risk assessment screen: answers autosave and the computed level follows the server's
// evaluation; the final level is never offered below the computed one, and raising it requires
// a reason.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AssessmentView, RiskLevel } from '$lib/bindings';
import { RISK_LEVELS } from '$lib/enums';
import { setLanguage } from '$lib/i18n.svelte';
import { levelsFrom, needsRaiseReason } from '$lib/risk';
import { mockCommands } from './mock';
import { assessmentView, caseView, evaluation } from './fixtures';
import FinalLevel from '../components/FinalLevel.svelte';
import RiskScreen from '../screens/RiskScreen.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  setLanguage('sr-Latn');
  localStorage.clear();
});

describe('final risk level', () => {
  it('offers the computed level and the levels above it, never below', () => {
    for (const computed of RISK_LEVELS) {
      const offered = levelsFrom(computed);
      expect(offered[0]).toBe(computed);
      expect(offered).toEqual(RISK_LEVELS.slice(RISK_LEVELS.indexOf(computed)));
      for (const l of offered) expect(needsRaiseReason(l, computed)).toBe(l !== computed);
    }
  });

  it('shows only those levels, asks for a reason when raised, and follows a rising computed level', async () => {
    const { rerender } = render(FinalLevel, { computed: 'medium' as RiskLevel, level: 'medium' as RiskLevel, reason: '' });
    const offered = () => [...document.querySelectorAll('input[name="risk-final-level"]')].map((i) => (i as HTMLInputElement).value);
    expect(offered()).toEqual(['medium', 'high', 'extreme']);
    expect(screen.queryByTestId('risk-final-low')).toBeNull();
    expect(screen.queryByTestId('risk-raise-reason')).toBeNull();
    await fireEvent.click(screen.getByTestId('risk-final-extreme'));
    const reason = await screen.findByTestId('risk-raise-reason');
    expect(reason).toHaveAttribute('aria-required', 'true');
    expect(screen.getByText('Razlog za povećanje nivoa rizika')).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId('risk-final-medium'));
    await waitFor(() => expect(screen.queryByTestId('risk-raise-reason')).toBeNull());
    await rerender({ computed: 'high' as RiskLevel, level: 'medium' as RiskLevel, reason: '' });
    await tick();
    expect(offered()).toEqual(['high', 'extreme']);
    expect((screen.getByTestId('risk-final-high') as HTMLInputElement).checked).toBe(true);
  });
});

describe('risk assessment screen', () => {
  it('autosaves answers, shows the computed level with the rules that fired, and completes with a raised level and its reason', async () => {
    let view: AssessmentView = assessmentView('low');
    const calls = mockCommands({
      get_assessment: () => view,
      open_case: () => caseView(),
      save_assessment: (args) => {
        const req = (args as { req: { answers: Record<string, { answer: string }>; officer_believes_in_danger: boolean | null } }).req;
        const weapon = req.answers['weapon-access']?.answer === 'yes';
        view = {
          ...view,
          assessment: { ...view.assessment, answers: req.answers as AssessmentView['assessment']['answers'] },
          evaluation: evaluation(weapon ? 'high' : 'low'),
          problems: weapon && !(req.answers['weapon-access'] as { note?: string }).note ? [{ item: 'weapon-access', code: 'note_required' }] : [],
        };
        return view;
      },
      complete_assessment: (args) => {
        const req = (args as { req: { final_level: string; raise_reason: string | null } }).req;
        if (req.final_level === 'extreme' && !req.raise_reason) {
          throw { code: 'invalid', message: '', fields: [{ field: 'assessment.raise_reason', code: 'required' }] };
        }
        view = {
          ...view,
          assessment: {
            ...view.assessment,
            completed: { at: '2026-10-24T08:00:00Z', by: 'NS1234', evaluation: evaluation('high'), final_level: 'extreme', raise_reason: req.raise_reason, reassessment_due_at: '2026-10-25T08:00:00Z' },
          },
        };
        return view;
      },
    });
    render(RiskScreen, { caseId: 'c1', assessmentId: 'a1' });
    const items = await screen.findAllByTestId('risk-item');
    expect(items).toHaveLength(2);
    // The highlighted factor says so in words and with an icon, not by colour alone.
    const weapon = items.find((i) => i.dataset.item === 'weapon-access')!;
    expect(weapon.dataset.highlight).toBe('true');
    expect(within(weapon).getByText('Ključni faktor rizika')).toBeInTheDocument();
    expect(within(weapon).getByText('Objašnjenje')).toBeInTheDocument();
    expect(within(weapon).getByText('(obavezno uz odgovor „da“)')).toBeInTheDocument();
    // No "not answered" noise before the officer tries to complete.
    expect(screen.queryAllByTestId('answer-problem')).toHaveLength(0);
    expect(screen.getByTestId('risk-computed').dataset.level).toBe('low');

    await fireEvent.click(within(weapon).getByTestId('risk-answer-yes'));
    await waitFor(() => expect(screen.getByTestId('risk-computed').dataset.level).toBe('high'));
    expect(screen.getByTestId('risk-fired')).toHaveTextContent('Pretnja ubistvom ili oružje');
    expect(within(weapon).getByTestId('answer-problem').dataset.code).toBe('note_required');
    expect(within(weapon).getByText('(obavezno)')).toBeInTheDocument();
    const save = calls.filter((c) => c.cmd === 'save_assessment').at(-1)!;
    expect(save.args).toMatchObject({ req: { id: 'a1', answers: { 'weapon-access': { answer: 'yes', note: '' } } } });

    // Only high and extreme are offered now; raising without a reason is refused inline.
    const offered = [...document.querySelectorAll('input[name="risk-final-level"]')].map((i) => (i as HTMLInputElement).value);
    expect(offered).toEqual(['high', 'extreme']);
    await fireEvent.click(screen.getByTestId('risk-final-extreme'));
    await fireEvent.click(screen.getByTestId('risk-complete'));
    await waitFor(() => expect(document.querySelector('[data-field="assessment.raise_reason"]')).toHaveTextContent('Obavezno polje'));
    await fireEvent.input(screen.getByTestId('risk-raise-reason'), { target: { value: 'Puška u stanu, učinilac pijan.' } });
    await fireEvent.click(screen.getByTestId('risk-complete'));
    await screen.findByTestId('risk-completed');
    const complete = calls.filter((c) => c.cmd === 'complete_assessment').at(-1)!;
    expect(complete.args).toEqual({ req: { id: 'a1', final_level: 'extreme', raise_reason: 'Puška u stanu, učinilac pijan.' } });
    expect(screen.getByTestId('risk-computed').dataset.level).toBe('extreme');
  });

  it('shows one question per step when the officer chooses it, and remembers the choice', async () => {
    mockCommands({ get_assessment: () => assessmentView('low'), open_case: () => caseView() });
    render(RiskScreen, { caseId: 'c1', assessmentId: 'a1' });
    await screen.findAllByTestId('risk-item');
    await fireEvent.click(screen.getByTestId('risk-mode-steps'));
    expect(localStorage.getItem('zastita.risk-mode')).toBe('steps');
    expect(screen.getAllByTestId('risk-item')).toHaveLength(1);
    expect(screen.getByText('Pitanje 1 od 2')).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId('risk-next'));
    expect(screen.getByTestId('risk-item').dataset.item).toBe('substance-abuse');
    await fireEvent.click(screen.getByTestId('risk-next'));
    expect(screen.getByTestId('risk-judgement')).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId('risk-next'));
    expect(screen.getByTestId('risk-complete')).toBeInTheDocument();
  });
});
