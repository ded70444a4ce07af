import { render, screen, fireEvent, waitFor } from '@testing-library/svelte';
import { expect, it, vi } from 'vitest';
import { mockCommands } from './mock';
vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
it('flushes the pending autosave before locking and returns to the same case after unlocking', async () => {
  const { app, lockNow } = await import('$lib/app.svelte');
  const { default: App } = await import('../App.svelte');
  let unlockedNow = true;
  const saved: unknown[] = [];
  const calls = mockCommands({
    get_prefs: () => ({ language: 'sr-Latn', auto_lock_minutes: 5, theme: 'system' }),
    app_status: () => ({
      store_dir: '/x',
      store_exists: true,
      officer: unlockedNow ? { badge: '12345', name: 'A', role: 'competent', rank: '' } : null,
      device: { device_id: 'd', officers: ['12345'], consecutive_failures: 0, locked_until: null, attempts_before_wipe: null, wiped: false, revoked: false },
    }),
    list_cases: () => [],
    save_case_draft: (a) => {
      saved.push(a);
      return { id: 'c9', saved_at: '2024-07-01T10:00:00Z', issues: [] };
    },
    lock: () => {
      unlockedNow = false;
      return null;
    },
    unlock: () => {
      unlockedNow = true;
      return { badge: '12345', name: 'A' };
    },
    open_case: () => ({
      file: {
        format: 'zastita-case', format_version: 1, id: 'c9', status: 'draft', version: 0, created_at: '2024-07-01T10:00:00Z',
        created_by: '12345', people: [], statements: [],
        incident: { reported_at: null, police_arrived_at: null, address: '', municipality: '', location: null, reported_by: null, forms_of_violence: [], weapons_present: null, weapons: [], injuries: '', children_present: null, narrative: '' },
      },
      draft: {
        people: [],
        incident: { reported_at: null, police_arrived_at: null, address: 'Dunavska 3', municipality: '', location: null, reported_by: null, forms_of_violence: [], weapons_present: null, weapons: [], injuries: '', children_present: null, narrative: '' },
      },
      issues: [],
    }),
  });
  render(App);
  await fireEvent.click(await screen.findByTestId('case-new'));
  await fireEvent.input(await screen.findByTestId('incident-address'), { target: { value: 'Dunavska 3' } });
  await lockNow();
  expect(saved).toHaveLength(1);
  const order = calls.map((c) => c.cmd);
  expect(order.indexOf('save_case_draft')).toBeLessThan(order.indexOf('lock'));
  expect(app.resume).toEqual({ name: 'case-form', id: 'c9' });

  await fireEvent.input(await screen.findByTestId('unlock-passphrase'), { target: { value: 'tajna lozinka' } });
  await fireEvent.click(screen.getByTestId('unlock-submit'));
  const address = (await screen.findByTestId('incident-address')) as HTMLInputElement;
  await waitFor(() => expect(address.value).toBe('Dunavska 3'));
  expect(calls.some((c) => c.cmd === 'open_case' && c.args?.id === 'c9')).toBe(true);
});
