// The purpose question (EU Directive 2016/680 logging): the form and dialog, the retry of a refused consultation,
// the case list's inline question and the timeline's purposes.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { app } from '$lib/app.svelte';
import { setLanguage } from '$lib/i18n.svelte';
import { call, setPurposeAsker } from '$lib/ipc';
import { timelineLines } from '$lib/timeline';
import type { TimelineEvent } from '$lib/bindings';
import { mockCommands } from './mock';
import { caseView, instrument } from './fixtures';
import PurposeDialog from '../components/PurposeDialog.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  setLanguage('en');
  app.lastPurpose = null;
});

const required = (caseId?: string) => ({ code: 'purpose_required', message: 'say why', ...(caseId ? { case_id: caseId } : {}) });

describe('purpose dialog', () => {
  it('needs a choice, takes the words, gives them to core and reports the code', async () => {
    const calls = mockCommands({ set_purpose: () => null });
    const ondone = vi.fn();
    const oncancel = vi.fn();
    render(PurposeDialog, { caseId: 'c1', ondone, oncancel });
    const dialog = screen.getByRole('dialog', { name: 'Why are you opening this case?' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    // Focus starts on the first choice, so arrows and Enter answer it.
    const first = within(dialog).getByRole('radio', { name: 'Responding to the call' });
    expect(document.activeElement).toBe(first);
    expect(within(dialog).getAllByRole('radio')).toHaveLength(5);

    await fireEvent.submit(within(dialog).getByTestId('purpose-form'));
    expect(await within(dialog).findByTestId('purpose-missing')).toHaveTextContent('Choose a purpose.');
    expect(calls.filter((c) => c.cmd === 'set_purpose')).toHaveLength(0);

    await fireEvent.click(within(dialog).getByRole('radio', { name: "Prosecutor's or court's request" }));
    await fireEvent.input(within(dialog).getByLabelText('In your own words (optional)'), { target: { value: '  KT 117/26 ' } });
    await fireEvent.submit(within(dialog).getByTestId('purpose-form'));
    await waitFor(() => expect(ondone).toHaveBeenCalledWith('judicial_request'));
    expect(calls.find((c) => c.cmd === 'set_purpose')?.args).toEqual({
      req: { case_id: 'c1', purpose: { code: 'judicial_request', text: 'KT 117/26' } },
    });
    expect(oncancel).not.toHaveBeenCalled();
  });

  it("shows core's refusal of the words on the field, translated, and Escape cancels", async () => {
    setLanguage('sr-Latn');
    mockCommands({
      set_purpose: () => {
        throw { code: 'invalid', message: 'x', fields: [{ field: 'purpose.text', code: 'too_long', max_chars: 200 }] };
      },
    });
    const ondone = vi.fn();
    const oncancel = vi.fn();
    render(PurposeDialog, { caseId: 'c1', initial: 'follow_up', ondone, oncancel });
    const dialog = screen.getByRole('dialog');
    // The last purpose of the session is offered first: Enter confirms it.
    expect(within(dialog).getByTestId('purpose-code-follow_up')).toBeChecked();
    expect(document.activeElement).toBe(within(dialog).getByTestId('purpose-code-follow_up'));
    await fireEvent.input(within(dialog).getByTestId('purpose-text'), { target: { value: 'x'.repeat(199) + 'yy' } });
    await fireEvent.submit(within(dialog).getByTestId('purpose-form'));
    const problem = await within(dialog).findByTestId('field-error');
    expect(problem).toHaveAttribute('data-field', 'purpose.text');
    expect(problem.textContent?.trim()).not.toBe('');
    expect(ondone).not.toHaveBeenCalled();
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(oncancel).toHaveBeenCalledTimes(1);
  });
});

describe('a refused consultation', () => {
  it('asks once for the case, then the same call goes through; calls refused together wait for the one answer', async () => {
    let given = false;
    const calls = mockCommands({
      open_case: () => {
        if (!given) throw required('c1');
        return 'view';
      },
      case_timeline: () => {
        if (!given) throw required('c1');
        return [];
      },
    });
    const asker = vi.fn(async () => {
      given = true;
      return true;
    });
    const off = setPurposeAsker(asker);
    try {
      const [a, b] = await Promise.all([call('open_case', { id: 'c1' }), call('case_timeline', { id: 'c1' })]);
      expect([a, b]).toEqual(['view', []]);
      expect(asker).toHaveBeenCalledTimes(1);
      expect(asker).toHaveBeenCalledWith('c1');
      expect(calls.map((c) => c.cmd)).toEqual(['open_case', 'case_timeline', 'open_case', 'case_timeline']);
    } finally {
      off();
    }
  });

  it('rejects with purpose_required when the officer cancels, and never asks for the list', async () => {
    const calls = mockCommands({ open_case: () => Promise.reject(required('c1')), list_cases: () => Promise.reject(required()) });
    const asker = vi.fn(async () => false);
    const off = setPurposeAsker(asker);
    try {
      await expect(call('open_case', { id: 'c1' })).rejects.toMatchObject({ code: 'purpose_required', case_id: 'c1' });
      await expect(call('list_cases', { req: {} })).rejects.toMatchObject({ code: 'purpose_required' });
      expect(asker).toHaveBeenCalledTimes(1);
      expect(calls.map((c) => c.cmd)).toEqual(['open_case', 'list_cases']);
    } finally {
      off();
    }
  });
});

describe('the shell', () => {
  it('asks the list inline with "new case" at hand, then a case in a dialog offering the same purpose, and opens it', async () => {
    const { default: App } = await import('../App.svelte');
    const purposes: unknown[] = [];
    let listPurpose = false;
    let casePurpose = false;
    const calls = mockCommands({
      get_prefs: () => ({ language: 'en', auto_lock_minutes: 5, theme: 'system' }),
      app_status: () => ({
        store_dir: '/x',
        store_exists: true,
        officer: { badge: 'NS1234', name: 'A', role: 'patrol', rank: '' },
        device: { device_id: 'd', officers: ['NS1234'], consecutive_failures: 0, locked_until: null, attempts_before_wipe: null, wiped: false },
      }),
      set_purpose: (a) => {
        const req = (a as { req: { case_id: string | null } }).req;
        purposes.push(req);
        if (req.case_id) casePurpose = true;
        else listPurpose = true;
        return null;
      },
      list_cases: () => {
        if (!listPurpose) throw required();
        return [
          {
            id: 'c1', status: 'recorded', version: 1, has_draft: false, sort_at: '2026-10-24T08:00:00Z', reported_at: '2026-10-24T08:00:00Z',
            address: 'Dunavska 3', municipality: 'Novi Sad', victims: ['Jelena'], perpetrators: ['Marko'], firearm: false,
            legal: { orders: [], risk: null, repeat_perpetrator: false },
          },
        ];
      },
      open_case: () => {
        if (!casePurpose) throw required('c1');
        return caseView();
      },
      case_timeline: (): TimelineEvent[] => [
        { at: '2026-10-24T08:00:00Z', officer: 'NS1234', action: 'record', outcome: 'ok', target: 'case:c1' },
        { at: '2026-10-25T18:00:00Z', officer: 'NS1234', action: 'view', outcome: 'ok', target: 'case:c1', purpose: 'follow_up', purpose_text: 'KT 117/26' },
        { at: '2026-10-25T18:00:01Z', officer: 'NS1234', action: 'view', outcome: 'ok', target: 'timeline:c1', purpose: 'follow_up', purpose_text: 'KT 117/26' },
      ],
      case_documents: () => [],
      list_instruments: () => [instrument],
    });
    render(App);
    const inline = await screen.findByTestId('case-list-purpose');
    // Nothing hides the way to a new call.
    expect(screen.getByTestId('case-new')).toBeEnabled();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByTestId('case-row')).toBeNull();
    await fireEvent.click(within(inline).getByRole('radio', { name: 'Follow-up of the case' }));
    await fireEvent.submit(within(inline).getByTestId('purpose-form'));
    const row = await screen.findByTestId('case-row');
    expect(purposes).toEqual([{ case_id: null, purpose: { code: 'follow_up' } }]);

    await fireEvent.click(row);
    const dialog = await screen.findByRole('dialog', { name: 'Why are you opening this case?' });
    expect(within(dialog).getByTestId('purpose-code-follow_up')).toBeChecked();
    await fireEvent.submit(within(dialog).getByTestId('purpose-form'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(purposes[1]).toEqual({ case_id: 'c1', purpose: { code: 'follow_up' } });
    // The refused open_case was made again and the case is shown, with who looked and why.
    const opens = calls.filter((c) => c.cmd === 'open_case');
    expect(opens).toHaveLength(2);
    const timeline = await screen.findByTestId('case-timeline');
    const lines = await within(timeline).findAllByTestId('timeline-event');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toHaveTextContent('Case viewed, History viewed');
    expect(lines[1]).toHaveTextContent('(2 times)');
    expect(within(lines[1]).getByTestId('timeline-purpose')).toHaveTextContent('Purpose: Follow-up of the case “KT 117/26”');
    expect(app.lastPurpose).toBe('follow_up');
    // The whole shell renders several screens: room for a loaded machine, no timing asserted.
  }, 20_000);
});

describe('timeline lines', () => {
  const ev = (over: Partial<TimelineEvent>): TimelineEvent => ({ at: '2026-10-25T18:00:00Z', officer: 'NS1234', action: 'view', outcome: 'ok', target: 'case:c1', ...over });
  it('gathers one officer\'s consecutive looks for one purpose and keeps everything else apart', () => {
    const lines = timelineLines([
      ev({ purpose: 'follow_up' }),
      ev({ purpose: 'follow_up', target: 'order:o1' }),
      ev({ purpose: 'follow_up', target: 'case:c1' }),
      ev({ purpose: 'station_review' }),
      ev({ purpose: 'station_review', officer: 'NS9' }),
      ev({ action: 'export', target: 'document:d1', purpose: 'station_review' }),
      ev({ action: 'export', target: 'case:c1', purpose: 'judicial_request', recipient: 'OJT' }),
      ev({ action: 'view' }),
    ]);
    expect(lines.map((l) => [l.keys, l.count])).toEqual([
      [['timeline-viewed-case', 'timeline-viewed-order'], 3],
      [['timeline-viewed-case'], 1],
      [['timeline-viewed-case'], 1],
      [['timeline-exported-document'], 1],
      [['timeline-action-export'], 1],
      [['timeline-viewed-case'], 1],
    ]);
  });
});
