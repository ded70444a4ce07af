// Tests mock the Tauri boundary (`invoke`); each test installs handlers per command. The order
// wizard's starting point (core's proposal for the fixture case) and `set_purpose` (core takes
// the purpose and answers nothing) are answered unless a test says.
import { invoke } from '@tauri-apps/api/core';
import { vi } from 'vitest';
import { wizardStart } from './fixtures';

export type Handler = (args: Record<string, unknown> | undefined) => unknown;

export function mockCommands(handlers: Record<string, Handler>) {
  const calls: { cmd: string; args: Record<string, unknown> | undefined }[] = [];
  vi.mocked(invoke).mockImplementation(async (cmd: string, args?: unknown) => {
    calls.push({ cmd, args: args as Record<string, unknown> | undefined });
    const h = handlers[cmd] ?? (cmd === 'order_wizard' ? () => wizardStart() : cmd === 'set_purpose' ? () => null : undefined);
    if (!h) throw { code: 'unknown', message: `unmocked command ${cmd}` };
    return h(args as Record<string, unknown> | undefined);
  });
  return calls;
}
