// Tests mock the Tauri boundary (`invoke`); each test installs handlers per command. The order
// wizard's starting point (core's proposal for the fixture case), `set_purpose` (core takes
// the purpose and answers nothing), `person_history` (nothing known about the person) and
// `violation_reports` (none) are answered unless a test says.
import { invoke } from '@tauri-apps/api/core';
import { vi } from 'vitest';
import { emptyHistory, wizardStart } from './fixtures';

export type Handler = (args: Record<string, unknown> | undefined) => unknown;

const defaults: Record<string, Handler> = {
  order_wizard: () => wizardStart(),
  set_purpose: () => null,
  violation_reports: () => [],
  person_history: (args) => {
    const req = args?.req as { case_id: string; person_id: string };
    return emptyHistory(req.case_id, req.person_id);
  },
};

export function mockCommands(handlers: Record<string, Handler>) {
  const calls: { cmd: string; args: Record<string, unknown> | undefined }[] = [];
  vi.mocked(invoke).mockImplementation(async (cmd: string, args?: unknown) => {
    calls.push({ cmd, args: args as Record<string, unknown> | undefined });
    const h = handlers[cmd] ?? defaults[cmd];
    if (!h) throw { code: 'unknown', message: `unmocked command ${cmd}` };
    return h(args as Record<string, unknown> | undefined);
  });
  return calls;
}
